package dev.taskagent.session;

import dev.taskagent.agent.Conversation;
import dev.taskagent.config.TaskAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Conversation memory across tasks: a task in a session starts from the session's earlier turns and, when it
 * completes, adds its own. Each session keeps at most {@code task-agent.sessions.max-messages} messages and is
 * forgotten after {@code ttl} unused. Sessions belong to their owner (the API key that used them): the same id named
 * by another key is another session.
 */
@ApplicationScoped
public class Sessions {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final SessionStore store;
    private final TaskAgentConfig.Sessions config;
    private final Clock clock;

    @Inject
    public Sessions(SessionStore store, TaskAgentConfig config) {
        this(store, config.sessions(), Clock.systemUTC());
    }

    Sessions(SessionStore store, TaskAgentConfig.Sessions config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Whether {@code id} can name a session: 1 to 128 letters, digits, '.', '_', ':' or '-'. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The owner's live session, if there is one. */
    public Optional<Session> find(String owner, String id) {
        store.evict(cutoff(), config.maxSessions());
        return store.find(key(owner, id));
    }

    /** What a task in this session continues from; empty for a new or expired session. */
    public Conversation history(String owner, String id) {
        return find(owner, id).map(Session::history).orElse(Conversation.empty());
    }

    /** Adds a completed task's turn, keeping the newest messages within the window. */
    public Session remember(String owner, String id, Conversation turn) {
        Instant now = clock.instant();
        Session saved = store.update(key(owner, id), stored -> {
            boolean live = stored != null && !stored.usedAt().isBefore(cutoff());
            Conversation history = live ? stored.history().append(turn) : turn;
            return new Session(id, history.lastMessages(config.maxMessages()), live ? stored.createdAt() : now, now);
        });
        store.evict(cutoff(), config.maxSessions());
        return saved;
    }

    /** Forgets the owner's session; false when there was none. */
    public boolean forget(String owner, String id) {
        return store.remove(key(owner, id));
    }

    /** Where the store keeps a session: owner and id, which owner labels and session ids cannot confuse. */
    private static String key(String owner, String id) {
        return owner + "/" + id;
    }

    /** When a session last used now would expire. */
    public Instant expiresAt(Session session) {
        return session.usedAt().plus(config.ttl());
    }

    private Instant cutoff() {
        return clock.instant().minus(config.ttl());
    }
}
