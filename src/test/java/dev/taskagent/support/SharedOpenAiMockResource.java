package dev.taskagent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points each launch of a {@code @QuarkusMainTest} at the test JVM's {@link OpenAiMock#shared()} mock. */
public class SharedOpenAiMockResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return OpenAiMockResource.config(OpenAiMock.shared().baseUrl());
    }

    @Override
    public void stop() {
        // the shared mock lives as long as the test JVM
    }
}
