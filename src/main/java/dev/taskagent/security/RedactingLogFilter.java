package dev.taskagent.security;

import io.quarkus.logging.LoggingFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Redacts secrets ({@link Secrets}) from every log record before a handler writes it: its formatted message and the
 * messages of its exception chain, which may quote what the model endpoint sent. Attached to the console handler with
 * {@code quarkus.log.console.filter=redact-secrets}. Never drops a record.
 */
@LoggingFilter(name = "redact-secrets")
public final class RedactingLogFilter implements Filter {

    private final Secrets secrets;

    public RedactingLogFilter(
            @ConfigProperty(name = "task-agent.model.api-key") Optional<String> token,
            @ConfigProperty(name = "task-agent.auth.api-key-hashes") Optional<List<String>> hashes,
            @ConfigProperty(name = "task-agent.auth.api-key-hashes-file") Optional<Path> hashesFile) {
        this.secrets = Secrets.of(token, hashes, hashesFile);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String redacted = secrets.redact(message);
            if (message != null && !message.equals(redacted)) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && mentionsSecret(thrown)) {
            record.setThrown(RedactedThrowable.of(thrown, secrets));
        }
        return true;
    }

    private boolean mentionsSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(secrets.redact(message))) {
                return true;
            }
        }
        return false;
    }

    /** A copy of an exception chain with redacted messages and the original types and stack traces. */
    static final class RedactedThrowable extends RuntimeException {
        private final String type;

        private RedactedThrowable(String type, String message, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
        }

        static RedactedThrowable of(Throwable original, Secrets secrets) {
            Throwable cause = original.getCause();
            RedactedThrowable copy = new RedactedThrowable(
                    original.getClass().getName(),
                    secrets.redact(original.getMessage()),
                    cause == null || cause == original ? null : of(cause, secrets));
            copy.setStackTrace(original.getStackTrace());
            return copy;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
