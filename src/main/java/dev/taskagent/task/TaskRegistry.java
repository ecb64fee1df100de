package dev.taskagent.task;

import dev.taskagent.config.TaskAgentConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks the service knows: every queued and running one, and finished ones for {@code task-agent.tasks.retention}
 * (at most {@code max-retained} of them, the oldest forgotten first). Forgetting happens whenever the registry is
 * used, so a task past its retention is never shown.
 */
@ApplicationScoped
public class TaskRegistry {

    private final Duration retention;
    private final int maxRetained;
    private final Clock clock;
    private final Map<String, TaskHandle> tasks = new LinkedHashMap<>();

    @Inject
    public TaskRegistry(TaskAgentConfig config) {
        this(config.tasks().retention(), config.tasks().maxRetained(), Clock.systemUTC());
    }

    TaskRegistry(Duration retention, int maxRetained, Clock clock) {
        this.retention = retention;
        this.maxRetained = maxRetained;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    synchronized void add(TaskHandle task) {
        forgetExpired();
        tasks.put(task.id(), task);
    }

    /** The owner's task with this id; another owner's is not found either. */
    public synchronized Optional<TaskHandle> find(String owner, String id) {
        forgetExpired();
        return Optional.ofNullable(tasks.get(id)).filter(task -> task.owner().equals(owner));
    }

    /** The owner's newest tasks first, optionally only those with {@code status}, at most {@code limit}. */
    public synchronized List<TaskHandle> recent(String owner, int limit, TaskStatus status) {
        forgetExpired();
        List<TaskHandle> newestFirst = new ArrayList<>(tasks.values()).reversed();
        return newestFirst.stream()
                .filter(task -> task.owner().equals(owner))
                .filter(task -> status == null || task.status() == status)
                .limit(limit)
                .toList();
    }

    /**
     * The service is stopping: tasks still queued are cancelled, so that they do not start now and requests waiting
     * for them are answered; running ones are left to finish within the shutdown grace (see {@code InFlightTasks}).
     */
    void cancelQueued(@Observes ShutdownEvent stopping) {
        List<TaskHandle> queued;
        synchronized (this) {
            queued = tasks.values().stream()
                    .filter(task -> task.status() == TaskStatus.QUEUED)
                    .toList();
        }
        queued.forEach(TaskHandle::cancel);
    }

    private void forgetExpired() {
        Instant cutoff = clock.instant().minus(retention);
        int finished = 0;
        for (TaskHandle task : tasks.values()) {
            if (task.status().finished()) {
                finished++;
            }
        }
        Iterator<TaskHandle> oldestFirst = tasks.values().iterator();
        while (oldestFirst.hasNext()) {
            TaskHandle task = oldestFirst.next();
            Instant finishedAt = task.finishedAt();
            if (finishedAt != null && (finishedAt.isBefore(cutoff) || finished > maxRetained)) {
                oldestFirst.remove();
                finished--;
            }
        }
    }
}
