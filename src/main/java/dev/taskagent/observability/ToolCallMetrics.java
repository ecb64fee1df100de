package dev.taskagent.observability;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.quarkiverse.langchain4j.runtime.tool.QuarkusToolExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiFunction;

/**
 * Counts and times every call of a known tool function, by its name and outcome (a tool that threw, or returned an
 * error result, is {@code error}). quarkus-langchain4j wraps each generated tool executor with every bean of this
 * type, as it does with its own tracing wrapper, so the agent code stays unaware of metrics. Calls of functions
 * that do not exist never get here, which keeps the {@code tool} label to the known names.
 */
@ApplicationScoped
public class ToolCallMetrics implements QuarkusToolExecutor.Wrapper {

    private final ServiceMetrics metrics;

    public ToolCallMetrics(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public ToolExecutionResult wrap(
            ToolExecutionRequest request,
            InvocationContext context,
            BiFunction<ToolExecutionRequest, InvocationContext, ToolExecutionResult> call,
            QuarkusToolExecutor executor) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            ToolExecutionResult result = call.apply(request, context);
            failed = result != null && result.isError();
            return result;
        } finally {
            metrics.toolCall(request.name(), failed, System.nanoTime() - start);
        }
    }
}
