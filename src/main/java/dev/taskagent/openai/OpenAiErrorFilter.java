package dev.taskagent.openai;

import dev.taskagent.http.OpenAiError;
import dev.taskagent.http.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Answers errors on the OpenAI-compatible paths as OpenAI does: the problem document every error becomes (through
 * the one exception mapper) is sent as {@code {"error": {...}}} with the same status and headers, so OpenAI clients
 * read the message and raise their own error classes.
 */
public class OpenAiErrorFilter {

    @ServerResponseFilter
    public void asOpenAiError(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem
                && OpenAiError.covers(request.getUriInfo().getPath())) {
            response.setEntity(OpenAiError.of(problem), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
