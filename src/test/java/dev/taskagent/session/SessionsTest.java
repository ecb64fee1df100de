package dev.taskagent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.agent.Conversation;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {

    static final String OWNER = "key-1";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemorySessionStore store = new InMemorySessionStore();

    Sessions sessions(int maxMessages, int maxSessions) {
        return new Sessions(
                store,
                new TaskAgentConfig.Sessions() {
                    @Override
                    public int maxMessages() {
                        return maxMessages;
                    }

                    @Override
                    public Duration ttl() {
                        return Duration.ofMinutes(30);
                    }

                    @Override
                    public int maxSessions() {
                        return maxSessions;
                    }
                },
                clock);
    }

    static Conversation turn(int n) {
        return Conversation.empty().user("question " + n).assistant("answer " + n);
    }

    @Test
    void keepsTheNewestTurnsWithinTheWindow() {
        Sessions sessions = sessions(5, 100);
        for (int n = 1; n <= 4; n++) {
            sessions.remember(OWNER, "s", turn(n));
        }

        List<Conversation.Message> kept = sessions.history(OWNER, "s").view();

        assertEquals(
                List.of(
                        new Conversation.Message("user", "question 3"),
                        new Conversation.Message("assistant", "answer 3"),
                        new Conversation.Message("user", "question 4"),
                        new Conversation.Message("assistant", "answer 4")),
                kept,
                "five would start with an answer; the window starts at a question");
    }

    @Test
    void forgetsASessionUnusedForItsTimeToLive() {
        Sessions sessions = sessions(40, 100);
        sessions.remember(OWNER, "s", turn(1));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(2, sessions.history(OWNER, "s").size());
        sessions.remember(OWNER, "s", turn(2));

        clock.advance(Duration.ofMinutes(31));

        assertTrue(sessions.history(OWNER, "s").isEmpty());
        assertTrue(sessions.find(OWNER, "s").isEmpty());
        sessions.remember(OWNER, "s", turn(3));
        assertEquals(
                "question 3", sessions.history(OWNER, "s").view().getFirst().text(), "a new conversation");
    }

    @Test
    void dropsTheLeastRecentlyUsedBeyondTheLimit() {
        Sessions sessions = sessions(40, 2);
        sessions.remember(OWNER, "a", turn(1));
        clock.advance(Duration.ofSeconds(1));
        sessions.remember(OWNER, "b", turn(1));
        clock.advance(Duration.ofSeconds(1));
        sessions.remember(OWNER, "a", turn(2));
        clock.advance(Duration.ofSeconds(1));

        sessions.remember(OWNER, "c", turn(1));

        assertTrue(sessions.find(OWNER, "a").isPresent());
        assertFalse(sessions.find(OWNER, "b").isPresent());
        assertTrue(sessions.find(OWNER, "c").isPresent());
    }

    @Test
    void keepsOneOwnersSessionsFromAnothers() {
        Sessions sessions = sessions(40, 100);
        sessions.remember(OWNER, "s", turn(1));

        assertTrue(sessions.history("key-2", "s").isEmpty(), "the same id of another key is another session");
        assertFalse(sessions.forget("key-2", "s"));
        assertEquals(2, sessions.history(OWNER, "s").size());
    }

    @Test
    void acceptsOnlyPlainIds() {
        assertTrue(Sessions.validId("user-42:chat_1.v2"));
        assertFalse(Sessions.validId(""));
        assertFalse(Sessions.validId("has space"));
        assertFalse(Sessions.validId("x".repeat(129)));
    }
}
