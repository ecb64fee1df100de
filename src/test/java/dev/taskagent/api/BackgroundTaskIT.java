package dev.taskagent.api;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import dev.taskagent.support.SmokeRerun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same checks against the packaged application, where authentication is on. */
@SmokeRerun
@QuarkusIntegrationTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
@ExtendWith(SendsTestKey.class)
class BackgroundTaskIT extends BackgroundTaskTest {}
