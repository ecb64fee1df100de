package dev.taskagent.agent;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.UserMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * Earlier user and assistant messages a run continues from, oldest first; immutable. Holds text turns only (what the
 * user asked, what the agent answered), never tool calls, so any window of it that starts at a user message is a
 * valid conversation. {@link #toJson()} and {@link #fromJson(String)} let a shared store keep it.
 */
public final class Conversation {

    /** One message as plain values: {@code user} or {@code assistant}, and its text. */
    @RegisterForReflection
    public record Message(String role, String text) {}

    private static final Conversation EMPTY = new Conversation(List.of());

    private final List<ChatMessage> messages;

    private Conversation(List<ChatMessage> messages) {
        this.messages = List.copyOf(messages);
    }

    public static Conversation empty() {
        return EMPTY;
    }

    public static Conversation fromJson(String json) {
        return new Conversation(ChatMessageDeserializer.messagesFromJson(json));
    }

    public String toJson() {
        return ChatMessageSerializer.messagesToJson(messages);
    }

    /** This conversation and then a user message. */
    public Conversation user(String text) {
        return plus(UserMessage.from(text));
    }

    /** This conversation and then an assistant message. */
    public Conversation assistant(String text) {
        return plus(AiMessage.from(text));
    }

    public Conversation append(Conversation more) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(more.messages);
        return new Conversation(all);
    }

    /** The newest messages, at most {@code max}, starting at a user message. */
    public Conversation lastMessages(int max) {
        int from = Math.max(0, messages.size() - max);
        while (from < messages.size() && !(messages.get(from) instanceof UserMessage)) {
            from++;
        }
        return from == 0 ? this : new Conversation(messages.subList(from, messages.size()));
    }

    /** The messages as plain values, oldest first. */
    public List<Message> view() {
        return messages.stream()
                .map(message -> switch (message) {
                    case UserMessage user -> new Message("user", user.hasSingleText() ? user.singleText() : "");
                    case AiMessage ai -> new Message("assistant", ai.text() == null ? "" : ai.text());
                    default -> new Message(message.type().name().toLowerCase(java.util.Locale.ROOT), "");
                })
                .toList();
    }

    public int size() {
        return messages.size();
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    List<ChatMessage> messages() {
        return messages;
    }

    private Conversation plus(ChatMessage message) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.add(message);
        return new Conversation(all);
    }
}
