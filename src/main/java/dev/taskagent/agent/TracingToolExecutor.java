package dev.taskagent.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.taskagent.http.ContextCarrier;
import dev.taskagent.tools.ToolFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs one tool function for one task: admits the call against the run's limits, times it, and records it. A failing
 * tool never fails the task: the model gets a short error text instead, and the step keeps it.
 * <p>
 * Each call runs on a thread of its own, bounded by {@code task-agent.tools.call-timeout}: a call that overruns is
 * interrupted and abandoned, and the model is told it timed out. A cancel (or the task's deadline) interrupts the task's
 * thread waiting here, which interrupts the call's thread in turn. An {@link Error} of the tool (out of memory, stack
 * overflow) is not the model's to handle: it ends the task.
 */
final class TracingToolExecutor implements ToolExecutor {

    private static final Logger LOG = Logger.getLogger(TracingToolExecutor.class);

    static final String UNKNOWN = "unknown tool '%s'; use only the tools listed for this task";

    private final AgentRun run;
    private final String toolSet;
    private final ToolExecutor delegate;
    private final ToolJson json;
    private final Duration callTimeout;

    TracingToolExecutor(AgentRun run, String toolSet, ToolExecutor delegate, ToolJson json, Duration callTimeout) {
        this.run = run;
        this.toolSet = toolSet;
        this.delegate = delegate;
        this.json = json;
        this.callTimeout = callTimeout;
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
                result = json.compact(call(request, context).resultText());
            } catch (TimeoutException e) {
                error = request.name() + " did not finish within " + seconds(callTimeout)
                        + " (task-agent.tools.call-timeout) and was stopped; try a smaller request";
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
            } catch (Error e) {
                long durationMs = (System.nanoTime() - start) / 1_000_000;
                String failed = "internal error in " + request.name() + ": the task was stopped";
                run.finishStep(new ToolStep(request.name(), request.arguments(), null, failed, durationMs));
                throw e;
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

    /** Runs the call on its own thread and waits for it at most the call timeout; rethrows what the tool threw. */
    private ToolExecutionResult call(ToolExecutionRequest request, InvocationContext context) throws TimeoutException {
        FutureTask<ToolExecutionResult> call = new FutureTask<>(() -> delegate.executeWithContext(request, context));
        Thread.ofVirtual().name("virtual-tool-" + request.name()).start(ContextCarrier.carry(call));
        try {
            return call.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            call.cancel(true);
            throw new RunCancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
