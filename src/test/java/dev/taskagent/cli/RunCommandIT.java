package dev.taskagent.cli;

import dev.taskagent.support.SharedOpenAiMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same command-line checks against the packaged application, started through its real main. */
@QuarkusMainIntegrationTest
@QuarkusTestResource(value = SharedOpenAiMockResource.class, restrictToAnnotatedClass = true)
class RunCommandIT extends RunCommandTest {}
