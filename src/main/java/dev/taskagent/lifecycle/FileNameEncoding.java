package dev.taskagent.lifecycle;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Warns at start when the JVM decodes file names in something other than UTF-8. The JVM takes that encoding
 * ({@code sun.jnu.encoding}) from the locale at start-up and ignores {@code -Dsun.jnu.encoding}; under
 * {@code LANG=C} a file named {@code café.txt} is listed as {@code caf??.txt} and cannot be opened by its name. The
 * images set {@code LANG=C.UTF-8}; this catches any other launch.
 */
@ApplicationScoped
public class FileNameEncoding {

    private static final Logger LOG = Logger.getLogger(FileNameEncoding.class);

    void check(@Observes StartupEvent event) {
        warning(System.getProperty("sun.jnu.encoding"), System.getenv("LC_ALL"), System.getenv("LANG"))
                .ifPresent(LOG::warn);
    }

    /** The warning for this file-name encoding and locale, or empty when file names are UTF-8. */
    static Optional<String> warning(String encoding, String lcAll, String lang) {
        if ("UTF-8".equalsIgnoreCase(encoding) || "UTF8".equalsIgnoreCase(encoding)) {
            return Optional.empty();
        }
        String locale = lcAll != null && !lcAll.isEmpty() ? "LC_ALL=" + lcAll : "LANG=" + lang;
        return Optional.of("file names are decoded as " + encoding + ", not UTF-8 (" + locale + "): files with"
                + " non-ASCII names cannot be read or searched; start the service with LANG=C.UTF-8");
    }
}
