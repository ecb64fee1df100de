package dev.taskagent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.taskagent.http.Problem;
import dev.taskagent.http.RequestIds;
import dev.taskagent.limits.BodySizeLimit;
import dev.taskagent.limits.LimitExceeded;
import dev.taskagent.store.StoreUnavailableException;
import dev.taskagent.task.TaskFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become RFC 9457 problem documents. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final Problems problems;

    public ProblemMapper(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response taskFailure(TaskFailure failure, UriInfo uri) {
        Problem problem = problems.of(failure, uri.getPath());
        Duration retryAfter = switch (failure) {
            case TaskFailure.UpstreamUnavailable paused -> paused.retryAfter();
            case TaskFailure.UpstreamError upstream -> upstream.retryAfter().orElse(null);
            case TaskFailure.QueueFull full -> full.retryAfter();
            default -> null;
        };
        return retryAfter == null ? respond(problem) : respond(problem, retryAfterSeconds(retryAfter));
    }

    @ServerExceptionMapper
    public Response limitExceeded(LimitExceeded e, UriInfo uri) {
        return respond(
                Problem.of(e.code(), "Too many requests", 429, e.getMessage(), uri.getPath()), e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e, UriInfo uri) {
        LOG.warnf("shared store unavailable on %s: %s", uri.getPath(), e.getMessage());
        return respond(
                Problem.of(
                        StoreUnavailableException.CODE,
                        "Store unavailable",
                        503,
                        StoreUnavailableException.DETAIL,
                        uri.getPath()),
                5);
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(BodySizeLimit.BodyTooLarge e, UriInfo uri) {
        return respond(Problem.of("body-too-large", "Request body too large", 413, e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        BodySizeLimit.BodyTooLarge tooLarge = bodyTooLargeIn(e);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge, uri);
        }
        return respond(Problem.of("invalid-request", "Invalid request", 400, describe(e), uri.getPath()));
    }

    // Jackson's binding errors have a built-in mapper of their own; this more specific one keeps them problems too.
    @ServerExceptionMapper
    public Response badJsonBinding(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        BodySizeLimit.BodyTooLarge tooLarge = bodyTooLargeIn(e);
        if (tooLarge != null) {
            return bodyTooLarge(tooLarge, uri);
        }
        if (status == 400) {
            String detail = e.getCause() instanceof JsonProcessingException json
                    ? describe(json)
                    : "the request body is not valid JSON for this endpoint";
            return respond(Problem.of("invalid-request", "Invalid request", 400, detail, uri.getPath()));
        }
        if (status == 415) {
            return respond(Problem.of(
                    "unsupported-media-type",
                    "Unsupported Media Type",
                    415,
                    "send the body as JSON with the header 'Content-Type: application/json'",
                    uri.getPath()));
        }
        Response.StatusType info = Response.Status.fromStatusCode(status);
        String title = info == null ? "HTTP " + status : info.getReasonPhrase();
        String slug = title.toLowerCase().replace(' ', '-');
        return respond(Problem.of(slug, title, status, e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(Problem.of(
                "internal-error",
                "Internal error",
                500,
                "the service failed unexpectedly; the error is logged",
                uri.getPath()));
    }

    /** The body cap, hit while a reader (Jackson, the REST layer) consumed the body and wrapped what it threw. */
    private static BodySizeLimit.BodyTooLarge bodyTooLargeIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.BodyTooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private static String describe(JsonProcessingException e) {
        return e instanceof UnrecognizedPropertyException unknown
                ? "unknown member '" + unknown.getPropertyName() + "' in the request body"
                : "the request body is not valid JSON for this endpoint: " + e.getOriginalMessage();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withRequestId(RequestIds.current()))
                .build();
    }

    private static Response respond(Problem problem, long retryAfterSeconds) {
        return Response.fromResponse(respond(problem))
                .header("Retry-After", retryAfterSeconds)
                .build();
    }

    private static long retryAfterSeconds(Duration delay) {
        return Math.max(1, delay.plusMillis(999).toSeconds());
    }
}
