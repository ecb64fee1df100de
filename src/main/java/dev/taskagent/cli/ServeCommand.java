package dev.taskagent.cli;

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

    public ServeCommand(Preload preload) {
        this.preload = preload;
    }

    @Override
    public void run() {
        preload.start();
        Quarkus.waitForExit();
    }
}
