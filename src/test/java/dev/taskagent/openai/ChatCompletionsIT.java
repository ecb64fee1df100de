package dev.taskagent.openai;

import dev.taskagent.support.ApiKeyResource;
import dev.taskagent.support.OpenAiMockResource;
import dev.taskagent.support.SendsTestKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facade's HTTP checks against the packaged application; the LangChain4j-client ones need it in-process. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = OpenAiMockResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ApiKeyResource.class, restrictToAnnotatedClass = true)
@ExtendWith(SendsTestKey.class)
class ChatCompletionsIT extends ChatCompletionsTest {}
