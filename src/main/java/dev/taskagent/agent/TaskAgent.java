package dev.taskagent.agent;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The model behind every task. Its tools come from {@link TaskToolProvider}, narrowed per task to the tool sets the
 * task asked for; a call to any other function is answered by {@link UnknownToolStrategy}. Every model call goes
 * through {@link ModelGate} (the shared cap on concurrent calls, cancellation, reasoning effort, streamed text) and
 * then {@link dev.taskagent.resilience.ResilientChatModel} (timeout, retry, circuit breaker). Application-scoped (not
 * the default request scope) so tasks run outside HTTP requests too — the command line, background work; each task
 * keeps its own memory under its own id, seeded with the conversation it continues.
 */
@ApplicationScoped
@RegisterAiService(
        chatLanguageModelSupplier = ModelGate.Supplier.class,
        toolProviderSupplier = TaskToolProvider.Supplier.class,
        toolHallucinationStrategy = UnknownToolStrategy.class)
public interface TaskAgent {

    /**
     * @param images go with the input as image content (an empty list sends text only)
     * @param tools the functions this task may call, named in the system prompt
     * @param toolGuide how each built-in tool set is used, with its configured limits ({@code AgentTool.promptGuide})
     * @param instructions the client's own system instructions, appended to ours; empty for none
     * @param typed whether the answer is given through {@value OutputSchema#TOOL} rather than as text
     */
    @SystemMessage(fromResource = "prompts/task-agent-system.txt")
    Result<String> run(
            @MemoryId String taskId,
            @UserMessage String input,
            List<Image> images,
            @V("tools") String tools,
            @V("toolGuide") String toolGuide,
            @V("instructions") String instructions,
            @V("typed") boolean typed,
            InvocationParameters parameters);
}
