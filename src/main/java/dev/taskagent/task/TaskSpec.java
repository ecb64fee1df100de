package dev.taskagent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.agent.Conversation;
import java.util.List;
import java.util.Map;

/**
 * What a client asked for, before validation. Null means "not given" for every member: tool sets (then all enabled),
 * budgets (then the configured defaults), http_fetch domains (then not narrowed), images, reasoning effort (then none
 * sent), session (then nothing is remembered), model (then the default), output schema (then a free-text answer). {@code history} and {@code instructions} carry a conversation the
 * client holds itself (the OpenAI facade) and are never combined with a session.
 */
public record TaskSpec(
        String input,
        List<String> tools,
        Integer maxToolCalls,
        Map<String, Integer> maxToolUses,
        List<String> fetchAllowedDomains,
        List<String> images,
        String reasoning,
        String session,
        Conversation history,
        String instructions,
        String model,
        JsonNode outputSchema) {

    /** A task with only its input; everything else as configured. */
    public static TaskSpec of(String input) {
        return basic(input, null, null, null);
    }

    /** A task with its input, tool sets, tool-call budget and http_fetch domains; everything else as configured. */
    public static TaskSpec basic(
            String input, List<String> tools, Integer maxToolCalls, List<String> fetchAllowedDomains) {
        return new TaskSpec(
                input, tools, maxToolCalls, null, fetchAllowedDomains, null, null, null, null, null, null, null);
    }
}
