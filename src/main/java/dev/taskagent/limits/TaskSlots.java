package dev.taskagent.limits;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.security.Caller;
import dev.taskagent.store.RedisConnection;
import dev.taskagent.store.StoreUnavailableException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * How many tasks each caller has running, capped at {@code task-agent.limits.concurrent-tasks}. Whoever starts a
 * task holds a {@link Slot} for exactly as long as it runs, queued, waited for, streamed or in the background:
 * {@link TaskAdmission} takes it before submitting and hands {@code slot::close} to {@code TaskService.submit}, which
 * runs it once when the task ends or is refused. (Not to be confused with the model gate's places for concurrent
 * model calls, {@code agent/ModelGate}.)
 */
@ApplicationScoped
public class TaskSlots {

    /** One running task of one caller; closing it frees the slot (closing twice is harmless). */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Counts the caller's tasks up to the limit; the count forgets itself after it has not changed for ARGV[2] ms. */
    private static final String ACQUIRE = """
            local n = redis.call('INCR', KEYS[1])
            if n > tonumber(ARGV[1]) then redis.call('DECR', KEYS[1]) return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private static final String RELEASE = """
            if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
            return 1
            """;

    private static final Logger LOG = Logger.getLogger(TaskSlots.class);

    private final int perCaller;
    private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final RedisConnection redis;
    /** How long a shared count outlives its last change: a task's longest life, plus a lease to notice a loss. */
    private final Duration sharedCountLife;

    public TaskSlots(TaskAgentConfig config, RedisConnection redis) {
        this.perCaller = config.limits().concurrentTasks();
        this.redis = redis;
        Duration deadline = config.tasks().deadline().isZero()
                ? Duration.ofDays(1)
                : config.tasks().deadline();
        this.sharedCountLife = deadline.plus(config.redis().leaseTtl()).plusMinutes(1);
    }

    /** Takes a slot, or throws {@link LimitExceeded} when the caller already runs as many tasks as allowed. */
    public Slot acquire(Caller caller) {
        if (redis.enabled()) {
            return acquireShared(caller.id());
        }
        AtomicInteger count = running.computeIfAbsent(caller.id(), id -> new AtomicInteger());
        if (count.incrementAndGet() > perCaller) {
            count.decrementAndGet();
            throw tooMany();
        }
        AtomicInteger released = new AtomicInteger();
        return () -> {
            if (released.getAndIncrement() == 0) {
                count.decrementAndGet();
            }
        };
    }

    /**
     * Frees a slot taken on the shared count (task-agent.store=redis) by whichever replica ends the task, e.g. one
     * that ran a task another replica accepted.
     */
    public void release(String callerId) {
        try {
            redis.eval(RELEASE, List.of(redis.key("slots", callerId)), List.of());
        } catch (StoreUnavailableException down) {
            // the count forgets itself after sharedCountLife; a task's end must not fail over it
            LOG.warnf("could not free a task slot of %s in Redis: %s", callerId, down.getMessage());
        }
    }

    private Slot acquireShared(String callerId) {
        long taken = redis.eval(
                        ACQUIRE,
                        List.of(redis.key("slots", callerId)),
                        RedisConnection.args(perCaller, sharedCountLife.toMillis()))
                .toLong();
        if (taken == 0) {
            throw tooMany();
        }
        AtomicInteger released = new AtomicInteger();
        return () -> {
            if (released.getAndIncrement() == 0) {
                release(callerId);
            }
        };
    }

    private LimitExceeded tooMany() {
        return new LimitExceeded(
                "too-many-tasks",
                "this API key already has " + perCaller
                        + " tasks running (task-agent.limits.concurrent-tasks); retry when one has finished",
                1);
    }

    /** Tasks the caller is running now. */
    public int running(Caller caller) {
        if (redis.enabled()) {
            var count = redis.send(Request.cmd(Command.GET).arg(redis.key("slots", caller.id())));
            return count == null ? 0 : count.toInteger();
        }
        AtomicInteger count = running.get(caller.id());
        return count == null ? 0 : count.get();
    }
}
