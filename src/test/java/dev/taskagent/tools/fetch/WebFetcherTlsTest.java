package dev.taskagent.tools.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on loopback: a self-signed certificate for {@code docs.test} (SAN dns:docs.test, ip:127.0.0.1) made with the
 * JDK's keytool, served by a Vert.x HTTPS server on 127.0.0.1 that records the SNI name and Host header it received.
 */
class WebFetcherTlsTest {

    @TempDir
    static Path dir;

    static Path keystore;
    static Path certPem;
    static Vertx serverVertx;
    static int httpsPort;
    static int httpPort;
    static final Map<String, String> seen = new ConcurrentHashMap<>();

    final List<WebFetcher> fetchers = new ArrayList<>();
    FakeResolver resolver;

    @BeforeAll
    static void createCertificateAndServers() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool not available");
        keystore = dir.resolve("server.p12");
        certPem = dir.resolve("server.pem");
        run(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "srv",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=docs.test",
                "-ext",
                "SAN=dns:docs.test,ip:127.0.0.1",
                "-validity",
                "3",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-noprompt");
        run(
                keytool.toString(),
                "-exportcert",
                "-rfc",
                "-alias",
                "srv",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                certPem.toString());

        serverVertx = Vertx.vertx();
        HttpServer https = serverVertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setSsl(true)
                .setSni(true)
                .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword("changeit")));
        https.requestHandler(req -> {
            String sni = req.connection().indicatedServerName();
            seen.put("sni", sni == null ? "<none>" : sni);
            seen.put("host", String.valueOf(req.getHeader("Host")));
            if (req.path().equals("/down")) {
                req.response()
                        .setStatusCode(302)
                        .putHeader("Location", "http://docs.test:" + httpPort + "/plain")
                        .end();
            } else {
                req.response().putHeader("Content-Type", "text/plain").end("tls ok");
            }
        });
        httpsPort = https.listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .actualPort();
        HttpServer http = serverVertx.createHttpServer(
                new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        http.requestHandler(
                req -> req.response().putHeader("Content-Type", "text/plain").end("plain after downgrade"));
        httpPort = http.listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (serverVertx != null) {
            serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void setUp() {
        seen.clear();
        resolver = new FakeResolver().map("docs.test", "127.0.0.1").map("wrong.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() {
        fetchers.forEach(WebFetcher::close);
    }

    WebFetcher fetcher(boolean trustTestCertificate) {
        FetchSettings s = FetchSettings.defaults()
                .withAllowPrivateAddresses(true)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10));
        WebFetcher f = new WebFetcher(
                WebFetcher.createVertx(),
                true,
                s,
                resolver,
                o -> {
                    if (trustTestCertificate) {
                        o.setTrustOptions(new PemTrustOptions().addCertPath(certPem.toString()));
                    }
                },
                WebFetcherTest.LOOPBACK_ONLY);
        fetchers.add(f);
        return f;
    }

    @Test
    void sendsSniAndHostOfTheOriginalNameToThePinnedAddress() {
        FetchedPage p = fetcher(true).fetch("https://docs.test:" + httpsPort + "/hello", 0, null);
        assertEquals("tls ok", p.text());
        assertEquals("docs.test", seen.get("sni"));
        assertEquals("docs.test:" + httpsPort, seen.get("host"));
        assertEquals(1, resolver.calls("docs.test"));
    }

    @Test
    void certificateIsVerifiedAgainstTheOriginalHostName() {
        FetchException e = assertThrows(
                FetchException.class, () -> fetcher(true).fetch("https://wrong.test:" + httpsPort + "/", 0, null));
        assertTrue(e.getMessage().startsWith("TLS error"), e.getMessage());
        assertFalse(seen.containsKey("host"), "no request may be sent over an unverified connection");
    }

    @Test
    void untrustedCertificateIsRefusedWithDefaultTrust() {
        FetchException e = assertThrows(
                FetchException.class, () -> fetcher(false).fetch("https://docs.test:" + httpsPort + "/", 0, null));
        assertTrue(e.getMessage().startsWith("TLS error"), e.getMessage());
        assertFalse(seen.containsKey("host"));
    }

    @Test
    void ipLiteralUsesNoSniAndIsVerifiedAgainstIpSan() {
        FetchedPage p = fetcher(true).fetch("https://127.0.0.1:" + httpsPort + "/ip", 0, null);
        assertEquals("tls ok", p.text());
        assertEquals("<none>", seen.get("sni"));
        assertEquals(0, resolver.totalCalls());
    }

    @Test
    void stalledTlsHandshakeIsATimeout() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 5, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Thread.ofPlatform().daemon().start(() -> {
                try (java.net.Socket s = silent.accept()) {
                    Thread.sleep(5000); // accept TCP, never answer the ClientHello
                } catch (Exception ignored) {
                    // closed
                }
            });
            FetchSettings s = FetchSettings.defaults()
                    .withAllowPrivateAddresses(true)
                    .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10));
            WebFetcher f =
                    new WebFetcher(WebFetcher.createVertx(), true, s, resolver, o -> {}, WebFetcherTest.LOOPBACK_ONLY);
            fetchers.add(f);
            long t0 = System.nanoTime();
            FetchException e = assertThrows(
                    FetchException.class, () -> f.fetch("https://docs.test:" + silent.getLocalPort() + "/", 0, null));
            // the connection budget (TCP + TLS) or the TLS handshake timer fires first, both are the connect timeout
            assertTrue(
                    e.getMessage()
                            .matches("timeout after 500 ms \\((connecting to|TLS handshake with) docs\\.test:"
                                    + silent.getLocalPort() + "\\)"),
                    e.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3000);
        }
    }

    @Test
    void httpsToHttpDowngradeIsFollowedAndRechecked() {
        FetchedPage p = fetcher(true).fetch("https://docs.test:" + httpsPort + "/down", 0, null);
        assertEquals("plain after downgrade", p.text());
        assertEquals("http://docs.test:" + httpPort + "/plain", p.finalUrl());
        assertEquals(2, resolver.calls("docs.test"));
        assertNull(p.title());
    }
}
