package dev.taskagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.StepListener;
import dev.taskagent.api.Problems;
import dev.taskagent.api.TaskSnapshots;
import dev.taskagent.http.Problem;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskHandle;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one task from the terminal and exits: the answer on stdout; with {@code --json} the task (or the problem)
 * exactly as the HTTP API gives it; with {@code --stream} each tool call on stderr as it happens; on a terminal, the
 * step being run and the time so far on stderr while it runs.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Run one task and print its answer.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the task completed",
            "1:the task failed (model, tools or configuration)",
            "2:bad usage or invalid task"
        })
public class RunCommand implements Callable<Integer> {

    static final int TASK_FAILED = 1;
    static final int BAD_USAGE = 2;
    /** Set by the launcher (target/task-agent) when stderr is a terminal; the JVM cannot tell by itself. */
    static final String STDERR_IS_TERMINAL = "TASK_AGENT_STDERR_IS_TERMINAL";

    @Parameters(index = "0", paramLabel = "TASK", description = "The task, in plain language.")
    String input;

    @Option(names = "--json", description = "Print the task (or the problem) as JSON, as the HTTP API does.")
    boolean json;

    @Option(names = "--stream", description = "Print each tool call to stderr as it happens.")
    boolean stream;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Show the step being run and the time so far on stderr (default: when stderr is a "
                    + "terminal, as target/task-agent tells).")
    Boolean progress;

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            description = "Root directory for the file search tool (read-only).")
    Path workspace;

    @Option(
            names = "--tools",
            split = ",",
            paramLabel = "NAME",
            description = "Tools the model may use: calculator, file_search, http_fetch (default: all enabled).")
    List<String> tools;

    @Option(names = "--max-tool-calls", paramLabel = "N", description = "Tool-call budget of this task.")
    Integer maxToolCalls;

    @Spec
    CommandSpec spec;

    private final TaskService tasks;
    private final TaskSnapshots snapshots;
    private final Problems problems;
    private final ObjectMapper mapper;

    public RunCommand(TaskService tasks, TaskSnapshots snapshots, Problems problems, ObjectMapper mapper) {
        this.tasks = tasks;
        this.snapshots = snapshots;
        this.problems = problems;
        this.mapper = mapper;
    }

    /** Why {@code --workspace DIR} cannot be used, as the one line the command prints; empty when it can. */
    static Optional<String> workspaceProblem(Path workspace) {
        if (Files.isDirectory(workspace) && Files.isReadable(workspace)) {
            return Optional.empty();
        }
        return Optional.of("task-agent run: --workspace " + workspace + " is not a readable directory"
                + (Files.exists(workspace) ? "" : " (it does not exist)"));
    }

    @Override
    public Integer call() throws JsonProcessingException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> unusable = workspace == null ? Optional.empty() : workspaceProblem(workspace);
        if (unusable.isPresent()) {
            err.println(unusable.get());
            err.flush();
            return BAD_USAGE;
        }
        List<StepListener> listeners = new ArrayList<>();
        if (stream) {
            listeners.add(new StepLines(err));
        }
        Progress ticker = showProgress() ? new Progress(err) : null;
        if (ticker != null) {
            listeners.add(ticker);
        }
        try {
            TaskHandle task = tasks.start(TaskSpec.basic(input, tools, maxToolCalls, null), StepLines.all(listeners));
            if (ticker != null) {
                ticker.start();
            }
            CompletedTask completed = task.await();
            stop(ticker);
            out.println(json ? mapper.writeValueAsString(snapshots.of(task)) : completed.output());
            out.flush();
            return 0;
        } catch (TaskFailure failure) {
            stop(ticker);
            Problem problem = problems.of(failure, "cli:run");
            if (json) {
                out.println(mapper.writeValueAsString(problem));
                out.flush();
            }
            err.println("task-agent: " + problem.title().toLowerCase() + ": " + problem.detail());
            err.flush();
            return failure instanceof TaskFailure.InvalidTask ? BAD_USAGE : TASK_FAILED;
        }
    }

    private boolean showProgress() {
        return progress != null ? progress : Boolean.parseBoolean(System.getenv(STDERR_IS_TERMINAL));
    }

    private static void stop(Progress ticker) {
        if (ticker != null) {
            ticker.stop();
        }
    }
}
