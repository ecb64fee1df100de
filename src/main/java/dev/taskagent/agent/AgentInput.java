package dev.taskagent.agent;

import java.util.List;

/**
 * What the user says in this run: the text, the images that go with it, and optional extra instructions appended to
 * the system prompt (the OpenAI facade's system messages).
 */
public record AgentInput(String text, List<ImageInput> images, String instructions) {

    public AgentInput {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public static AgentInput text(String text) {
        return new AgentInput(text, List.of(), null);
    }
}
