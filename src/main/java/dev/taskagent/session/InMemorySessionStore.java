package dev.taskagent.session;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Sessions in this process's memory: lost on restart and not shared between replicas. */
public class InMemorySessionStore implements SessionStore {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public Session update(String id, UnaryOperator<Session> change) {
        return sessions.compute(id, (key, stored) -> change.apply(stored));
    }

    @Override
    public boolean remove(String id) {
        return sessions.remove(id) != null;
    }

    @Override
    public void evict(Instant cutoff, int max) {
        sessions.values().removeIf(session -> session.usedAt().isBefore(cutoff));
        int excess = sessions.size() - max;
        if (excess > 0) {
            sessions.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Session> entry) ->
                            entry.getValue().usedAt()))
                    .limit(excess)
                    .toList()
                    .forEach(entry -> sessions.remove(entry.getKey(), entry.getValue()));
        }
    }
}
