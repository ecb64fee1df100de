package dev.taskagent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Switches API-key authentication on, as in production, accepting the test keys below (configured, as always, by
 * their SHA-256 hashes), with per-key limits high enough for a test class; {@code initArgs} override any setting.
 */
public class ApiKeyResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY = "tk_test_main_4b1d";
    /** Further keys, so tests of per-key limits each start with a fresh allowance. */
    public static final List<String> OTHER_KEYS = List.of(
            "tk_test_a_91c2", "tk_test_b_22f0", "tk_test_c_7e5d", "tk_test_d_5a0e", "tk_test_e_3c9a", "tk_test_f_b7d1");

    private Map<String, String> overrides = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String hashes = Stream.concat(Stream.of(KEY), OTHER_KEYS.stream())
                .map(ApiKeyResource::sha256Hex)
                .collect(Collectors.joining(","));
        Map<String, String> config = new HashMap<>(Map.of(
                "task-agent.auth.enabled", "true",
                "task-agent.auth.api-key-hashes", hashes,
                "task-agent.limits.requests-per-minute", "100000",
                "task-agent.limits.burst", "10000",
                "task-agent.limits.concurrent-tasks", "100"));
        config.putAll(overrides);
        return config;
    }

    @Override
    public void stop() {}

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    public static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
