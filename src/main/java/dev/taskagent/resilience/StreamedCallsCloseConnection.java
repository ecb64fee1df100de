package dev.taskagent.resilience;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.lang.reflect.Method;

/**
 * Sends {@code Connection: close} with every streamed call to the model endpoint, so that its connection never goes
 * back to the pool.
 *
 * <p>Why: the REST client reads a streamed answer (server-sent events) with an event source that closes its HTTP
 * connection when the answer ends. By then the client has already put that connection back in its pool, and under
 * load the next call has often taken it: that call then fails with "Connection was closed" before the endpoint saw
 * it. A burst of 60 streamed tasks on a fresh service lost every task this way (the failures opened the circuit
 * breaker). A streamed connection is closed after its answer either way; this only makes the close the agreed end of
 * the exchange instead of a race. Calls answered in one piece keep their pooled connections.
 */
@RegisterForReflection
public class StreamedCallsCloseConnection implements ClientRequestFilter {

    /** The MicroProfile REST Client property naming the interface method a request comes from. */
    static final String INVOKED_METHOD = "org.eclipse.microprofile.rest.client.invokedMethod";

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getProperty(INVOKED_METHOD) instanceof Method method && streamed(method)) {
            request.getHeaders().putSingle("Connection", "close");
        }
    }

    /** A method of the endpoint's client that answers with a stream of events. */
    static boolean streamed(Method method) {
        return Multi.class.isAssignableFrom(method.getReturnType());
    }
}
