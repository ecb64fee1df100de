package dev.taskagent.cli;

import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolStep;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The status line of a running {@code run}: what the task is doing and for how long, redrawn on stderr every second
 * (the first time after a second, so a quick task draws nothing) and erased when the task ends.
 */
final class Progress implements StepListener {

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** Back to the start of the line, then clear it. */
    private static final String ERASE = "\r\033[K";

    private final PrintWriter err;
    private final Duration tick;
    private final long start = System.nanoTime();
    private volatile String doing = "waiting for the model";
    private Thread ticker;
    private boolean drawn;

    Progress(PrintWriter err) {
        this(err, SECOND);
    }

    Progress(PrintWriter err, Duration tick) {
        this.err = err;
        this.tick = tick;
    }

    @Override
    public void started(String tool, String arguments) {
        doing = "running " + tool;
    }

    @Override
    public void completed(ToolStep step) {
        doing = "waiting for the model";
    }

    void start() {
        ticker = Thread.ofVirtual().name("run-progress").start(this::tick);
    }

    void stop() {
        if (ticker == null) {
            return;
        }
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawn) {
                err.print(ERASE);
                err.flush();
            }
        }
    }

    private void tick() {
        try {
            while (true) {
                Thread.sleep(tick);
                draw();
            }
        } catch (InterruptedException stopped) {
            // the task has ended
        }
    }

    private synchronized void draw() {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        err.print(ERASE + "task-agent: " + doing + " · " + seconds + " s");
        err.flush();
        drawn = true;
    }
}
