package dev.taskagent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.TaskAgent;
import dev.taskagent.api.CreateTaskRequest;
import dev.taskagent.api.TaskList;
import dev.taskagent.api.TaskResponse;
import dev.taskagent.http.Problem;
import dev.taskagent.openai.ChatCompletion;
import dev.taskagent.openai.ChatCompletionRequest;
import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds, as soon as the server listens, what the first task would otherwise build while its caller waits: the AI
 * service with its model client and tool executors, and the JSON readers and writers of the API's types. Runs beside
 * the first requests (on its own thread), and in the AOT training run too, so the cache records it. Nothing here calls
 * the model or counts in a metric.
 */
@ApplicationScoped
public class Preload {

    private static final Logger LOG = Logger.getLogger(Preload.class);
    private static final List<Class<?>> READ = List.of(CreateTaskRequest.class, ChatCompletionRequest.class);
    private static final List<Class<?>> WRITTEN =
            List.of(TaskResponse.class, TaskList.class, Problem.class, ChatCompletion.class);

    private final TaskAgent agent;
    private final ObjectMapper mapper;

    public Preload(TaskAgent agent, ObjectMapper mapper) {
        this.agent = agent;
        this.mapper = mapper;
    }

    /** Starts the work on a daemon thread and returns at once. */
    public void start() {
        Thread.ofPlatform().name("preload").daemon().start(this::run);
    }

    void run() {
        long started = System.nanoTime();
        try {
            ClientProxy.unwrap(agent);
            // an ObjectReader or ObjectWriter for a type resolves (and the mapper caches) its whole (de)serializer
            READ.forEach(mapper::readerFor);
            WRITTEN.forEach(mapper::writerFor);
            LOG.debugf("preloaded in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            // only an optimisation: the first task builds whatever failed here, and reports its own errors
            LOG.debugf(e, "preload stopped");
        }
    }
}
