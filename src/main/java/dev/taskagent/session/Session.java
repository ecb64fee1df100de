package dev.taskagent.session;

import java.time.Instant;

import dev.taskagent.agent.Conversation;

/** A conversation kept across tasks: what was said, when the session began, and when it was last used. */
public record Session(String id, Conversation history, Instant createdAt, Instant usedAt) {
}
