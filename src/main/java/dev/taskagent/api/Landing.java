package dev.taskagent.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /}: a short JSON document saying what this is and where the API, its description and the docs are, so
 * that a browser or a curl at the bare address finds its way (it needs no key). A page shipped as
 * {@code META-INF/resources/index.html} takes {@code /} instead: then this route is not registered.
 */
@ApplicationScoped
public class Landing {

    /** After the request id and authentication filters, before the REST layer. */
    static final int ROUTE_ORDER = 0;

    static final String INDEX_PAGE = "META-INF/resources/index.html";

    /** The landing document. */
    @RegisterForReflection
    public record Document(
            String name,
            String version,
            String description,
            String api,
            @JsonProperty("api_description") String apiDescription,
            @JsonProperty("swagger_ui") String swaggerUi,
            String health,
            String docs) {}

    private final Document document;
    private final ObjectMapper mapper;

    public Landing(
            ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.mapper = mapper;
        this.document = new Document(
                "task-agent",
                version,
                "Send a task in plain language to POST /v1/tasks (with 'Authorization: Bearer <key>' and "
                        + "'Content-Type: application/json'); a model runs it with typed tools and answers with a "
                        + "trace of every step.",
                "/v1/tasks",
                "/q/openapi",
                "/q/swagger-ui",
                "/q/health",
                "docs/api.md in the source tree");
    }

    void register(@Observes Router router) {
        if (Thread.currentThread().getContextClassLoader().getResource(INDEX_PAGE) != null) {
            return;
        }
        router.get("/").order(ROUTE_ORDER).handler(this::answer);
    }

    private void answer(RoutingContext ctx) {
        try {
            ctx.response()
                    .putHeader("Content-Type", "application/json;charset=UTF-8")
                    .end(mapper.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
