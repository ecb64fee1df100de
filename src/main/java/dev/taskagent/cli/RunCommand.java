package dev.taskagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.agent.StepListener;
import dev.taskagent.agent.ToolStep;
import dev.taskagent.api.Problem;
import dev.taskagent.api.Problems;
import dev.taskagent.api.TaskViews;
import dev.taskagent.task.CompletedTask;
import dev.taskagent.task.TaskFailure;
import dev.taskagent.task.TaskService;
import dev.taskagent.task.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one task from the terminal and exits: the answer on stdout; with {@code --json} the full result (or problem)
 * as the HTTP API gives it; with {@code --stream} each tool call on stderr as it happens.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
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

    @Parameters(index = "0", paramLabel = "TASK", description = "The task, in plain language.")
    String input;

    @Option(names = "--json", description = "Print the full result (or the problem) as JSON.")
    boolean json;

    @Option(names = "--stream", description = "Print each tool call to stderr as it happens.")
    boolean stream;

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
    private final TaskViews views;
    private final Problems problems;
    private final ObjectMapper mapper;

    public RunCommand(TaskService tasks, TaskViews views, Problems problems, ObjectMapper mapper) {
        this.tasks = tasks;
        this.views = views;
        this.problems = problems;
        this.mapper = mapper;
    }

    @Override
    public Integer call() throws JsonProcessingException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            CompletedTask task = tasks.run(
                    TaskSpec.basic(input, tools, maxToolCalls, null), stream ? new Progress(err) : StepListener.NONE);
            out.println(json ? mapper.writeValueAsString(views.response(task)) : task.output());
            out.flush();
            return 0;
        } catch (TaskFailure failure) {
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

    /** Prints tool calls as they happen. */
    private static final class Progress implements StepListener {
        private final PrintWriter err;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(String tool, String arguments) {
            err.println("→ " + tool + " " + arguments);
            err.flush();
        }

        @Override
        public void completed(ToolStep step) {
            String outcome = step.failed() ? "error: " + step.error() : step.result();
            err.println("← " + step.tool() + " (" + step.durationMs() + " ms) " + outcome);
            err.flush();
        }
    }
}
