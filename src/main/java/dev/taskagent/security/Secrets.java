package dev.taskagent.security;

import dev.taskagent.config.TaskAgentConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the secrets out of a text before it leaves the process: the model token, any accepted API key (recognised by
 * its hash, so no key is ever held), and whatever follows {@code Bearer} (an echoed Authorization header). Applied to
 * every problem detail, tool result and log line, so an endpoint that repeats what it received cannot make the
 * service hand a secret on.
 */
@Singleton
public class Secrets {

    public static final String MARK = "[redacted]";

    /** Tokens shorter than this are not redacted as literals: they would mangle ordinary text. */
    private static final int MIN_LITERAL = 8;

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)(?!\\[redacted])[^\\s\"',;\\]\\}]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._~+/=-]{" + MIN_LITERAL + ",}");

    private final Optional<String> token;
    private final ApiKeys keys;

    @Inject
    public Secrets(TaskAgentConfig config) {
        this(
                config.model().apiKey(),
                keysOf(config.auth().apiKeyHashes(), config.auth().apiKeyHashesFile()));
    }

    Secrets(Optional<String> token, ApiKeys keys) {
        this.token = token.map(String::strip).filter(t -> t.length() >= MIN_LITERAL);
        this.keys = keys;
    }

    /** The secrets known from configuration values, for code that runs before CDI (the log filter). */
    static Secrets of(Optional<String> token, Optional<List<String>> hashes, Optional<Path> hashesFile) {
        return new Secrets(token, keysOf(hashes, hashesFile));
    }

    /** {@code text} with every secret replaced by {@value #MARK}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (token.isPresent()) {
            out = out.replace(token.get(), MARK);
        }
        out = BEARER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MARK));
        if (!keys.isEmpty()) {
            out = WORD.matcher(out)
                    .replaceAll(word -> Matcher.quoteReplacement(
                            keys.authenticate(word.group()).isPresent() ? MARK : word.group()));
        }
        return out;
    }

    private static ApiKeys keysOf(Optional<List<String>> hashes, Optional<Path> file) {
        try {
            return ApiKeyAuthFilter.read(hashes, file);
        } catch (RuntimeException unreadable) {
            // the authentication filter refuses to start on bad key settings; nothing to redact meanwhile
            return ApiKeys.parse(List.of(), "none");
        }
    }
}
