package dev.taskagent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.store.RedisConnection;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The session store {@code task-agent.store} names; another bean of type {@link SessionStore} replaces both. */
@ApplicationScoped
class SessionStores {

    @Produces
    @ApplicationScoped
    @DefaultBean
    SessionStore store(TaskAgentConfig config, RedisConnection redis, ObjectMapper mapper) {
        return redis.enabled()
                ? new RedisSessionStore(redis, mapper, config.sessions().ttl())
                : new InMemorySessionStore();
    }
}
