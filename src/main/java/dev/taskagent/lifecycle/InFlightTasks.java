package dev.taskagent.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The tasks running right now, so that stopping the service lets them finish. Quarkus' graceful shutdown already
 * holds the HTTP server open for in-flight requests ({@code quarkus.shutdown.timeout}); this covers work that no
 * request waits for: every run of a task ({@code TaskExecution.run}, through {@code TaskObserver}) registers here,
 * whether a request waits for it or it runs in the background.
 */
@ApplicationScoped
public class InFlightTasks {

    private static final Logger LOG = Logger.getLogger(InFlightTasks.class);

    /** One running task; closing it (once or more) marks it finished. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final Duration grace;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;

    public InFlightTasks(@ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> grace) {
        this.grace = grace.orElse(Duration.ofSeconds(30));
    }

    public Registration begin() {
        lock.lock();
        try {
            running++;
        } finally {
            lock.unlock();
        }
        boolean[] closed = {false};
        return () -> {
            lock.lock();
            try {
                if (!closed[0]) {
                    closed[0] = true;
                    running--;
                    if (running == 0) {
                        idle.signalAll();
                    }
                }
            } finally {
                lock.unlock();
            }
        };
    }

    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no task runs, at most {@code timeout}; true when none does. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        int now = running();
        if (now == 0) {
            return;
        }
        LOG.infof("stopping: waiting up to %d s for %d running task(s)", grace.toSeconds(), now);
        if (!awaitIdle(grace)) {
            LOG.warnf("stopping with %d task(s) still running after %d s", running(), grace.toSeconds());
        }
    }
}
