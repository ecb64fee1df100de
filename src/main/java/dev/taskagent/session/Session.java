package dev.taskagent.session;

import dev.taskagent.agent.Conversation;
import java.time.Instant;

/** A conversation kept across tasks: what was said, when the session began, and when it was last used. */
public record Session(String id, Conversation history, Instant createdAt, Instant usedAt) {}
