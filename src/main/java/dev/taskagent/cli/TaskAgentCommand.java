package dev.taskagent.cli;

import dev.taskagent.mcp.server.McpCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code task-agent [serve | run TASK | mcp]}: without a subcommand it serves the HTTP API. */
@TopCommand
@Command(
        name = "task-agent",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Self-hosted agentic task API: plain-language tasks run by a model with typed tools.",
        subcommands = {ServeCommand.class, RunCommand.class, McpCommand.class})
public class TaskAgentCommand implements Runnable {

    private final ServeCommand serve;

    public TaskAgentCommand(ServeCommand serve) {
        this.serve = serve;
    }

    @Override
    public void run() {
        serve.run();
    }
}
