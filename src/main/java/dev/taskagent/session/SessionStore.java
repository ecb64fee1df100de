package dev.taskagent.session;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where sessions live, each under a key that combines its owner and its id (see {@link Sessions}). {@link InMemorySessionStore} is the default; a shared store (a database, a cache cluster)
 * replaces it by being a bean of this type, and can persist a session's history with
 * {@link dev.taskagent.agent.Conversation#toJson()}.
 */
public interface SessionStore {

    Optional<Session> find(String id);

    /**
     * Changes a session in one atomic step: {@code change} gets the stored session (null when there is none) and
     * returns the one to store.
     */
    Session update(String id, UnaryOperator<Session> change);

    /** Forgets a session; false when there was none. */
    boolean remove(String id);

    /** Forgets every session last used before {@code cutoff}, and beyond {@code max} the least recently used. */
    void evict(Instant cutoff, int max);
}
