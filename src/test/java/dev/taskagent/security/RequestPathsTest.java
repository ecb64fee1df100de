package dev.taskagent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/v1/tasks",
                "/v1/tasks/",
                "/v1/tasks/task_3f2a/events",
                "/v1/models/mistralai%2Dsmall",
                "/q/health/live",
                "/q/swagger-ui/index.html",
                "/v1/tasks/task.1"
            })
    void givenAPlainPath_whenChecked_thenItPasses(String path) {
        assertEquals(Optional.empty(), RequestPaths.ambiguity(path));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/q/../v1/tasks",
                "/q/./v1/tasks",
                "/v1/tasks/..",
                "/v1/tasks/.",
                "/v1/.../tasks",
                "/q/%2e%2e/v1/tasks",
                "/q/%2E%2e/v1/tasks",
                "/q/.%2e/v1/tasks",
                "/q%2fv1/tasks",
                "/q%2Fv1/tasks",
                "/q/..%5cv1/tasks",
                "/q/..\\v1/tasks",
                "/q;x=y/../v1/tasks",
                "/q/..;/v1/tasks",
                "/q/%3b/v1/tasks",
                "/q/%252e%252e/v1/tasks",
                "/q/%00/v1/tasks",
                "//v1/tasks",
                "/v1//tasks",
                "v1/tasks",
                ""
            })
    void givenAPathThatNormalisingOrDecodingWouldChange_whenChecked_thenItIsRefusedWithTheReason(String path) {
        Optional<String> reason = RequestPaths.ambiguity(path);

        assertTrue(reason.isPresent(), path + " passed");
    }
}
