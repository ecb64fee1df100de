package dev.taskagent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static final java.util.function.BinaryOperator<String> JOIN = (a, b) -> a + b;

    @Test
    void joinsPiecesNobodyHasReadIntoTheLastEvent() {
        EventLog<String> log = new EventLog<>();
        log.append("created");

        log.appendOrMerge("a", (x, y) -> x.equals("created") ? null : x + y);
        log.appendOrMerge("b", JOIN);
        log.appendOrMerge("c", JOIN);

        assertEquals(
                List.of("created", "abc"),
                log.after(0).events().stream().map(EventLog.Sequenced::event).toList());
    }

    @Test
    void neverChangesAnEventAReaderWasHanded() {
        EventLog<String> log = new EventLog<>();
        log.append("a");
        log.after(0);

        log.appendOrMerge("b", JOIN);
        log.appendOrMerge("c", JOIN);

        assertEquals(
                List.of("a", "bc"),
                log.after(0).events().stream().map(EventLog.Sequenced::event).toList());
        assertEquals(2, log.after(1).events().getFirst().sequence(), "numbers stay as they were");
    }

    @Test
    void numbersEventsFromOneAndReplaysAfterAnyNumber() {
        EventLog<String> log = new EventLog<>();
        assertEquals(1, log.append("a"));
        assertEquals(2, log.append("b"));
        assertEquals(3, log.appendLast("c"));

        assertEquals(
                List.of("b", "c"),
                log.after(1).events().stream().map(EventLog.Sequenced::event).toList());
        assertEquals(List.of(), log.after(3).events());
        assertTrue(log.after(0).closed());
    }

    @Test
    void ignoresEventsAfterTheLast() {
        EventLog<String> log = new EventLog<>();
        log.appendLast("end");
        log.append("late");

        assertEquals(1, log.after(0).events().size());
    }

    @Test
    void waitingTimesOutWithNothingWhileOpen() throws InterruptedException {
        EventLog<String> log = new EventLog<>();
        log.append("a");

        EventLog.Batch<String> batch = log.await(1, Duration.ofMillis(50));

        assertTrue(batch.events().isEmpty());
        assertFalse(batch.closed());
    }

    @Test
    void followingHandsOverEventsAppendedLaterAndSignalsIdleTimes() throws Exception {
        EventLog<String> log = new EventLog<>();
        log.append("a");
        List<String> seen = new ArrayList<>();
        AtomicInteger idles = new AtomicInteger();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                log.follow(0, Duration.ofMillis(20), new EventLog.Follower<>() {
                    @Override
                    public void event(EventLog.Sequenced<String> event) {
                        seen.add(event.sequence() + ":" + event.event());
                    }

                    @Override
                    public void idle() {
                        idles.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dev.taskagent.support.Poll.until(idles::get, n -> n >= 2, "a couple of idle heartbeats");

        log.append("b");
        log.appendLast("c");
        follower.join(10_000);

        assertFalse(follower.isAlive(), "following ends with the last event");
        assertEquals(List.of("1:a", "2:b", "3:c"), seen);
    }
}
