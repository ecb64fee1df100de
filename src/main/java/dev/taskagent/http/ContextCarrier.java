package dev.taskagent.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;

/**
 * Hands work to a thread of its own without losing where it came from: the work runs in the trace context and with
 * the request id of the thread that handed it over. Tasks run on virtual threads that no request context reaches;
 * this keeps their spans under the request's and their log lines tagged with its id.
 */
public final class ContextCarrier {

    private ContextCarrier() {}

    /** {@code work}, to run on another thread as if on this one. */
    public static Runnable carry(Runnable work) {
        Context trace = Context.current();
        String requestId = RequestIds.current();
        return () -> {
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try (Scope scope = trace.makeCurrent()) {
                work.run();
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        };
    }
}
