package dev.taskagent.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one tool function for one task: admits the call against the run's limits, times it, and records it. A failing
 * tool never fails the task: the model gets a short error text instead, and the step keeps it.
 */
final class TracingToolExecutor implements ToolExecutor {

    private static final Logger LOG = Logger.getLogger(TracingToolExecutor.class);

    static final String UNKNOWN = "unknown tool '%s'; use only the tools listed for this task";

    private final AgentRun run;
    private final String toolSet;
    private final ToolExecutor delegate;
    private final ToolJson json;

    TracingToolExecutor(AgentRun run, String toolSet, ToolExecutor delegate, ToolJson json) {
        this.run = run;
        this.toolSet = toolSet;
        this.delegate = delegate;
        this.json = json;
    }

    /** Answers a call of a function the run was not given: the model is told which tools it has; the step records it. */
    static String unknown(AgentRun run, ToolExecutionRequest request, ToolJson json) {
        String error = UNKNOWN.formatted(request.name());
        run.startStep(request.name(), request.arguments(), json.callKey(request));
        run.finishStep(new ToolStep(request.name(), request.arguments(), null, error, 0));
        return "error: " + error;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        return executeWithContext(request, null).resultText();
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        run.checkNotCancelled();
        run.startStep(request.name(), request.arguments(), json.callKey(request));
        long start = System.nanoTime();
        String result = null;
        String error = null;
        Optional<String> badArguments = json.argumentsProblem(request);
        if (badArguments.isPresent()) {
            // a model mistake, not a service fault: one line, and the model is told so it can try again
            LOG.warnf(
                    "model sent invalid arguments for %s in task %s: %s", request.name(), run.id(), badArguments.get());
            error = "invalid arguments for " + request.name() + ": " + badArguments.get()
                    + "; send a JSON object matching the tool's parameters";
        } else if (!run.useWithinLimit(toolSet)) {
            error = "use limit reached: " + toolSet + " may be used at most " + run.maxUses(toolSet)
                    + " times per task";
        } else {
            try {
                result = json.compact(
                        delegate.executeWithContext(request, context).resultText());
            } catch (ToolArgumentsException e) {
                error = "invalid arguments for " + request.name() + ": expected JSON matching the tool's parameters";
            } catch (ToolFailure e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                ToolFailure known = ToolFailure.find(e);
                if (known != null) {
                    error = known.getMessage();
                } else if (!run.isCancelled()) {
                    LOG.warnf(
                            "tool %s failed in task %s: %s",
                            request.name(), run.id(), e.getClass().getName());
                    error = "internal error in " + request.name();
                }
            }
        }
        if (run.isCancelled()) {
            result = null;
            error = "cancelled";
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        run.finishStep(new ToolStep(request.name(), request.arguments(), result, error, durationMs));
        if (error != null) {
            return ToolExecutionResult.builder()
                    .isError(true)
                    .resultText("error: " + error)
                    .build();
        }
        return ToolExecutionResult.builder().resultText(result).build();
    }
}
