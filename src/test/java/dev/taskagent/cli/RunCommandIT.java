package dev.taskagent.cli;

import dev.taskagent.support.SharedOpenAiMockResource;
import dev.taskagent.support.SmokeRerun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same command-line checks against the packaged application, started through its real main. */
@SmokeRerun
@QuarkusMainIntegrationTest
@WithTestResource(SharedOpenAiMockResource.class)
class RunCommandIT extends RunCommandTest {}
