package dev.taskagent.agent;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.taskagent.resilience.ResilientChatModel;
import io.quarkiverse.langchain4j.RegisterAiService;

/**
 * The model behind every task. Its tools come from {@link TaskToolProvider}, narrowed per task to the tool sets the
 * task asked for; a call to any other function is answered by {@link UnknownToolStrategy}. Every model call goes
 * through {@link ResilientChatModel} (timeout, retry, circuit breaker). Application-scoped (not the default request
 * scope) so tasks run outside HTTP requests too — the command line, background work; each task keeps its own memory
 * under its own id.
 */
@ApplicationScoped
@RegisterAiService(chatLanguageModelSupplier = ResilientChatModel.Supplier.class,
        toolProviderSupplier = TaskToolProvider.Supplier.class, toolHallucinationStrategy = UnknownToolStrategy.class)
public interface TaskAgent {

    @SystemMessage(fromResource = "prompts/task-agent-system.txt")
    Result<String> run(@MemoryId String taskId, @UserMessage String input, @V("tools") String tools,
            InvocationParameters parameters);
}
