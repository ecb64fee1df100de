package dev.taskagent.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Retries stay a small share of requests, over all tasks and within one. */
class RetryBudgetTest {

    @Test
    void allowsTheReserveThenOneRetryPerTenRequestsWhenEverythingFails() {
        RetryBudget budget = new RetryBudget(0.1, 10);
        int retries = 0;
        for (int request = 0; request < 1000; request++) {
            budget.requested();
            // every request fails and wants all its retries
            for (int attempt = 0; attempt < 3 && budget.tryRetry(); attempt++) {
                retries++;
            }
        }
        assertTrue(retries <= 10 + 100, retries + " retries for 1000 requests");
        assertTrue(retries >= 100, "the share is granted: " + retries);
    }

    @Test
    void neverHoldsMoreThanTheReserve() {
        RetryBudget budget = new RetryBudget(0.5, 2);
        for (int i = 0; i < 100; i++) {
            budget.requested();
        }
        assertTrue(budget.tryRetry());
        assertTrue(budget.tryRetry());
        assertFalse(budget.tryRetry());
    }

    @Test
    void aTaskTakesAtMostItsRetries() {
        TaskRetries task = new TaskRetries();
        assertTrue(task.tryTake(2));
        assertTrue(task.tryTake(2));
        assertFalse(task.tryTake(2));
        assertEquals(2, task.used());
    }
}
