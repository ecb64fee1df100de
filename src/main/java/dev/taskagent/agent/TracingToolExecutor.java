package dev.taskagent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import org.jboss.logging.Logger;

/**
 * Runs one tool function for one task: spends budget, times the call, and records it. A failing tool never fails
 * the task: the model gets a short error text instead, and the step keeps it.
 */
final class TracingToolExecutor implements ToolExecutor {

    private static final Logger LOG = Logger.getLogger(TracingToolExecutor.class);

    private final AgentRun run;
    private final ToolExecutor delegate;
    private final ObjectMapper mapper;

    TracingToolExecutor(AgentRun run, ToolExecutor delegate, ObjectMapper mapper) {
        this.run = run;
        this.delegate = delegate;
        this.mapper = mapper;
    }

    /** Tool results are records serialised with indentation; the model reads them as well without, for fewer tokens. */
    private String compact(String text) {
        if (text == null || text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
            return text;
        }
        try {
            return mapper.writeValueAsString(mapper.readTree(text));
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        return executeWithContext(request, null).resultText();
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        run.reserveToolCall();
        run.started(request.name(), request.arguments());
        long start = System.nanoTime();
        String result = null;
        String error = null;
        try {
            result = compact(delegate.executeWithContext(request, context).resultText());
        } catch (ToolArgumentsException e) {
            error = "invalid arguments for " + request.name() + ": expected JSON matching the tool's parameters";
        } catch (ToolFailure e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            ToolFailure known = ToolFailure.find(e);
            if (known != null) {
                error = known.getMessage();
            } else {
                LOG.warnf("tool %s failed in task %s: %s", request.name(), run.id(), e.getClass().getName());
                error = "internal error in " + request.name();
            }
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        run.record(new ToolStep(request.name(), request.arguments(), result, error, durationMs));
        if (error != null) {
            return ToolExecutionResult.builder().isError(true).resultText("error: " + error).build();
        }
        return ToolExecutionResult.builder().resultText(result).build();
    }
}
