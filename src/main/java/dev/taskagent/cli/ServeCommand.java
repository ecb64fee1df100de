package dev.taskagent.cli;

import dev.taskagent.scaleout.SharedTasks;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;

/** Serves the HTTP API until the process is stopped. */
@Dependent
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Serve the HTTP API (the default).")
public class ServeCommand implements Runnable {

    private final Preload preload;
    private final SharedTasks shared;

    public ServeCommand(Preload preload, SharedTasks shared) {
        this.preload = preload;
        this.shared = shared;
    }

    @Override
    public void run() {
        preload.start();
        // only a serving process takes tasks from the shared queue, never a one-off `run` or `mcp`
        shared.serve();
        Quarkus.waitForExit();
    }
}
