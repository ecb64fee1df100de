package dev.taskagent.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.Conversation;
import dev.taskagent.store.RedisConnection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Sessions in Redis, shared by every replica: one key per session holding its JSON, expiring {@code ttl} after its
 * last use, so Redis forgets unused sessions by itself ({@code max-sessions} is left to Redis' memory policy). A
 * change is a compare-and-set, retried when another replica changed the session meanwhile.
 */
public final class RedisSessionStore implements SessionStore {

    /** A session as stored. */
    @RegisterForReflection
    record Stored(String id, String history, long createdAt, long usedAt) {}

    /** Sets the key to ARGV[2] only if it still holds ARGV[1] ('' for absent). */
    private static final String COMPARE_AND_SET = """
            local now = redis.call('GET', KEYS[1]) or ''
            if now ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    private static final int MAX_ATTEMPTS = 20;

    private final RedisConnection redis;
    private final ObjectMapper mapper;
    private final Duration ttl;

    public RedisSessionStore(RedisConnection redis, ObjectMapper mapper, Duration ttl) {
        this.redis = redis;
        this.mapper = mapper;
        this.ttl = ttl;
    }

    @Override
    public Optional<Session> find(String id) {
        return Optional.ofNullable(read(id)).map(this::session);
    }

    @Override
    public Session update(String id, UnaryOperator<Session> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String before = read(id);
            Session changed = change.apply(before == null ? null : session(before));
            String after = json(changed);
            long set = redis.eval(
                            COMPARE_AND_SET,
                            List.of(key(id)),
                            RedisConnection.args(before == null ? "" : before, after, ttl.toMillis()))
                    .toLong();
            if (set == 1) {
                return changed;
            }
        }
        throw new IllegalStateException("session " + id + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    @Override
    public boolean remove(String id) {
        return redis.send(Request.cmd(Command.DEL).arg(key(id))).toLong() > 0;
    }

    @Override
    public void evict(Instant cutoff, int max) {
        // keys expire ttl after their last use
    }

    private String read(String id) {
        Response value = redis.send(Request.cmd(Command.GET).arg(key(id)));
        return value == null ? null : value.toString();
    }

    private String key(String id) {
        return redis.key("session", id);
    }

    private Session session(String json) {
        try {
            Stored stored = mapper.readValue(json, Stored.class);
            return new Session(
                    stored.id(),
                    Conversation.fromJson(stored.history()),
                    Instant.ofEpochMilli(stored.createdAt()),
                    Instant.ofEpochMilli(stored.usedAt()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String json(Session session) {
        try {
            return mapper.writeValueAsString(new Stored(
                    session.id(),
                    session.history().toJson(),
                    session.createdAt().toEpochMilli(),
                    session.usedAt().toEpochMilli()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
