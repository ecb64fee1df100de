package dev.taskagent.observability;

import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.store.RedisConnection;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the task store answers: always with the memory store (Redis is not touched), and with the Redis store
 * while a PING comes back within the command timeout. A replica that cannot reach Redis cannot serve tasks shared
 * with the others, so it is taken out of rotation until Redis answers again (no restart needed).
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {

    private static final String NAME = "task-agent store";

    private final RedisConnection redis;
    private final Duration timeout;

    public StoreReadiness(RedisConnection redis, TaskAgentConfig config) {
        this.redis = redis;
        this.timeout = config.redis().commandTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!redis.enabled()) {
            return Uni.createFrom()
                    .item(HealthCheckResponse.named(NAME)
                            .up()
                            .withData("store", "memory")
                            .build());
        }
        return Uni.createFrom()
                .completionStage(
                        () -> redis.sendAsync(Request.cmd(Command.PING)).toCompletionStage())
                .ifNoItem()
                .after(timeout)
                .fail()
                .map(pong -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("store", "redis")
                        .build())
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData("store", "redis")
                        .withData("reason", "Redis does not answer: " + describe(failure))
                        .build());
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
