package dev.taskagent.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The accepted API keys, held only as SHA-256 hashes. A presented key is hashed and compared with every configured
 * hash in constant time, so neither the comparison nor the number of keys checked tells an attacker anything.
 */
public final class ApiKeys {

    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    /** One accepted key: its label (used in logs and limits, never the key) and its hash. */
    private record Entry(String label, byte[] hash) {}

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses configured entries, each {@code <64 hex digits>} or {@code <label>:<64 hex digits>}. A bad entry is
     * reported by its position only: an operator who pasted a raw key by mistake must not find it in the log.
     */
    public static ApiKeys parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        int position = 0;
        for (String raw : lines) {
            position++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String label = colon < 0 ? null : line.substring(0, colon).strip();
            String hex = colon < 0 ? line : line.substring(colon + 1).strip();
            if (!HASH.matcher(hex).matches()
                    || (label != null && !LABEL.matcher(label).matches())) {
                throw new IllegalArgumentException("entry " + position + " of " + source
                        + " is not a SHA-256 hash (64 hex digits), optionally labelled as label:hash; "
                        + "hash a key with: printf %s \"$KEY\" | sha256sum");
            }
            byte[] hash = HexFormat.of().parseHex(hex.toLowerCase());
            entries.add(new Entry(
                    label != null ? label : "key-" + hex.substring(0, 8).toLowerCase(), hash));
        }
        return new ApiKeys(entries);
    }

    public ApiKeys plus(ApiKeys other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new ApiKeys(all);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The label of the key, when {@code presented} is one of the accepted keys. */
    public Optional<String> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String match = null;
        for (Entry entry : entries) {
            // every entry is compared, whatever matched before
            if (MessageDigest.isEqual(entry.hash(), hash) && match == null) {
                match = entry.label();
            }
        }
        return Optional.ofNullable(match);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
