package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskagent.agent.Conversation;
import dev.taskagent.security.Caller;
import dev.taskagent.session.Session;
import dev.taskagent.session.Sessions;
import dev.taskagent.task.TaskFailure;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/sessions/{id}}: what a session remembers, and forgetting it. Sessions begin with a task that names one,
 * and belong to the API key that named it.
 */
@Path("/v1/sessions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions")
public class SessionResource {

    /** A session as clients see it. */
    @RegisterForReflection
    public record SessionResponse(
            String id,
            List<Conversation.Message> messages,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_used_at") Instant lastUsedAt,
            @JsonProperty("expires_at") Instant expiresAt) {}

    private final Sessions sessions;

    public SessionResource(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The session's remembered messages, oldest first, and when it expires. */
    @GET
    @Operation(
            summary = "Get a session",
            description = "What the session remembers (each completed task's input "
                    + "and answer, newest within the window) and when it expires.")
    @APIResponse(
            responseCode = "200",
            description = "The session",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SessionResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public SessionResponse get(@PathParam("id") String id, @Context RoutingContext http) {
        Session session = sessions.find(Caller.of(http).id(), id).orElseThrow(() -> notFound(id));
        return new SessionResponse(
                session.id(),
                session.history().view(),
                session.createdAt(),
                session.usedAt(),
                sessions.expiresAt(session));
    }

    /** Forgets the session: the next task naming it starts a new conversation. 204, or 404 when there is none. */
    @DELETE
    @Operation(summary = "Forget a session", description = "The next task naming it starts a new conversation.")
    @APIResponse(responseCode = "204", description = "Forgotten")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void delete(@PathParam("id") String id, @Context RoutingContext http) {
        if (!sessions.forget(Caller.of(http).id(), id)) {
            throw notFound(id);
        }
    }

    private static TaskFailure.NotFound notFound(String id) {
        return new TaskFailure.NotFound("no session '" + id + "': it never existed, expired, or was deleted");
    }
}
