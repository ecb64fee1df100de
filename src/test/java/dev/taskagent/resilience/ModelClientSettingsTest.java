package dev.taskagent.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.Test;

class ModelClientSettingsTest {

    @Test
    void setsConnectTimeoutPoolSizeAndStreamedCallsFilterOfTheModelClient() {
        List<String> calls = new ArrayList<>();
        RestClientBuilder builder = (RestClientBuilder) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RestClientBuilder.class}, (proxy, method, args) -> {
                    calls.add(method.getName()
                            + List.of(args).stream()
                                    .map(a -> a instanceof StreamedCallsCloseConnection
                                            ? "StreamedCallsCloseConnection"
                                            : String.valueOf(a))
                                    .toList());
                    return proxy;
                });

        ModelClientSettings.apply(builder, Duration.ofSeconds(7), 300);

        assertEquals(
                List.of(
                        "connectTimeout[7000, " + TimeUnit.MILLISECONDS + "]",
                        "property[" + ModelClientSettings.POOL_SIZE + ", 300]",
                        "register[StreamedCallsCloseConnection]"),
                calls);
    }

    @Test
    void leavesOtherClientsAlone() {
        RestClientBuilder untouchable = (RestClientBuilder) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RestClientBuilder.class}, (proxy, method, args) -> {
                    throw new AssertionError("touched: " + method.getName());
                });

        new ModelClientSettings().onNewClient(Runnable.class, untouchable);
    }
}
