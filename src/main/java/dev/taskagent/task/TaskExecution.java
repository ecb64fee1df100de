package dev.taskagent.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.Agent;
import dev.taskagent.agent.AgentInput;
import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.Conversation;
import dev.taskagent.agent.InvalidOutputException;
import dev.taskagent.agent.RepeatedToolCallException;
import dev.taskagent.agent.RunCancelledException;
import dev.taskagent.agent.ToolBudgetExhaustedException;
import dev.taskagent.config.ModelCatalog;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs one admitted task with the agent, on the task's own thread: its answer, or the {@link TaskFailure} that
 * stopped it. Every run is observed (span, metrics, graceful shutdown), whichever way the task was created.
 */
@ApplicationScoped
public class TaskExecution {

    private static final Logger LOG = Logger.getLogger(TaskExecution.class);

    private final Agent agent;
    private final Sessions sessions;
    private final UpstreamErrors upstreamErrors;
    private final ModelCatalog models;

    public TaskExecution(
            Agent agent, Sessions sessions, TaskAgentConfig config, ObjectMapper mapper, ModelCatalog models) {
        this.agent = agent;
        this.sessions = sessions;
        this.models = models;
        this.upstreamErrors = new UpstreamErrors(mapper, config.model());
    }

    /** {@code spec} is what the client asked for (for the span); {@code task} and {@code input} what was admitted. */
    @ObservedTask
    public CompletedTask run(TaskSpec spec, TaskHandle task, Conversation history, AgentInput input) {
        AgentRun run = task.run();
        long start = System.nanoTime();
        try {
            Agent.Answer answer = agent.run(run, history, input, task.delivery().streamsModel());
            if (task.session() != null) {
                sessions.remember(task.owner(), task.session(), answer.turn());
            }
            ModelCatalog.Model model = models.orDefault(run.model());
            return new CompletedTask(
                    run.id(),
                    answer.output(),
                    answer.outputJson(),
                    answer.steps(),
                    run.sources(),
                    answer.inputTokens(),
                    answer.outputTokens(),
                    model.cost(answer.inputTokens(), answer.outputTokens()),
                    model.id(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RunCancelledException e) {
            throw new TaskFailure.Cancelled(run.id(), run.steps());
        } catch (ToolBudgetExhaustedException e) {
            throw new TaskFailure.ToolBudgetExhausted(run.id(), e.limit(), run.steps());
        } catch (InvalidOutputException e) {
            throw new TaskFailure.InvalidOutput(run.id(), e.lastAttempt(), e.errors(), run.steps());
        } catch (RepeatedToolCallException e) {
            throw new TaskFailure.RepeatedToolCall(run.id(), e.tool(), e.limit(), run.steps());
        } catch (TaskFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw failureOf(run, e);
        } finally {
            Thread.interrupted();
        }
    }

    private TaskFailure failureOf(AgentRun run, RuntimeException e) {
        if (run.isCancelled()) {
            return new TaskFailure.Cancelled(run.id(), run.steps());
        }
        TaskFailure failure = upstreamErrors.translate(e);
        if (failure != null) {
            return failure;
        }
        LOG.errorf(e, "task %s failed unexpectedly", run.id());
        return new TaskFailure.Internal();
    }
}
