package dev.taskagent.openai;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import dev.taskagent.support.SmokeRerun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facade's HTTP checks against the packaged application; the LangChain4j-client ones need it in-process. */
@SmokeRerun
@QuarkusIntegrationTest
@WithTestResource(OpenAiMockResource.class)
@WithTestResource(ApiKeyResource.class)
@ExtendWith(SendsTestKey.class)
class ChatCompletionsIT extends ChatCompletionsTest {}
