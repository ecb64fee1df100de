package dev.taskagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends problem documents from HTTP filters that run before the REST layer (authentication, limits), in the same
 * shape the API's exception mapper ({@code api/ProblemMapper}) gives every other error; on the OpenAI-compatible paths, as an {@link OpenAiError}.
 */
@ApplicationScoped
public class ProblemWriter {

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Ends the exchange with this problem; {@code headers} are name/value pairs added to the response. */
    public void send(RoutingContext ctx, String slug, String title, int status, String detail, String... headers) {
        Problem problem =
                Problem.of(slug, title, status, detail, ctx.request().path()).withRequestId(RequestIds.current());
        boolean openAi = OpenAiError.covers(ctx.request().path());
        String body;
        try {
            body = mapper.writeValueAsString(openAi ? OpenAiError.of(problem) : problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document could not be written", e);
        }
        var response = ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", openAi ? "application/json" : Problem.MEDIA_TYPE);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        response.end(body);
    }
}
