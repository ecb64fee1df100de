package dev.taskagent.task;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.taskagent.agent.Agent;
import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolBudgetExhaustedException;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.observability.ObservedTask;

/** Validates a task, runs it with the agent, and reports what happened. */
@ApplicationScoped
public class TaskService {

    private final Agent agent;
    private final ToolCatalog catalog;
    private final TaskAgentConfig config;
    private final UpstreamErrors upstreamErrors;

    public TaskService(Agent agent, ToolCatalog catalog, TaskAgentConfig config, ObjectMapper mapper) {
        this.agent = agent;
        this.catalog = catalog;
        this.config = config;
        this.upstreamErrors = new UpstreamErrors(mapper, config.model().circuitBreaker().delay());
    }

    /** Runs the task to completion; every way it can fail is a {@link TaskFailure}. */
    public CompletedTask run(TaskSpec spec) {
        return run(spec, StepListener.NONE);
    }

    /** Runs the task to completion, telling {@code listener} about each tool call as it happens. */
    @ObservedTask
    public CompletedTask run(TaskSpec spec, StepListener listener) {
        String input = validInput(spec.input());
        Set<String> tools = validTools(spec.tools());
        int maxToolCalls = validMaxToolCalls(spec.maxToolCalls());
        List<String> fetchDomains = validDomains(spec.fetchAllowedDomains());
        if (config.model().apiKey().filter(key -> !key.isBlank()).isEmpty()) {
            throw new TaskFailure.ModelNotConfigured(config.model().apiKeyVariable());
        }

        AgentRun run = new AgentRun(newId(), tools, maxToolCalls, fetchDomains, listener);
        long start = System.nanoTime();
        try {
            Agent.Answer answer = agent.run(run, input);
            return new CompletedTask(run.id(), answer.output(), answer.steps(), run.sources(), answer.inputTokens(),
                    answer.outputTokens(), config.model().name(), (System.nanoTime() - start) / 1_000_000);
        } catch (ToolBudgetExhaustedException e) {
            throw new TaskFailure.ToolBudgetExhausted(run.id(), e.limit(), run.steps());
        } catch (RuntimeException e) {
            TaskFailure failure = upstreamErrors.translate(e);
            if (failure != null) {
                throw failure;
            }
            throw e;
        }
    }

    private String validInput(String input) {
        if (input == null || input.isBlank()) {
            throw new TaskFailure.InvalidTask("'input' is required and must not be empty");
        }
        int max = config.tasks().maxInputChars();
        if (input.length() > max) {
            throw new TaskFailure.InvalidTask(
                    "'input' has " + input.length() + " characters; the limit is " + max);
        }
        return input;
    }

    private Set<String> validTools(List<String> requested) {
        if (requested == null) {
            return new LinkedHashSet<>(catalog.enabledNames());
        }
        Set<String> tools = new LinkedHashSet<>();
        for (String name : requested) {
            ToolCatalog.Entry entry = catalog.find(name).orElseThrow(() -> new TaskFailure.InvalidTask(
                    "unknown tool '" + name + "'; known tools: " + String.join(", ", knownNames())));
            entry.tool().disabledReason().ifPresent(reason -> {
                throw new TaskFailure.InvalidTask("tool '" + name + "' is disabled: " + reason);
            });
            tools.add(name);
        }
        return tools;
    }

    private static List<String> validDomains(List<String> domains) {
        if (domains == null) {
            return List.of();
        }
        if (domains.isEmpty()) {
            throw new TaskFailure.InvalidTask("'fetch.allowed_domains' must list at least one domain when present");
        }
        for (String domain : domains) {
            if (domain == null || domain.isBlank() || domain.contains("/") || domain.contains(":")) {
                throw new TaskFailure.InvalidTask("'fetch.allowed_domains' holds an invalid domain: '" + domain
                        + "' (give host names such as example.com)");
            }
        }
        return domains;
    }

    private int validMaxToolCalls(Integer requested) {
        if (requested == null) {
            return Math.min(config.tasks().defaultMaxToolCalls(), config.tasks().maxToolCalls());
        }
        if (requested < 0) {
            throw new TaskFailure.InvalidTask("'max_tool_calls' must be zero or more");
        }
        return Math.min(requested, config.tasks().maxToolCalls());
    }

    private List<String> knownNames() {
        return catalog.all().stream().map(ToolCatalog.Entry::name).toList();
    }

    private static String newId() {
        return "task_" + UUID.randomUUID().toString().replace("-", "");
    }
}
