package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.AgentInput;
import dev.taskagent.agent.AgentRun;
import dev.taskagent.agent.Conversation;
import dev.taskagent.agent.OutputSchema;
import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolCatalog;
import dev.taskagent.config.ModelCatalog;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.session.Sessions;
import dev.taskagent.tools.fetch.FetchPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Validates a task, runs it on the {@link TaskQueue}, and records what happened on its {@link TaskHandle}. Every way a
 * task can fail is a {@link TaskFailure}: invalid requests and a full queue before the task exists, everything else
 * as the task's outcome.
 */
@ApplicationScoped
public class TaskService {

    private static final Set<String> REASONING = new LinkedHashSet<>(List.of("none", "high"));
    private static final int INPUT_PREVIEW = 200;
    /** Owner of tasks run in this process without a caller, e.g. from the command line. */
    private static final String LOCAL = "local";

    private final TaskExecution execution;
    private final ToolCatalog catalog;
    private final TaskAgentConfig config;
    private final TaskQueue queue;
    private final TaskRegistry registry;
    private final Sessions sessions;
    private final ImageRules images;
    private final ModelCatalog models;
    private final OutputSchema.Limits schemaLimits;

    public TaskService(
            TaskExecution execution,
            ToolCatalog catalog,
            TaskAgentConfig config,
            TaskQueue queue,
            TaskRegistry registry,
            Sessions sessions,
            ModelCatalog models) {
        this.execution = execution;
        this.catalog = catalog;
        this.config = config;
        this.queue = queue;
        this.registry = registry;
        this.sessions = sessions;
        this.images = new ImageRules(config.images());
        this.models = models;
        this.schemaLimits = new OutputSchema.Limits(
                config.output().maxSchemaChars(), config.output().maxSchemaDepth());
    }

    /** Runs the task and waits for it; the result, or its failure thrown. */
    public CompletedTask run(TaskSpec spec) throws InterruptedException {
        return run(spec, StepListener.NONE);
    }

    /** Runs the task and waits for it, telling {@code listener} about each tool call as it happens. */
    public CompletedTask run(TaskSpec spec, StepListener listener) throws InterruptedException {
        return start(spec, listener).await();
    }

    /**
     * Starts the task for this process's own user (the command line), telling {@code listener} about each tool call;
     * the handle follows it.
     */
    public TaskHandle start(TaskSpec spec, StepListener listener) {
        return submit(spec, LOCAL, Delivery.WAIT, listener, null);
    }

    /**
     * Validates the task and queues it; it runs on its own from here, and the handle follows it. {@code owner} is who
     * may see it and whose sessions it uses; {@code whenFinished} runs once, when the task has ended or was not
     * accepted.
     */
    public TaskHandle submit(TaskSpec spec, String owner, Delivery delivery, Runnable whenFinished) {
        return submit(spec, owner, delivery, StepListener.NONE, whenFinished);
    }

    private TaskHandle submit(
            TaskSpec spec, String owner, Delivery delivery, StepListener listener, Runnable whenFinished) {
        try {
            return admit(spec, owner, delivery, listener, whenFinished);
        } catch (RuntimeException refused) {
            if (whenFinished != null) {
                whenFinished.run();
            }
            throw refused;
        }
    }

    /**
     * Checks the task as {@link #submit} would, without running it: what a task handed to another replica (the shared
     * queue of {@code task-agent.store=redis}) must pass before it is accepted.
     */
    public void check(TaskSpec spec, Delivery delivery) {
        validate(spec, delivery);
    }

    /**
     * Runs a task accepted earlier (perhaps by another replica) under the id and creation time it was given then;
     * otherwise as {@link #submit}.
     */
    public TaskHandle resume(String id, Instant createdAt, TaskSpec spec, String owner, Runnable whenFinished) {
        try {
            return admit(validate(spec, Delivery.BACKGROUND), id, createdAt, owner, StepListener.NONE, whenFinished);
        } catch (RuntimeException refused) {
            if (whenFinished != null) {
                whenFinished.run();
            }
            throw refused;
        }
    }

    private TaskHandle admit(
            TaskSpec spec, String owner, Delivery delivery, StepListener listener, Runnable whenFinished) {
        return admit(validate(spec, delivery), newId(), null, owner, listener, whenFinished);
    }

    /** A task that passed every check, ready to run. */
    private record Valid(
            TaskSpec spec,
            Delivery delivery,
            String text,
            Set<String> tools,
            AgentRun.Limits limits,
            List<String> fetchDomains,
            AgentInput input,
            String reasoning,
            ModelCatalog.Model model,
            OutputSchema outputSchema,
            String session) {}

    private Valid validate(TaskSpec spec, Delivery delivery) {
        if (delivery == Delivery.BACKGROUND && !config.tasks().backgroundEnabled()) {
            throw new TaskFailure.InvalidTask("background tasks are switched off here "
                    + "(task-agent.tasks.background-enabled=false): send the task without 'background'");
        }
        String text = validInput(spec.input());
        Set<String> tools = validTools(spec.tools());
        AgentRun.Limits limits = new AgentRun.Limits(
                validMaxToolCalls(spec.maxToolCalls()),
                validMaxUses(spec.maxToolUses(), tools),
                config.tasks().maxIdenticalToolCalls());
        List<String> fetchDomains = validDomains(spec.fetchAllowedDomains());
        AgentInput input = new AgentInput(text, images.check(spec.images()), spec.instructions());
        String reasoning = validReasoning(spec.reasoning());
        ModelCatalog.Model model = validModel(spec.model(), input, reasoning);
        OutputSchema outputSchema = validOutputSchema(spec.outputSchema());
        String session = validSession(spec.session());
        if (config.model().apiKey().filter(key -> !key.isBlank()).isEmpty()) {
            throw new TaskFailure.ModelNotConfigured(config.model().apiKeyVariable());
        }
        return new Valid(
                spec, delivery, text, tools, limits, fetchDomains, input, reasoning, model, outputSchema, session);
    }

    private TaskHandle admit(
            Valid valid, String id, Instant createdAt, String owner, StepListener listener, Runnable whenFinished) {
        queue.admit();
        TaskHandle task;
        try {
            task = new TaskHandle(
                    id,
                    owner,
                    valid.delivery(),
                    valid.session(),
                    preview(valid.text()),
                    registry.clock(),
                    createdAt,
                    valid.tools(),
                    valid.limits(),
                    valid.fetchDomains(),
                    valid.reasoning(),
                    valid.model().id(),
                    valid.outputSchema(),
                    listener,
                    whenFinished);
            registry.add(task);
        } catch (RuntimeException e) {
            queue.release();
            throw e;
        }
        TaskSpec spec = valid.spec();
        Conversation history = spec.history() != null
                ? spec.history()
                : valid.session() != null ? sessions.history(owner, valid.session()) : Conversation.empty();
        queue.start(task, t -> t.complete(execution.run(spec, t, history, valid.input())));
        return task;
    }

    private String validInput(String input) {
        if (input == null || input.isBlank()) {
            throw new TaskFailure.InvalidTask("'input' is required and must not be empty");
        }
        int max = config.tasks().maxInputChars();
        if (input.length() > max) {
            throw new TaskFailure.InvalidTask("'input' has " + input.length() + " characters; the limit is " + max);
        }
        return input;
    }

    private Set<String> validTools(List<String> requested) {
        if (requested == null) {
            return new LinkedHashSet<>(catalog.enabledNames());
        }
        Set<String> tools = new LinkedHashSet<>();
        for (String name : requested) {
            ToolCatalog.Entry entry = catalog.find(name)
                    .orElseThrow(() -> new TaskFailure.InvalidTask(
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
            FetchPolicy.entryProblem(domain).ifPresent(problem -> {
                throw new TaskFailure.InvalidTask(
                        "'fetch.allowed_domains' entry '" + domain + "' " + problem + "; " + FetchPolicy.ENTRY_RULE);
            });
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

    private Map<String, Integer> validMaxUses(Map<String, Integer> requested, Set<String> tools) {
        Map<String, Integer> limits = new HashMap<>();
        for (String name : tools) {
            limits.put(name, catalog.find(name).orElseThrow().tool().maxUses());
        }
        if (requested == null) {
            return limits;
        }
        for (Map.Entry<String, Integer> entry : requested.entrySet()) {
            String name = entry.getKey();
            if (!tools.contains(name)) {
                throw new TaskFailure.InvalidTask("'max_tool_uses' names '" + name + "', which is not among this "
                        + "task's tools: " + String.join(", ", tools));
            }
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw new TaskFailure.InvalidTask("'max_tool_uses." + name + "' must be zero or more");
            }
            limits.merge(name, entry.getValue(), Math::min);
        }
        return limits;
    }

    private static String validReasoning(String reasoning) {
        if (reasoning != null && !REASONING.contains(reasoning)) {
            throw new TaskFailure.InvalidTask(
                    "'reasoning' must be one of " + String.join(", ", REASONING) + ", not '" + reasoning + "'");
        }
        return reasoning;
    }

    /** The chosen model (the default when none was named), refused when it cannot take what the task brings. */
    private ModelCatalog.Model validModel(String id, AgentInput input, String reasoning) {
        ModelCatalog.Model model = id == null
                ? models.defaultModel()
                : models.find(id)
                        .orElseThrow(() -> new TaskFailure.InvalidTask(
                                "unknown model '" + id + "'; allowed models: " + models.ids() + " (GET /v1/models)",
                                "model"));
        if (!input.images().isEmpty() && !model.supportsImages()) {
            throw new TaskFailure.InvalidTask(
                    "model '" + model.id() + "' does not take images; send the task without images or choose a "
                            + "model that takes them (GET /v1/models: supports_images)",
                    "model");
        }
        if (reasoning != null && !model.supportsReasoningEffort()) {
            throw new TaskFailure.InvalidTask(
                    "model '" + model.id() + "' does not take a reasoning effort; send the task without it or "
                            + "choose a model that takes it (GET /v1/models: supports_reasoning_effort)",
                    "model");
        }
        return model;
    }

    private OutputSchema validOutputSchema(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return null;
        }
        try {
            return OutputSchema.of(schema, schemaLimits, "'output_schema'");
        } catch (OutputSchema.Unsupported unsupported) {
            throw new TaskFailure.InvalidTask(unsupported.getMessage(), "output_schema");
        }
    }

    private static String validSession(String session) {
        if (session != null && !Sessions.validId(session)) {
            throw new TaskFailure.InvalidTask("'session' must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        return session;
    }

    /** What a task shows of its input: the first 200 characters. */
    public static String preview(String input) {
        return input.length() <= INPUT_PREVIEW ? input : input.substring(0, INPUT_PREVIEW) + "…";
    }

    private List<String> knownNames() {
        return catalog.all().stream().map(ToolCatalog.Entry::name).toList();
    }

    /** A new task id: {@code task_} and 32 hex digits. */
    public static String newId() {
        return "task_" + UUID.randomUUID().toString().replace("-", "");
    }
}
