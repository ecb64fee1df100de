package dev.taskagent.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the one artifact: {@code serve} (the default) runs the HTTP server; {@code run} runs one task and
 * exits; {@code mcp} speaks MCP on stdin/stdout. Settings that Quarkus reads at start-up — whether to open the HTTP port, where logs go, the workspace — are
 * fixed here, before it starts, from the command line.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty()
                && (arguments.get(0).equals("run") || arguments.get(0).equals("mcp"))) {
            // a one-shot task opens no port and keeps stdout for the answer; mcp keeps it for the protocol
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.console.stderr", "true");
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
            System.setProperty("quarkus.banner.enabled", "false");
            int workspace = arguments.indexOf("--workspace");
            if (workspace > 0 && workspace + 1 < arguments.size()) {
                System.setProperty("task-agent.tools.file-search.roots", arguments.get(workspace + 1));
            }
            arguments.stream()
                    .filter(a -> a.startsWith("--workspace="))
                    .findFirst()
                    .ifPresent(a -> System.setProperty(
                            "task-agent.tools.file-search.roots", a.substring("--workspace=".length())));
        }
        Quarkus.run(PicocliRunner.class, args);
    }
}
