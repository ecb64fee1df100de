package dev.taskagent.api;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same end-to-end checks against the packaged application (jar, or native binary with -Dnative), in the prod
 * profile: authentication is on, so every request carries the test key.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ApiKeyResource.class, restrictToAnnotatedClass = true)
@ExtendWith(SendsTestKey.class)
class TaskResourceIT extends TaskResourceTest {}
