package dev.taskagent.api;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same checks against the packaged application, where authentication is on. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ApiKeyResource.class, restrictToAnnotatedClass = true)
@ExtendWith(SendsTestKey.class)
class TaskEventsIT extends TaskEventsTest {}
