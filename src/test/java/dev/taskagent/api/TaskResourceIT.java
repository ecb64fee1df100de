package dev.taskagent.api;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import dev.taskagent.support.SmokeRerun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same end-to-end checks against the packaged application (jar, or native binary with -Dnative), in the prod
 * profile: authentication is on, so every request carries the test key.
 */
@SmokeRerun
@QuarkusIntegrationTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
@ExtendWith(SendsTestKey.class)
class TaskResourceIT extends TaskResourceTest {}
