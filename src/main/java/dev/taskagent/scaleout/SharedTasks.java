package dev.taskagent.scaleout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.events.EventLog;
import dev.taskagent.limits.TaskSlots;
import dev.taskagent.store.RedisConnection;
import dev.taskagent.store.RedisTaskStore;
import dev.taskagent.store.RedisTaskStore.Event;
import dev.taskagent.store.RedisTaskStore.Stored;
import dev.taskagent.store.StoreUnavailableException;
import dev.taskagent.task.TaskEvent;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskQueue;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Tasks shared by every replica through Redis ({@code task-agent.store=redis}). A task runs on one replica, which
 * keeps it in memory as with the memory store and copies each of its events and its state to Redis as they happen
 * (one virtual thread per task follows its event log); any other replica answers for it from Redis. Background tasks
 * wait in one shared queue: each replica takes one whenever it has a free running place, and holds a lease on it that
 * it renews every tick. A replica that stops renewing (killed, cut off) loses its tasks to whichever replica first
 * sees the lease expired: they end {@code failed} with {@code worker-lost}. Cancels reach the running replica through
 * a key it looks for every tick.
 */
@ApplicationScoped
public class SharedTasks {

    private static final Logger LOG = Logger.getLogger(SharedTasks.class);
    private static final Set<String> LAST = Set.of("task.completed", "task.failed", "task.cancelled");
    private static final int REAP_EVERY = 4;
    private static final Duration FOLLOW_POLL = Duration.ofMillis(100);
    private static final Duration GIVE_UP_WRITING = Duration.ofMinutes(5);

    /** Receives the events of a task that runs elsewhere. */
    public interface Follower {
        void event(Event event) throws IOException;

        void idle() throws IOException;
    }

    private final RedisConnection redis;
    private final RedisTaskStore store;
    private final Instance<TaskJson> json;
    private final TaskService tasks;
    private final TaskQueue queue;
    private final TaskSlots slots;
    private final ObjectMapper mapper;
    private final Duration lease;
    private final Duration tick;
    private final Duration retention;
    private final int maxRunning;
    private final int maxQueued;
    private final Duration retryAfter;
    private final Map<String, TaskHandle> local = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile Thread runner;

    SharedTasks(
            RedisConnection redis,
            RedisTaskStore store,
            Instance<TaskJson> json,
            TaskService tasks,
            TaskQueue queue,
            TaskSlots slots,
            ObjectMapper mapper,
            TaskAgentConfig config) {
        this.redis = redis;
        this.store = store;
        this.json = json;
        this.tasks = tasks;
        this.queue = queue;
        this.slots = slots;
        this.mapper = mapper;
        this.lease = config.redis().leaseTtl();
        this.tick = config.redis().tick();
        this.retention = config.tasks().retention();
        this.maxRunning = config.tasks().maxRunning();
        this.maxQueued = config.tasks().maxQueued();
        this.retryAfter = config.tasks().retryAfter();
    }

    /** Whether tasks are shared ({@code task-agent.store=redis}); when not, nothing here is used. */
    public boolean enabled() {
        return redis.enabled();
    }

    /** Shares a task that has just started running here: other replicas see it, its events and its end. */
    public void track(TaskHandle task) {
        EventLog.Sequenced<TaskEvent> created = task.events().after(0).events().getFirst();
        try {
            store.create(
                    task.id(),
                    task.owner(),
                    task.createdAt().toEpochMilli(),
                    task.status().apiName(),
                    json.get().task(task),
                    event(task, created));
            store.hold(task.id(), lease);
        } catch (StoreUnavailableException down) {
            task.cancel();
            throw down;
        }
        mirror(task, created.sequence());
    }

    /**
     * Queues a background task for whichever replica has room first; {@code accepted} is its JSON as queued and
     * {@code created} the data of its first event. Refused with {@code queue-full} when the shared queue holds
     * {@code task-agent.tasks.max-queued} tasks.
     */
    public void enqueue(String id, TaskSpec spec, String owner, Instant createdAt, String accepted, String created) {
        String request;
        try {
            request = mapper.writeValueAsString(QueuedTask.of(spec, createdAt.toEpochMilli()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (!store.enqueue(
                id,
                owner,
                createdAt.toEpochMilli(),
                accepted,
                new Event(1, "task.created", created),
                request,
                maxQueued)) {
            throw new TaskFailure.QueueFull(maxQueued, retryAfter);
        }
        wake();
    }

    /** The owner's task as stored, wherever it runs; another owner's is not found. */
    public Optional<String> find(String owner, String id) {
        return stored(owner, id).map(Stored::json);
    }

    /** The owner's newest tasks, over every replica. */
    public List<String> recent(String owner, int limit, String status) {
        return store.recent(owner, limit, status).stream().map(Stored::json).toList();
    }

    /**
     * Cancels a task that is not running here: a queued one ends at once, a running one is stopped by its replica
     * (within a tick or two). Returns the task as it then is, waiting up to {@code wait} for it to end.
     */
    public Optional<String> cancel(String owner, String id, Duration wait) throws InterruptedException {
        Optional<Stored> found = stored(owner, id);
        if (found.isEmpty() || found.get().finished()) {
            return found.map(Stored::json);
        }
        store.requestCancel(id, retention);
        if ("queued".equals(found.get().status())) {
            String ended =
                    json.get().ended(found.get().json(), new TaskFailure.Cancelled(id, List.of()), Instant.now());
            if (store.endQueued(id, ended, retention)) {
                slots.release(owner);
                return Optional.of(ended);
            }
        }
        long end = System.nanoTime() + wait.toNanos();
        Optional<Stored> now = found;
        while (now.isPresent() && !now.get().finished() && System.nanoTime() < end) {
            Thread.sleep(FOLLOW_POLL.toMillis());
            now = stored(owner, id);
        }
        return now.map(Stored::json);
    }

    /**
     * Hands the events of a task that runs elsewhere to {@code follower}, from the one after {@code after}, until its
     * last; {@link Follower#idle()} after each {@code heartbeat} without one.
     */
    public void follow(String id, long after, Duration heartbeat, Follower follower) throws IOException {
        long last = after;
        long quietSince = System.nanoTime();
        try {
            while (true) {
                List<Event> events = store.events(id, last, 200);
                for (Event event : events) {
                    follower.event(event);
                    last = event.sequence();
                    if (LAST.contains(event.type())) {
                        return;
                    }
                }
                if (!events.isEmpty()) {
                    quietSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - quietSince >= heartbeat.toNanos()) {
                    if (store.find(id).isEmpty()) {
                        return; // forgotten after its retention
                    }
                    follower.idle();
                    quietSince = System.nanoTime();
                }
                Thread.sleep(FOLLOW_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped following the events");
        }
    }

    private Optional<Stored> stored(String owner, String id) {
        return store.find(id).filter(task -> task.owner().equals(owner));
    }

    // --- what runs here: the copy of each local task's events, and the replica's tick

    /** Copies the task's events after {@code after}, and its state, to Redis as they come, until its last. */
    private void mirror(TaskHandle task, long after) {
        local.put(task.id(), task);
        Thread.ofVirtual().name("share-" + task.id()).start(() -> {
            try {
                copy(task, after);
            } finally {
                local.remove(task.id());
            }
        });
    }

    private void copy(TaskHandle task, long after) {
        long last = after;
        long failingSince = 0;
        EventLog.Batch<TaskEvent> batch = null;
        while (true) {
            try {
                if (batch == null) {
                    batch = task.events().await(last, tick.multipliedBy(4));
                    if (batch.events().isEmpty() && !batch.closed()) {
                        batch = null;
                        continue;
                    }
                }
                if (!batch.closed() && task.status().finished()) {
                    // the task has just ended: its last event is being appended; copy it with the final state
                    batch = task.events().await(last, tick);
                    continue;
                }
                List<Event> events = new ArrayList<>();
                for (EventLog.Sequenced<TaskEvent> event : batch.events()) {
                    events.add(event(task, event));
                }
                boolean stillOurs = store.append(
                        task.id(), task.status().apiName(), json.get().task(task), events, retention);
                if (!stillOurs && task.status().finished() && batch.closed()) {
                    return; // an earlier try of this very write landed after all (Redis answered it late)
                }
                if (!stillOurs) {
                    LOG.warnf("task %s was ended by another replica (its lease ran out); stopping it here", task.id());
                    task.cancel();
                    return;
                }
                if (!batch.events().isEmpty()) {
                    last = batch.events().getLast().sequence();
                }
                if (batch.closed()) {
                    return;
                }
                batch = null;
                failingSince = 0;
            } catch (StoreUnavailableException down) {
                failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                if (System.nanoTime() - failingSince > GIVE_UP_WRITING.toNanos()) {
                    LOG.errorf(
                            "task %s: Redis unavailable for %d s, its state there is left as it was: %s",
                            task.id(), GIVE_UP_WRITING.toSeconds(), down.getMessage());
                    return;
                }
                LockSupport.parkNanos(tick.toNanos());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Event event(TaskHandle task, EventLog.Sequenced<TaskEvent> event) {
        return new Event(event.sequence(), event.event().type(), json.get().event(task, event.event()));
    }

    /**
     * This process serves the API: with the Redis store it now takes part in the shared work (queued tasks, leases,
     * cancels, lost replicas), until it stops.
     */
    public synchronized void serve() {
        if (enabled() && runner == null) {
            runner = Thread.ofVirtual().name("shared-tasks").start(this::run);
        }
    }

    /** Stopping: no more queued tasks are taken; those running here finish (InFlightTasks) and stay renewed. */
    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
    }

    private void wake() {
        Thread current = runner;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private void run() {
        long ticks = 0;
        long lastRenewal = 0;
        boolean warned = false;
        while (true) {
            try {
                List<String> here = new ArrayList<>(local.keySet());
                store.cancelRequested(here).forEach(id -> {
                    TaskHandle task = local.get(id);
                    if (task != null) {
                        task.cancel();
                    }
                });
                if (System.nanoTime() - lastRenewal > lease.toNanos() / 3) {
                    store.renew(here, lease);
                    lastRenewal = System.nanoTime();
                }
                if (!stopping) {
                    takeQueued();
                }
                if (ticks++ % REAP_EVERY == 0) {
                    reapLost();
                }
                if (warned) {
                    LOG.info("Redis answers again");
                    warned = false;
                }
            } catch (StoreUnavailableException down) {
                if (!warned) {
                    LOG.warnf("Redis unavailable, retrying every %d ms: %s", tick.toMillis(), down.getMessage());
                    warned = true;
                }
            } catch (RuntimeException unexpected) {
                LOG.error("shared task tick failed", unexpected);
            }
            LockSupport.parkNanos(tick.toNanos());
        }
    }

    private void takeQueued() {
        while (queue.inFlight() < maxRunning) {
            Optional<RedisTaskStore.Claim> claim = store.claim(lease);
            if (claim.isEmpty()) {
                return;
            }
            run(claim.get());
        }
    }

    private void run(RedisTaskStore.Claim claim) {
        String owner = claim.owner();
        TaskHandle task;
        try {
            QueuedTask queued = mapper.readValue(claim.request(), QueuedTask.class);
            task = tasks.resume(
                    claim.id(),
                    Instant.ofEpochMilli(queued.createdAtMillis()),
                    queued.spec(),
                    owner,
                    () -> slots.release(owner));
        } catch (TaskFailure | JsonProcessingException refused) {
            TaskFailure failure = refused instanceof TaskFailure f ? f : new TaskFailure.Internal("unreadable request");
            fail(claim.id(), failure);
            return;
        }
        mirror(task, 1);
        if (claim.cancelRequested()) {
            task.cancel();
        }
    }

    /** Ends a queued task this replica took but could not start (its request no longer passes here). */
    private void fail(String id, TaskFailure failure) {
        store.find(id).ifPresent(stored -> {
            String ended = json.get().ended(stored.json(), failure, Instant.now());
            store.append(
                    id, "failed", ended, List.of(new Event(stored.lastEvent() + 1, "task.failed", ended)), retention);
        });
    }

    private void reapLost() {
        for (String id : store.expiredLeases(20)) {
            Optional<Stored> stored = store.find(id);
            String ended = stored.map(
                            task -> json.get().ended(task.json(), new TaskFailure.WorkerLost(lease), Instant.now()))
                    .orElse("");
            if (store.endLost(id, ended, retention) && stored.isPresent()) {
                LOG.warnf("task %s: its replica stopped renewing its lease; ended as worker-lost", id);
                slots.release(stored.get().owner());
            }
        }
    }
}
