package dev.taskagent.api;

import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same end-to-end checks against the packaged application (jar, or native binary with -Dnative). */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
class TaskResourceIT extends TaskResourceTest {
}
