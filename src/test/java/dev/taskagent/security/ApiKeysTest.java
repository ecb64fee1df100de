package dev.taskagent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.config.TaskAgentConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

    private static final String KEY = "tk_live_3f9a0c";

    private static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void acceptsKeyWhoseHashIsConfigured() {
        ApiKeys keys = ApiKeys.parse(List.of(hash("other"), hash(KEY)), "test");

        assertTrue(keys.authenticate(KEY).isPresent());
    }

    @Test
    void refusesUnknownMissingAndEmptyKeys() {
        ApiKeys keys = ApiKeys.parse(List.of(hash(KEY)), "test");

        assertEquals(Optional.empty(), keys.authenticate("tk_live_3f9a0d"));
        assertEquals(Optional.empty(), keys.authenticate(null));
        assertEquals(Optional.empty(), keys.authenticate(""));
    }

    @Test
    void refusesTheHashItselfPresentedAsKey() {
        ApiKeys keys = ApiKeys.parse(List.of(hash(KEY)), "test");

        assertFalse(keys.authenticate(hash(KEY)).isPresent());
    }

    @Test
    void namesCallerByLabelOrByHashPrefix() {
        ApiKeys keys = ApiKeys.parse(List.of("ci:" + hash(KEY), hash("second").toUpperCase()), "test");

        assertEquals(Optional.of("ci"), keys.authenticate(KEY));
        assertEquals(Optional.of("key-" + hash("second").substring(0, 8)), keys.authenticate("second"));
    }

    @Test
    void skipsBlankLinesAndComments() {
        ApiKeys keys = ApiKeys.parse(List.of("# team keys", "", "  " + hash(KEY) + "  "), "keys.txt");

        assertEquals(1, keys.size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                KEY,
                "abc",
                "ci:" + KEY,
                "bad label:0000000000000000000000000000000000000000000000000000000000000000"
            })
    void refusesEntryThatIsNotAHashWithoutEchoingIt(String entry) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ApiKeys.parse(List.of(hash("fine"), entry), "task-agent.auth.api-key-hashes"));

        assertTrue(e.getMessage().contains("entry 2 of task-agent.auth.api-key-hashes"), e.getMessage());
        assertFalse(e.getMessage().contains(entry), "the entry is never echoed: " + e.getMessage());
    }

    @Test
    void extractsBearerTokenCaseInsensitively() {
        assertEquals(KEY, ApiKeyAuthFilter.bearer("Bearer " + KEY));
        assertEquals(KEY, ApiKeyAuthFilter.bearer("bearer   " + KEY));
        assertEquals(null, ApiKeyAuthFilter.bearer("Basic dXNlcjpwYXNz"));
        assertEquals(null, ApiKeyAuthFilter.bearer("Bearer "));
        assertEquals(null, ApiKeyAuthFilter.bearer(null));
    }

    @Test
    void refusesToStartOnARawKeyInOneLineThatSaysHowToHashItWithoutEchoingIt() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> ApiKeyAuthFilter.load(auth(List.of(KEY), null)));

        assertTrue(e.getMessage().startsWith("task-agent cannot start: entry 1 of task-agent.auth.api-key-hashes"));
        assertTrue(e.getMessage().contains("sha256sum"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(null, e.getCause(), "printed without a stack trace only when nothing is underneath");
    }

    @Test
    void refusesToStartOnAnUnreadableHashFileSayingWhichOne() {
        Path missing = Path.of("target", "no-such-keys-" + System.nanoTime() + ".txt");

        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> ApiKeyAuthFilter.load(auth(List.of(), missing)));

        assertTrue(e.getMessage().contains(missing + " cannot be read"), e.getMessage());
        assertEquals(null, e.getCause());
    }

    private static TaskAgentConfig.Auth auth(List<String> hashes, Path file) {
        return new TaskAgentConfig.Auth() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<List<String>> apiKeyHashes() {
                return Optional.of(hashes);
            }

            @Override
            public Optional<Path> apiKeyHashesFile() {
                return Optional.ofNullable(file);
            }
        };
    }
}
