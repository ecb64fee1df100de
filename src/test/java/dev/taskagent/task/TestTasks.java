package dev.taskagent.task;

import dev.taskagent.agent.AgentRun;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Task handles for tests of the task machinery, without a model behind them. */
final class TestTasks {

    private static final AtomicInteger IDS = new AtomicInteger();

    private TestTasks() {}

    static TaskHandle background(Clock clock) {
        return new TaskHandle(
                "task_" + IDS.incrementAndGet(),
                "owner",
                Delivery.BACKGROUND,
                null,
                "input",
                clock,
                null,
                Set.of(),
                new AgentRun.Limits(1, Map.of(), 3),
                List.of(),
                null,
                null,
                null,
                null,
                null);
    }
}
