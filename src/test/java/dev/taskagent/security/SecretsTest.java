package dev.taskagent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets leave no text: the model token, any accepted API key, whatever follows "Bearer". */
class SecretsTest {

    private static final String TOKEN = "puter-token-0123456789abcdef";
    private static final String KEY = "tk_live_client_key_42";
    private static final Secrets SECRETS =
            new Secrets(Optional.of(TOKEN), ApiKeys.parse(List.of("ci:" + sha256Hex(KEY)), "test"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "the token anywhere                 | invalid token puter-token-0123456789abcdef! | invalid token [redacted]!",
                "an echoed Authorization header     | got 'Authorization: Bearer abc.def-ghi'    | got 'Authorization: Bearer [redacted]'",
                "bearer in any case                 | BEARER xyz123                              | BEARER [redacted]",
                "an accepted API key                | my key is tk_live_client_key_42, thanks    | my key is [redacted], thanks",
                "a key inside JSON                  | {\"k\":\"tk_live_client_key_42\"}         | {\"k\":\"[redacted]\"}",
                "a key that is not accepted         | tk_live_other_key_43                       | tk_live_other_key_43",
                "ordinary text                      | Not enough credit to run this model.       | Not enough credit to run this model."
            })
    void redacts(String what, String text, String expected) {
        assertEquals(expected, SECRETS.redact(text));
    }

    @Test
    void leavesNullAndShortTokensAlone() {
        assertNull(SECRETS.redact(null));
        Secrets shortToken = new Secrets(Optional.of("abc"), ApiKeys.parse(List.of(), "none"));
        assertEquals("abc cab", shortToken.redact("abc cab"), "a token too short to be real would mangle text");
    }

    @Test
    void logFilterRedactsTheMessageItsParametersAndTheExceptionChain() {
        RedactingLogFilter filter =
                new RedactingLogFilter(Optional.of(TOKEN), Optional.of(List.of(sha256Hex(KEY))), Optional.empty());
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "upstream said %s", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(new Object[] {"Bearer " + TOKEN});
        record.setThrown(new IllegalStateException("outer", new RuntimeException("key " + KEY)));

        filter.isLoggable(record);

        assertEquals("upstream said Bearer [redacted]", record.getFormattedMessage());
        assertEquals("key [redacted]", record.getThrown().getCause().getMessage());
        assertEquals(
                "java.lang.RuntimeException: key [redacted]",
                record.getThrown().getCause().toString());
    }

    private static String sha256Hex(String key) {
        return java.util.HexFormat.of().formatHex(ApiKeys.sha256(key));
    }
}
