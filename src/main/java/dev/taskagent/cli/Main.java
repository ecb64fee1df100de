package dev.taskagent.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of the one artifact: {@code serve} (the default) runs the HTTP server; {@code run} runs one task and
 * exits; {@code mcp} speaks MCP on stdin/stdout. Settings that Quarkus reads at start-up — whether to open the HTTP port, where logs go, the workspace — are
 * fixed here, before it starts, from the command line.
 */
@QuarkusMain
public class Main {

    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");

    public static void main(String... args) {
        List<String> arguments = Arrays.asList(args);
        if (isOneShot(arguments)) {
            // a one-shot command opens no port (so it needs no API key) and keeps stdout for what it prints: the
            // answer, or for mcp the protocol
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.console.stderr", "true");
            // warnings only, our own categories included (application.properties raises dev.taskagent to INFO for
            // the server); -Dquarkus.log.level=INFO brings the detail back
            String level = System.getProperty("quarkus.log.level", "WARN");
            System.setProperty("quarkus.log.level", level);
            System.setProperty("quarkus.log.category.\"dev.taskagent\".level", level);
            System.setProperty("quarkus.banner.enabled", "false");
            // an unusable workspace is not handed on: the command refuses it in one line (exit 2), which the file
            // tools' start-up warning about the same directory would only repeat
            workspace(arguments)
                    .filter(dir -> RunCommand.workspaceProblem(Path.of(dir)).isEmpty())
                    .ifPresent(dir -> System.setProperty("task-agent.tools.file-search.roots", dir));
        }
        Quarkus.run(PicocliRunner.class, args);
    }

    /** {@code run}, and {@code --help} or {@code --version} at any level: nothing to serve. */
    static boolean isOneShot(List<String> arguments) {
        if (!arguments.isEmpty()
                && (arguments.get(0).equals("run") || arguments.get(0).equals("mcp"))) {
            return true;
        }
        for (String argument : arguments) {
            if (argument.equals("--")) {
                return false;
            }
            if (HELP_OR_VERSION.contains(argument)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> workspace(List<String> arguments) {
        int option = arguments.indexOf("--workspace");
        if (option > 0 && option + 1 < arguments.size()) {
            return Optional.of(arguments.get(option + 1));
        }
        return arguments.stream()
                .filter(a -> a.startsWith("--workspace="))
                .findFirst()
                .map(a -> a.substring("--workspace=".length()));
    }
}
