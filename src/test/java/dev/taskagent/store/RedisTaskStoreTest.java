package dev.taskagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.store.RedisTaskStore.Event;
import dev.taskagent.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared task store against a real redis-server: what two replicas rely on, without starting either. */
class RedisTaskStoreTest {

    private static final Duration RETENTION = Duration.ofMinutes(5);

    static RedisServer server;
    static Vertx vertx;
    static RedisTaskStore store;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        Redis client = Redis.createClient(vertx, server.url());
        store = new RedisTaskStore(new RedisConnection(client, "test:", Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        vertx.close();
        server.close();
    }

    private static String newId() {
        return "task_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Event created() {
        return new Event(1, "task.created", "{\"status\":\"queued\"}");
    }

    @Test
    void givenEventsAppended_whenReadAfterANumber_thenOnlyLaterEventsComeInOrder() {
        String id = newId();
        assertTrue(store.create(id, "alice", 1, "queued", "{}", created()));

        store.append(
                id,
                "in_progress",
                "{\"status\":\"in_progress\"}",
                List.of(new Event(2, "task.in_progress", "{}"), new Event(3, "output.delta", "{\"text\":\"a\"}")),
                RETENTION);
        // a batch sent again (a retry after a lost reply) adds nothing twice
        store.append(id, "in_progress", "{}", List.of(new Event(3, "output.delta", "{\"text\":\"a\"}")), RETENTION);

        assertEquals(
                List.of(2L, 3L),
                store.events(id, 1, 100).stream().map(Event::sequence).toList());
        assertEquals("output.delta", store.events(id, 2, 100).getFirst().type());
        assertEquals(3, store.find(id).orElseThrow().lastEvent());
    }

    @Test
    void givenAFinishedTask_whenAnotherWriteComes_thenItIsRefusedAndTheKeysExpire() {
        String id = newId();
        store.create(id, "alice", 1, "queued", "{}", created());
        assertTrue(store.append(
                id, "completed", "{\"done\":1}", List.of(new Event(2, "task.completed", "{}")), RETENTION));

        assertFalse(store.append(id, "in_progress", "{}", List.of(new Event(3, "output.delta", "{}")), RETENTION));
        assertEquals("completed", store.find(id).orElseThrow().status());
    }

    @Test
    void givenAFullQueue_whenOneMoreIsQueued_thenItIsRefusedAndNotRecorded() {
        RedisTaskStore own = ownStore();
        String first = newId();
        String second = newId();
        assertTrue(own.enqueue(first, "alice", 1, "{}", created(), "{}", 1));

        assertFalse(own.enqueue(second, "alice", 2, "{}", created(), "{}", 1));
        assertTrue(own.find(second).isEmpty());
        assertEquals(1, own.queued());
    }

    @Test
    void givenQueuedTasks_whenClaimed_thenOldestFirstAndEachOnlyOnce() {
        RedisTaskStore own = ownStore();
        String first = newId();
        String second = newId();
        own.enqueue(first, "alice", 1, "{}", created(), "{\"input\":\"one\"}", 10);
        own.enqueue(second, "bob", 2, "{}", created(), "{\"input\":\"two\"}", 10);

        RedisTaskStore.Claim claimed = own.claim(Duration.ofSeconds(10)).orElseThrow();
        assertEquals(first, claimed.id());
        assertEquals("alice", claimed.owner());
        assertEquals("{\"input\":\"one\"}", claimed.request());
        assertEquals(second, own.claim(Duration.ofSeconds(10)).orElseThrow().id());
        assertTrue(own.claim(Duration.ofSeconds(10)).isEmpty());
    }

    @Test
    void givenALeaseThatRunsOut_whenReaped_thenTheTaskFailsOnceWithItsLastEvent() throws InterruptedException {
        RedisTaskStore own = ownStore();
        String id = newId();
        own.create(id, "alice", 1, "in_progress", "{}", created());
        own.hold(id, Duration.ofMillis(100));
        assertFalse(own.endLost(id, "{\"lost\":1}", RETENTION), "the lease still runs");

        Thread.sleep(300);

        assertEquals(List.of(id), own.expiredLeases(10));
        assertTrue(own.endLost(id, "{\"lost\":1}", RETENTION));
        assertFalse(own.endLost(id, "{\"lost\":2}", RETENTION), "a second replica gets nothing to do");
        Event last = own.events(id, 1, 10).getLast();
        assertEquals("task.failed", last.type());
        assertEquals("{\"lost\":1}", last.data());
        assertTrue(own.expiredLeases(10).isEmpty());
    }

    @Test
    void givenARenewedLease_whenItsFirstTermHasPassed_thenTheTaskIsNotLost() throws InterruptedException {
        RedisTaskStore own = ownStore();
        String id = newId();
        own.create(id, "alice", 1, "in_progress", "{}", created());
        own.hold(id, Duration.ofMillis(200));

        own.renew(List.of(id), Duration.ofSeconds(30));
        Thread.sleep(400);

        assertFalse(own.endLost(id, "{}", RETENTION));
        assertEquals("in_progress", own.find(id).orElseThrow().status());
    }

    @Test
    void givenAQueuedTask_whenCancelledBeforeAnyReplicaTakesIt_thenItEndsCancelledAndCannotBeTaken() {
        RedisTaskStore own = ownStore();
        String id = newId();
        own.enqueue(id, "alice", 1, "{}", created(), "{}", 10);

        assertTrue(own.endQueued(id, "{\"status\":\"cancelled\"}", RETENTION));

        assertEquals("cancelled", own.find(id).orElseThrow().status());
        assertEquals("task.cancelled", own.events(id, 1, 10).getFirst().type());
        assertTrue(own.claim(Duration.ofSeconds(10)).isEmpty());
    }

    @Test
    void givenTasksOfTwoOwners_whenListed_thenEachSeesOnlyTheirsNewestFirst() {
        RedisTaskStore own = ownStore();
        String older = newId();
        String newer = newId();
        own.create(older, "alice", 1, "completed", "{\"n\":1}", created());
        own.create(newer, "alice", 2, "in_progress", "{\"n\":2}", created());
        own.create(newId(), "bob", 3, "in_progress", "{}", created());

        assertEquals(
                List.of(newer, older),
                own.recent("alice", 10, null).stream()
                        .map(RedisTaskStore.Stored::id)
                        .toList());
        assertEquals(
                List.of(older),
                own.recent("alice", 10, "completed").stream()
                        .map(RedisTaskStore.Stored::id)
                        .toList());
    }

    @Test
    void givenCancelRequests_whenTheRunnerLooks_thenItFindsExactlyThose() {
        String asked = newId();
        store.requestCancel(asked, RETENTION);

        assertEquals(List.of(asked), store.cancelRequested(List.of(newId(), asked)));
    }

    @Test
    void givenRedisDown_whenACommandIsSent_thenStoreUnavailableIsThrownPromptly() {
        RedisServer down = RedisServer.notStarted();
        RedisTaskStore unreachable = new RedisTaskStore(
                new RedisConnection(Redis.createClient(vertx, down.url()), "test:", Duration.ofSeconds(2)));

        assertThrows(StoreUnavailableException.class, () -> unreachable.find("task_x"));
    }

    /** A store under its own prefix, for tests of the one queue and lease set. */
    private static RedisTaskStore ownStore() {
        Redis client = Redis.createClient(vertx, server.url());
        return new RedisTaskStore(new RedisConnection(client, "t" + UUID.randomUUID() + ":", Duration.ofSeconds(3)));
    }
}
