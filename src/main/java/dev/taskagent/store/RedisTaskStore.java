package dev.taskagent.store;

import static dev.taskagent.store.RedisConnection.args;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Tasks in Redis, as the strings the API shows (rendering stays with the API): per task a hash (owner, status, the
 * task's JSON, the number of its last event, the request of a queued task), its events as a stream whose entry ids
 * are {@code 0-N} so that {@code Last-Event-ID: N} reads on from the same place on every replica, and per owner a
 * sorted set for lists. Queued background tasks wait in one list (a global bound); a replica that takes one holds a
 * lease (a sorted set scored by expiry) that it renews while the task runs. Every change of state is one Lua script,
 * so two replicas never both finish, take or lose the same task. Finished tasks expire after the retention.
 */
@ApplicationScoped
public class RedisTaskStore {

    /** A task as stored: who owns it, where it is, and its API JSON. */
    public record Stored(String id, String owner, String status, String json, long lastEvent) {
        public boolean finished() {
            return finished(status);
        }

        static boolean finished(String status) {
            return "completed".equals(status) || "failed".equals(status) || "cancelled".equals(status);
        }
    }

    /** One event as clients see it: its number, SSE type and JSON data. */
    public record Event(long sequence, String type, String data) {}

    /** A queued task a replica has just taken: it runs it from {@code request} (the client's, as JSON). */
    public record Claim(String id, String owner, String request, boolean cancelRequested) {}

    private static final String FINISHED =
            "local function finished(s) return s == 'completed' or s == 'failed' or s == 'cancelled' end\n";
    private static final String NOW =
            "local clock = redis.call('TIME') local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)\n";

    private static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'status', ARGV[5], 'json', ARGV[4], 'seq', 1)
            redis.call('XADD', KEYS[2], '0-1', 'type', ARGV[6], 'data', ARGV[7])
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
            if ARGV[8] ~= '' then
              if redis.call('LLEN', KEYS[4]) >= tonumber(ARGV[9]) then
                redis.call('DEL', KEYS[1], KEYS[2]) redis.call('ZREM', KEYS[3], ARGV[1])
                return -1
              end
              redis.call('HSET', KEYS[1], 'request', ARGV[8])
              redis.call('LPUSH', KEYS[4], ARGV[1])
            end
            return 1
            """;

    private static final String APPEND = FINISHED + """
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status or finished(status) then return 0 end
            local last = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
            for i = 6, #ARGV, 3 do
              local seq = tonumber(ARGV[i])
              if seq > last then
                redis.call('XADD', KEYS[2], '0-' .. seq, 'type', ARGV[i + 1], 'data', ARGV[i + 2])
                last = seq
              end
            end
            redis.call('HSET', KEYS[1], 'status', ARGV[1], 'json', ARGV[2], 'seq', last)
            if finished(ARGV[1]) then
              redis.call('ZREM', KEYS[3], ARGV[4])
              redis.call('PEXPIRE', KEYS[1], ARGV[3]) redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            return 1
            """;

    private static final String CLAIM = NOW + """
            local id = redis.call('RPOP', KEYS[1])
            if not id then return nil end
            local task = ARGV[1] .. 'task:' .. id
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), id)
            local fields = redis.call('HMGET', task, 'owner', 'request')
            return {id, fields[1] or '', fields[2] or '', redis.call('EXISTS', ARGV[1] .. 'cancel:' .. id)}
            """;

    private static final String RENEW = NOW + """
            for i = 3, #ARGV do
              if ARGV[2] == 'new' then redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i])
              else redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
            end
            return 1
            """;

    /** Ends a task nobody runs: a lost one (lease expired) or a queued one taken off the queue. */
    private static final String END = FINISHED + NOW + """
            if ARGV[5] == 'lost' then
              local expiry = redis.call('ZSCORE', KEYS[3], ARGV[1])
              if not expiry or tonumber(expiry) > now then return 0 end
              redis.call('ZREM', KEYS[3], ARGV[1])
            elseif redis.call('LREM', KEYS[3], 1, ARGV[1]) == 0 then
              return 0
            end
            local status = redis.call('HGET', KEYS[1], 'status')
            if not status or finished(status) then return 0 end
            local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') + 1
            redis.call('XADD', KEYS[2], '0-' .. seq, 'type', ARGV[6], 'data', ARGV[2])
            redis.call('HSET', KEYS[1], 'status', ARGV[4], 'json', ARGV[2], 'seq', seq)
            redis.call('PEXPIRE', KEYS[1], ARGV[3]) redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """;

    private final RedisConnection redis;

    public RedisTaskStore(RedisConnection redis) {
        this.redis = redis;
    }

    /** Records a task that runs here from its first event (created); false when the id is already taken. */
    public boolean create(String id, String owner, long createdAtMillis, String status, String json, Event created) {
        return create(id, owner, createdAtMillis, status, json, created, "", 0) == 1;
    }

    /**
     * Records a background task and queues it for any replica, unless {@code maxQueued} tasks already wait (then
     * nothing is recorded and false is returned).
     */
    public boolean enqueue(
            String id, String owner, long createdAtMillis, String json, Event created, String request, int maxQueued) {
        return create(id, owner, createdAtMillis, "queued", json, created, request, maxQueued) == 1;
    }

    private long create(
            String id,
            String owner,
            long createdAtMillis,
            String status,
            String json,
            Event created,
            String request,
            int maxQueued) {
        return redis.eval(
                        CREATE,
                        List.of(taskKey(id), eventsKey(id), ownerKey(owner), queueKey()),
                        args(
                                id,
                                owner,
                                createdAtMillis,
                                json,
                                status,
                                created.type(),
                                created.data(),
                                request,
                                maxQueued))
                .toLong();
    }

    /**
     * Adds the task's new events (those numbered above what is stored) and its state now; when it has finished, its
     * lease ends and it expires after {@code retention}. False when the task has already ended elsewhere (declared
     * lost, cancelled while queued), so the caller stops its own run.
     */
    public boolean append(String id, String status, String json, List<Event> events, Duration retention) {
        List<String> args = args(status, json, retention.toMillis(), id, "");
        for (Event event : events) {
            args.add(Long.toString(event.sequence()));
            args.add(event.type());
            args.add(event.data());
        }
        return redis.eval(APPEND, List.of(taskKey(id), eventsKey(id), leasesKey()), args)
                        .toLong()
                == 1;
    }

    public Optional<Stored> find(String id) {
        Response fields = redis.send(Request.cmd(Command.HMGET)
                .arg(taskKey(id))
                .arg("owner")
                .arg("status")
                .arg("json")
                .arg("seq"));
        if (fields == null || fields.get(0) == null || fields.get(2) == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(
                id,
                fields.get(0).toString(),
                fields.get(1).toString(),
                fields.get(2).toString(),
                fields.get(3) == null ? 0 : fields.get(3).toLong()));
    }

    /** The owner's newest tasks first, at most {@code limit} that pass {@code status} (null: all). */
    public List<Stored> recent(String owner, int limit, String status) {
        Response ids = redis.send(
                Request.cmd(Command.ZREVRANGE).arg(ownerKey(owner)).arg(0).arg(-1));
        List<Stored> found = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Response id : ids) {
            if (found.size() >= limit) {
                break;
            }
            Optional<Stored> task = find(id.toString());
            if (task.isEmpty()) {
                gone.add(id.toString());
            } else if (status == null || status.equals(task.get().status())) {
                found.add(task.get());
            }
        }
        if (!gone.isEmpty()) {
            Request forget = Request.cmd(Command.ZREM).arg(ownerKey(owner));
            gone.forEach(forget::arg);
            redis.send(forget);
        }
        return found;
    }

    /** Events numbered above {@code after}, at most {@code max}. */
    public List<Event> events(String id, long after, int max) {
        Response entries = redis.send(Request.cmd(Command.XRANGE)
                .arg(eventsKey(id))
                .arg("0-" + (after + 1))
                .arg("+")
                .arg("COUNT")
                .arg(max));
        List<Event> events = new ArrayList<>();
        for (Response entry : entries) {
            String entryId = entry.get(0).toString();
            Response fields = entry.get(1);
            String type = null;
            String data = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "type" -> type = fields.get(i + 1).toString();
                    case "data" -> data = fields.get(i + 1).toString();
                    default -> {}
                }
            }
            events.add(new Event(Long.parseLong(entryId.substring(entryId.indexOf('-') + 1)), type, data));
        }
        return events;
    }

    /** Takes the oldest queued task and holds a lease on it for {@code lease}; empty when none waits. */
    public Optional<Claim> claim(Duration lease) {
        Response reply = redis.eval(CLAIM, List.of(queueKey(), leasesKey()), args(redis.key(""), lease.toMillis()));
        if (reply == null) {
            return Optional.empty();
        }
        return Optional.of(new Claim(
                reply.get(0).toString(),
                reply.get(1).toString(),
                reply.get(2).toString(),
                reply.get(3).toLong() == 1));
    }

    /** Takes a lease on a task that runs here without having been queued (a waiting or streaming request). */
    public void hold(String id, Duration lease) {
        redis.eval(RENEW, List.of(leasesKey()), args(lease.toMillis(), "new", id));
    }

    /** Extends the leases of the tasks running here by {@code lease} from now. */
    public void renew(Collection<String> ids, Duration lease) {
        if (!ids.isEmpty()) {
            List<String> args = args(lease.toMillis(), "renew");
            args.addAll(ids);
            redis.eval(RENEW, List.of(leasesKey()), args);
        }
    }

    /** Tasks whose lease ran out (their replica stopped renewing it), at most {@code max}. */
    public List<String> expiredLeases(int max) {
        Response ids = redis.send(Request.cmd(Command.ZRANGEBYSCORE)
                .arg(leasesKey())
                .arg("-inf")
                .arg(System.currentTimeMillis())
                .arg("LIMIT")
                .arg(0)
                .arg(max));
        List<String> expired = new ArrayList<>();
        ids.forEach(id -> expired.add(id.toString()));
        return expired;
    }

    /**
     * Ends a task whose lease ran out as {@code failed} with its final JSON (also the data of its last event); false
     * when its lease was renewed meanwhile or another replica got there first.
     */
    public boolean endLost(String id, String json, Duration retention) {
        return end(id, json, retention, "lost", "failed", "task.failed", leasesKey());
    }

    /** Ends a task still waiting in the queue as {@code cancelled}; false when a replica has taken it meanwhile. */
    public boolean endQueued(String id, String json, Duration retention) {
        return end(id, json, retention, "queued", "cancelled", "task.cancelled", queueKey());
    }

    private boolean end(
            String id, String json, Duration retention, String how, String status, String event, String from) {
        return redis.eval(
                                END,
                                List.of(taskKey(id), eventsKey(id), from),
                                args(id, json, retention.toMillis(), status, how, event))
                        .toLong()
                == 1;
    }

    /** Asks whichever replica runs the task to cancel it (it looks every tick); kept for the task's retention. */
    public void requestCancel(String id, Duration retention) {
        redis.send(Request.cmd(Command.SET)
                .arg(redis.key("cancel", id))
                .arg("1")
                .arg("PX")
                .arg(retention.toMillis()));
    }

    /** Which of these tasks a client asked to cancel. */
    public List<String> cancelRequested(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Request exists = Request.cmd(Command.MGET);
        ids.forEach(id -> exists.arg(redis.key("cancel", id)));
        Response flags = redis.send(exists);
        List<String> cancelled = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (flags.get(i) != null) {
                cancelled.add(ids.get(i));
            }
        }
        return cancelled;
    }

    /** Background tasks waiting in the shared queue. */
    public long queued() {
        return redis.send(Request.cmd(Command.LLEN).arg(queueKey())).toLong();
    }

    private String taskKey(String id) {
        return redis.key("task", id);
    }

    private String eventsKey(String id) {
        return redis.key("events", id);
    }

    private String ownerKey(String owner) {
        return redis.key("owner", owner);
    }

    private String queueKey() {
        return redis.key("queue");
    }

    private String leasesKey() {
        return redis.key("leases");
    }
}
