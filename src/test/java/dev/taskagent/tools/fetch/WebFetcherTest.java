package dev.taskagent.tools.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * All traffic goes to 127.0.0.1: WireMock and the raw socket server bind to loopback, the fake resolver maps test host
 * names to 127.0.0.1 and every fetcher is built with a last-chance connect guard that only allows loopback addresses.
 */
class WebFetcherTest {

    static final Predicate<InetAddress> LOOPBACK_ONLY = InetAddress::isLoopbackAddress;
    static final String UA = FetchSettings.DEFAULT_USER_AGENT;

    static WireMockServer wm;
    static int port;

    final List<WebFetcher> fetchers = new ArrayList<>();
    FakeResolver resolver;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        port = wm.port();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        resolver = new FakeResolver().map("docs.test", "127.0.0.1");
    }

    @AfterEach
    void closeFetchers() {
        fetchers.forEach(WebFetcher::close);
    }

    static FetchSettings privateAllowed() {
        return FetchSettings.defaults()
                .withAllowPrivateAddresses(true)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    WebFetcher fetcher(FetchSettings settings) {
        return fetcher(settings, resolver);
    }

    WebFetcher fetcher(FetchSettings settings, HostResolver r) {
        WebFetcher f = new WebFetcher(WebFetcher.createVertx(), true, settings, r, o -> {}, LOOPBACK_ONLY);
        fetchers.add(f);
        return f;
    }

    static String url(String host, String path) {
        return "http://" + host + ":" + port + path;
    }

    static FetchException fails(WebFetcher f, String url) {
        return assertThrows(FetchException.class, () -> f.fetch(url, 0, FetchPolicy.none()), url);
    }

    static void stub(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    }

    // ------------------------------------------------------------------ content

    @Test
    void htmlBecomesReadableTextWithTitleMainContentAndAbsoluteLinks() {
        stub(
                "/docs/index.html",
                aResponse()
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("""
                <!doctype html><html><head><title> Docs  Home </title><style>.x{color:red}</style>
                <script>alert('injected')</script></head>
                <body><nav><a href="/nav-link">Navigation</a></nav>
                <div class="sidebar">Sidebar text</div>
                <main><h1>Welcome</h1><p>First   paragraph
                with <a href="guide.html">a guide</a>.</p><p>Second paragraph.</p>
                <ul><li>one</li><li>two</li></ul>
                <a href="mailto:x@y.test">mail</a> <a href="https://external.test/page#frag">ext</a>
                <a href="javascript:alert(1)">js</a><div hidden>secret hidden text</div></main>
                <footer>Footer text <a href="/about">About</a></footer><noscript>Enable JS</noscript></body></html>
                """));
        FetchedPage p = fetcher(privateAllowed()).fetch(url("docs.test", "/docs/index.html"), 0, FetchPolicy.none());
        assertEquals(200, p.status());
        assertEquals("text/html", p.contentType());
        assertEquals("Docs Home", p.title()); // whitespace-normalised
        assertTrue(
                p.text()
                        .startsWith(
                                "# Welcome\n\nFirst paragraph with a guide.\n\nSecond paragraph.\n\n- one\n- two\n\n"),
                p.text());
        assertTrue(p.text().contains("mail ext"));
        for (String gone : List.of("Navigation", "Footer", "alert", "Enable JS", "color:red", "Sidebar", "secret")) {
            assertFalse(p.text().contains(gone), gone);
        }
        String base = "http://docs.test:" + port;
        assertEquals(
                List.of(
                        base + "/docs/guide.html",
                        "https://external.test/page#frag",
                        base + "/nav-link",
                        base + "/about"),
                p.links());
        assertEquals(url("docs.test", "/docs/index.html"), p.finalUrl());
        assertFalse(p.truncated());
        assertNull(p.nextStartIndex());
    }

    @Test
    void htmlWithoutMainUsesBodyAndArticles() {
        stub(
                "/a",
                aResponse()
                        .withHeader("Content-Type", "application/xhtml+xml")
                        .withBody(
                                "<html><body><div>menu</div><article><h2>Post</h2><p>Body &amp; more</p></article></body></html>"));
        stub(
                "/b",
                aResponse()
                        .withHeader("Content-Type", "text/html")
                        .withBody(
                                "<html><body><div>Line 1<br>Line 2</div><table><tr><td>a</td><td>b</td></tr></table></body></html>"));
        WebFetcher f = fetcher(privateAllowed());
        assertEquals(
                "## Post\n\nBody & more",
                f.fetch(url("docs.test", "/a"), 0, null).text());
        FetchedPage b = f.fetch(url("docs.test", "/b"), 0, null);
        assertEquals("Line 1\nLine 2\n\na | b", b.text());
        assertNull(b.title());
    }

    @Test
    void htmlLinksAreCappedAtFifty() {
        StringBuilder html = new StringBuilder("<html><body>");
        for (int i = 0; i < 80; i++) {
            html.append("<a href=\"/p").append(i).append("\">p").append(i).append("</a> ");
        }
        stub(
                "/many",
                aResponse()
                        .withHeader("Content-Type", "text/html")
                        .withBody(html.append("</body></html>").toString()));
        assertEquals(
                50,
                fetcher(privateAllowed())
                        .fetch(url("docs.test", "/many"), 0, null)
                        .links()
                        .size());
    }

    @Test
    void jsonIsPrettyPrinted() {
        stub(
                "/api",
                aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"b\":[1,2],\"a\":{\"c\":1.10}}"));
        stub(
                "/ld",
                aResponse()
                        .withHeader("Content-Type", "application/ld+json; charset=utf-8")
                        .withBody("[true,null]"));
        stub(
                "/broken",
                aResponse().withHeader("Content-Type", "application/json").withBody("{\"a\":1} trailing"));
        WebFetcher f = fetcher(privateAllowed());
        FetchedPage p = f.fetch(url("docs.test", "/api"), 0, null);
        assertEquals("{\n  \"b\" : [ 1, 2 ],\n  \"a\" : {\n    \"c\" : 1.10\n  }\n}", p.text());
        assertEquals("application/json", p.contentType());
        assertEquals("[ true, null ]", f.fetch(url("docs.test", "/ld"), 0, null).text());
        assertEquals(
                "{\"a\":1} trailing",
                f.fetch(url("docs.test", "/broken"), 0, null).text());
    }

    @Test
    void plainTextIsReturnedAsIsUsingTheHeaderCharset() {
        stub(
                "/latin1",
                aResponse()
                        .withHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                        .withBody("caf\u00e9  \n  spaced".getBytes(StandardCharsets.ISO_8859_1)));
        stub(
                "/utf8",
                aResponse()
                        .withHeader("Content-Type", "text/markdown")
                        .withBody("# caf\u00e9".getBytes(StandardCharsets.UTF_8)));
        stub("/none", aResponse().withBody("no content type here"));
        WebFetcher f = fetcher(privateAllowed());
        assertEquals(
                "caf\u00e9  \n  spaced",
                f.fetch(url("docs.test", "/latin1"), 0, null).text());
        assertEquals("# caf\u00e9", f.fetch(url("docs.test", "/utf8"), 0, null).text());
        FetchedPage none = f.fetch(url("docs.test", "/none"), 0, null);
        assertEquals("no content type here", none.text());
    }

    @Test
    void unsupportedContentTypeIsRefused() {
        stub(
                "/img.png",
                aResponse().withHeader("Content-Type", "image/png").withBody(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        stub("/bin", aResponse().withBody(new byte[] {0, 1, 2, 3, 0, 0}));
        stub("/huge.png", aResponse().withHeader("Content-Type", "image/png").withBody(new byte[3 * 1024 * 1024]));
        WebFetcher f = fetcher(privateAllowed());
        assertEquals(
                "unsupported content type image/png",
                fails(f, url("docs.test", "/img.png")).getMessage());
        assertTrue(fails(f, url("docs.test", "/bin")).getMessage().startsWith("unsupported content type"));
        assertEquals(
                "unsupported content type image/png",
                fails(f, url("docs.test", "/huge.png")).getMessage());
    }

    @Test
    void nonSuccessStatusesAreReturnedAsPages() {
        stub(
                "/missing",
                aResponse()
                        .withStatus(404)
                        .withStatusMessage("Not Found")
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body><p>Not here, try /docs</p></body></html>"));
        stub(
                "/missing.png",
                aResponse()
                        .withStatus(404)
                        .withStatusMessage("Not Found")
                        .withHeader("Content-Type", "image/png")
                        .withBody(new byte[] {1, 2, 3}));
        stub(
                "/empty",
                aResponse()
                        .withStatus(503)
                        .withStatusMessage("Service Unavailable")
                        .withHeader("Content-Type", "text/plain"));
        WebFetcher f = fetcher(privateAllowed());
        FetchedPage html = f.fetch(url("docs.test", "/missing"), 0, null);
        assertEquals(404, html.status());
        assertEquals("Not here, try /docs", html.text());
        FetchedPage png = f.fetch(url("docs.test", "/missing.png"), 0, null);
        assertEquals(404, png.status());
        assertEquals("HTTP 404 Not Found (content of type image/png not shown)", png.text());
        FetchedPage empty = f.fetch(url("docs.test", "/empty"), 0, null);
        assertEquals("HTTP 503 Service Unavailable", empty.text());
    }

    @Test
    void gzipBodiesAreInflatedUnderTheByteCap() throws IOException {
        stub(
                "/gz",
                aResponse()
                        .withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Encoding", "gzip")
                        .withBody(gzip("hello gzip".getBytes(StandardCharsets.UTF_8))));
        stub(
                "/bomb",
                aResponse()
                        .withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Encoding", "gzip")
                        .withBody(gzip(new byte[10 * 1024 * 1024])));
        stub(
                "/br",
                aResponse()
                        .withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Encoding", "br")
                        .withBody(new byte[] {1, 2, 3}));
        WebFetcher f = fetcher(privateAllowed().withLimits(1024 * 1024, 20_000, 5));
        assertEquals("hello gzip", f.fetch(url("docs.test", "/gz"), 0, null).text());
        assertEquals(
                "response larger than 1048576 bytes (decompressed)",
                fails(f, url("docs.test", "/bomb")).getMessage());
        assertEquals(
                "unsupported content encoding br",
                fails(f, url("docs.test", "/br")).getMessage());
    }

    // ------------------------------------------------------------------ size, paging

    @Test
    void byteCapIsEnforcedWhileStreamingAnEndlessBody() throws Exception {
        try (EndlessServer server = new EndlessServer()) {
            WebFetcher f = fetcher(privateAllowed().withLimits(1024 * 1024, 20_000, 5));
            FetchException e = fails(f, "http://docs.test:" + server.port() + "/endless");
            assertEquals("response larger than 1048576 bytes", e.getMessage());
            // the connection was reset: the server's writes fail long before its 200 MB limit
            assertEquals("closed by client", server.outcome.get(10, TimeUnit.SECONDS));
            assertTrue(server.written.get() < 64L * 1024 * 1024, "server wrote " + server.written.get());
        }
    }

    @Test
    void declaredContentLengthAboveTheCapIsRefusedBeforeReading() {
        stub("/big", aResponse().withHeader("Content-Type", "text/plain").withBody("x".repeat(5000)));
        WebFetcher f = fetcher(privateAllowed().withLimits(1000, 20_000, 5));
        assertEquals(
                "response larger than 1000 bytes",
                fails(f, url("docs.test", "/big")).getMessage());
    }

    @Test
    void pagesTextWithStartIndex() {
        stub(
                "/long",
                aResponse().withHeader("Content-Type", "text/plain").withBody("0123456789abcdefghijklmnopqrstuvwxy"));
        WebFetcher f = fetcher(privateAllowed().withLimits(1_000_000, 10, 5));
        String u = url("docs.test", "/long");
        FetchedPage first = f.fetch(u, 0, null);
        assertEquals("0123456789", first.text());
        assertEquals(35, first.totalChars());
        assertTrue(first.truncated());
        assertEquals(10, first.nextStartIndex());
        FetchedPage second = f.fetch(u, first.nextStartIndex(), null);
        assertEquals("abcdefghij", second.text());
        assertEquals(10, second.startIndex());
        FetchedPage last = f.fetch(u, 30, null);
        assertEquals("uvwxy", last.text());
        assertFalse(last.truncated());
        assertNull(last.nextStartIndex());
        assertEquals("start_index 35 is past the end (35 characters)", fails2(f, u, 35));
        assertEquals("start_index 999999 is past the end (35 characters)", fails2(f, u, 999999));
        assertEquals("start_index must not be negative", fails2(f, u, -1));
    }

    private static String fails2(WebFetcher f, String u, int start) {
        return assertThrows(FetchException.class, () -> f.fetch(u, start, null)).getMessage();
    }

    // ------------------------------------------------------------------ redirects

    @Test
    void redirectsAreFollovedWithEveryHopResolvedOnceAndNoCookiesKept() {
        stub(
                "/r1",
                aResponse().withStatus(302).withHeader("Location", "r2?x=1").withHeader("Set-Cookie", "sid=secret"));
        stub("/r2", aResponse().withStatus(301).withHeader("Location", "http://docs.test:" + port + "/final"));
        stub("/final", aResponse().withHeader("Content-Type", "text/plain").withBody("arrived"));
        FetchedPage p = fetcher(privateAllowed()).fetch(url("docs.test", "/r1"), 0, null);
        assertEquals("arrived", p.text());
        assertEquals(url("docs.test", "/r1"), p.requestedUrl());
        assertEquals(url("docs.test", "/final"), p.finalUrl());
        assertEquals(3, resolver.calls("docs.test"));
        wm.verify(getRequestedFor(urlEqualTo("/r2?x=1")).withoutHeader("Cookie"));
        wm.verify(getRequestedFor(urlEqualTo("/final")).withoutHeader("Cookie"));
    }

    @Test
    void redirectToMetadataAddressIsBlockedEvenThoughTheFirstHopWasAllowed() {
        stub("/meta", aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/latest/meta-data/"));
        stub(
                "/meta-name",
                aResponse().withStatus(307).withHeader("Location", "http://metadata.test/computeMetadata/v1/"));
        stub("/meta-num", aResponse().withStatus(308).withHeader("Location", "http://0xA9FEA9FE/"));
        resolver.map("metadata.test", "169.254.169.254");
        WebFetcher f = fetcher(privateAllowed());
        String m1 = fails(f, url("docs.test", "/meta")).getMessage();
        assertTrue(m1.startsWith("blocked: address 169.254.169.254 is link-local"), m1);
        assertTrue(m1.contains("after redirect to http://169.254.169.254/latest/meta-data/"), m1);
        assertTrue(
                fails(f, url("docs.test", "/meta-name")).getMessage().startsWith("blocked: address 169.254.169.254"));
        assertEquals(1, resolver.calls("metadata.test"));
        assertTrue(fails(f, url("docs.test", "/meta-num")).getMessage().startsWith("blocked: address 169.254.169.254"));
    }

    @Test
    void redirectHopsAreRecheckedAgainstDomainPolicyAndUrlRules() {
        stub("/to-other", aResponse().withStatus(302).withHeader("Location", "http://other.test:" + port + "/"));
        stub("/to-file", aResponse().withStatus(302).withHeader("Location", "file:///etc/passwd"));
        stub("/to-userinfo", aResponse().withStatus(302).withHeader("Location", "http://user:pw@docs.test/"));
        resolver.map("other.test", "127.0.0.1");
        WebFetcher f = fetcher(privateAllowed());
        FetchException e = assertThrows(
                FetchException.class,
                () -> f.fetch(url("docs.test", "/to-other"), 0, FetchPolicy.allowing("docs.test")));
        assertTrue(e.getMessage().startsWith("blocked: domain other.test is not in the allowed domains for this task"));
        assertEquals(0, resolver.calls("other.test"));
        assertTrue(fails(f, url("docs.test", "/to-file")).getMessage().startsWith("unsupported URL scheme \"file\""));
        assertTrue(fails(f, url("docs.test", "/to-userinfo")).getMessage().contains("user info"));
    }

    @Test
    void redirectLoopStopsAtMaxRedirects() {
        stub("/loop", aResponse().withStatus(302).withHeader("Location", "/loop"));
        WebFetcher f = fetcher(privateAllowed().withLimits(1_000_000, 1000, 3));
        assertEquals(
                "too many redirects (max 3)",
                fails(f, url("docs.test", "/loop")).getMessage());
        assertEquals(4, wm.findAll(getRequestedFor(urlEqualTo("/loop"))).size());
        WebFetcher none = fetcher(privateAllowed().withLimits(1_000_000, 1000, 0));
        assertEquals(
                "too many redirects (max 0)",
                fails(none, url("docs.test", "/loop")).getMessage());
    }

    @Test
    void redirectWithoutLocationIsReturnedAsPage() {
        stub(
                "/nowhere",
                aResponse()
                        .withStatus(302)
                        .withHeader("Content-Type", "text/plain")
                        .withBody("moved somewhere"));
        FetchedPage p = fetcher(privateAllowed()).fetch(url("docs.test", "/nowhere"), 0, null);
        assertEquals(302, p.status());
        assertEquals("moved somewhere", p.text());
    }

    // ------------------------------------------------------------------ pinning, headers, rebinding

    @Test
    void sendsOriginalHostHeaderWhileConnectingToThePinnedAddress() {
        stub("/host", aResponse().withHeader("Content-Type", "text/plain").withBody("ok"));
        resolver.map("bücher.test", "127.0.0.1").map("xn--bcher-kva.test", "127.0.0.1");
        WebFetcher f = fetcher(privateAllowed());
        assertEquals("ok", f.fetch(url("docs.test", "/host"), 0, null).text());
        // "docs.test" exists in no DNS: the request can only have arrived through the vetted 127.0.0.1
        wm.verify(getRequestedFor(urlEqualTo("/host"))
                .withHeader("Host", equalTo("docs.test:" + port))
                .withHeader("User-Agent", equalTo(UA))
                .withHeader("Accept-Encoding", equalTo("identity"))
                .withoutHeader("Cookie")
                .withoutHeader("Authorization")
                .withoutHeader("Proxy-Authorization"));
        assertEquals(1, resolver.calls("docs.test"));
        f.fetch(url("BÜCHER.test", "/host"), 0, null);
        wm.verify(getRequestedFor(urlEqualTo("/host")).withHeader("Host", equalTo("xn--bcher-kva.test:" + port)));
        assertEquals(1, resolver.calls("xn--bcher-kva.test"));
        assertEquals(0, resolver.calls("bücher.test"));
    }

    @Test
    void dnsRebindingCannotSwitchTheAddressBecauseEachHopResolvesOnce() {
        stub("/page", aResponse().withHeader("Content-Type", "text/plain").withBody("from loopback"));
        stub("/hop1", aResponse().withStatus(302).withHeader("Location", "/hop2"));
        stub("/hop2", aResponse().withHeader("Content-Type", "text/plain").withBody("must not be reached"));
        // belt and braces: 10.0.0.1 is also on the always-blocked list so a failure cannot produce traffic
        FetchSettings s = privateAllowed().withExtraBlockedHostPorts(List.of("10.0.0.1"));

        FakeResolver rebinding = new FakeResolver().sequence("rebind.test", List.of("127.0.0.1"), List.of("10.0.0.1"));
        FetchedPage p = fetcher(s, rebinding).fetch(url("rebind.test", "/page"), 0, null);
        assertEquals("from loopback", p.text());
        assertEquals(1, rebinding.calls("rebind.test"));

        FakeResolver rebinding2 = new FakeResolver().sequence("rebind.test", List.of("127.0.0.1"), List.of("10.0.0.1"));
        FetchException e = fails(fetcher(s, rebinding2), url("rebind.test", "/hop1"));
        assertTrue(
                e.getMessage().startsWith("blocked: rebind.test:" + port + " is a reserved endpoint"), e.getMessage());
        assertEquals(2, rebinding2.calls("rebind.test"));
        assertEquals(0, wm.findAll(getRequestedFor(urlEqualTo("/hop2"))).size());
    }

    @Test
    void withPrivateAddressesOffLoopbackIsBlockedAndNothingConnects() {
        stub("/", aResponse().withBody("secret"));
        WebFetcher f = fetcher(FetchSettings.defaults());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                fails(f, url("docs.test", "/")).getMessage());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                fails(f, url("127.0.0.1", "/")).getMessage());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                fails(f, url("2130706433", "/")).getMessage());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                fails(f, url("0x7f.1", "/")).getMessage());
        assertEquals(
                "blocked: address ::1 is loopback", fails(f, url("[::1]", "/")).getMessage());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                fails(f, url("[::ffff:127.0.0.1]", "/")).getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
        assertEquals(1, resolver.totalCalls());
    }

    @Test
    void anyPrivateAddressAmongTheResolvedOnesBlocksTheHost() {
        resolver.map("mixed.test", "93.184.216.34", "10.1.2.3")
                .map("mixed2.test", "192.168.0.10", "93.184.216.34")
                .map("mixed3.test", "127.0.0.1", "169.254.169.254")
                .map("v6.test", "2606:2800:220:1::", "fd12::1");
        WebFetcher strict = fetcher(FetchSettings.defaults());
        assertEquals(
                "blocked: address 10.1.2.3 is private",
                fails(strict, url("mixed.test", "/")).getMessage());
        assertEquals(
                "blocked: address 192.168.0.10 is private",
                fails(strict, url("mixed2.test", "/")).getMessage());
        assertEquals(
                "blocked: address fd12::1 is private (unique local)",
                fails(strict, url("v6.test", "/")).getMessage());
        WebFetcher lenient = fetcher(privateAllowed());
        assertTrue(fails(lenient, url("mixed3.test", "/")).getMessage().startsWith("blocked: address 169.254.169.254"));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void ipLiteralsAreNeverSentToTheResolver() {
        stub("/lit", aResponse().withHeader("Content-Type", "text/plain").withBody("literal"));
        WebFetcher f = fetcher(privateAllowed());
        assertEquals("literal", f.fetch(url("127.0.0.1", "/lit"), 0, null).text());
        FetchedPage p = f.fetch(url("0x7f.1", "/lit"), 0, null);
        assertEquals("literal", p.text());
        assertEquals(url("127.0.0.1", "/lit"), p.finalUrl());
        wm.verify(2, getRequestedFor(urlEqualTo("/lit")).withHeader("Host", equalTo("127.0.0.1:" + port)));
        assertEquals(0, resolver.totalCalls());
    }

    @Test
    void extraBlockedHostPortsBlockTheLambdaRuntimeEvenWithPrivateAllowed() {
        stub("/2018-06-01/runtime/invocation/next", aResponse().withBody("{}"));
        resolver.map("localhost", "127.0.0.1").map("v6loop.test", "::1");
        WebFetcher f = fetcher(privateAllowed().withExtraBlockedHostPorts(List.of("127.0.0.1:" + port)));
        String path = "/2018-06-01/runtime/invocation/next";
        assertEquals(
                "blocked: 127.0.0.1:" + port + " is a reserved endpoint",
                fails(f, url("127.0.0.1", path)).getMessage());
        assertEquals(
                "blocked: docs.test:" + port + " is a reserved endpoint",
                fails(f, url("docs.test", path)).getMessage());
        assertEquals(
                "blocked: localhost:" + port + " is a reserved endpoint",
                fails(f, url("localhost", path)).getMessage());
        assertTrue(fails(f, url("127.0.0.2", path)).getMessage().endsWith("is a reserved endpoint"));
        assertTrue(fails(f, url("v6loop.test", path)).getMessage().endsWith("is a reserved endpoint"));
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void unresolvableHostAndRefusedConnectionGiveShortMessages() throws IOException {
        WebFetcher f = fetcher(privateAllowed());
        assertEquals(
                "could not resolve host nowhere.test",
                fails(f, url("nowhere.test", "/")).getMessage());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            closedPort = s.getLocalPort();
        }
        assertEquals(
                "could not connect to docs.test:" + closedPort + " (connection refused)",
                fails(f, "http://docs.test:" + closedPort + "/").getMessage());
    }

    @Test
    void ipv6LiteralsAreConnectedWithoutResolving() {
        // WireMock listens on 127.0.0.1 only, so [::1] is refused (or unreachable without IPv6) - but it must fail
        // cleanly, with a short message, and without asking the resolver
        WebFetcher f = fetcher(privateAllowed());
        String msg = fails(f, "http://[::1]:" + port + "/").getMessage();
        assertTrue(msg.startsWith("could not connect to [::1]:" + port), msg);
        assertEquals(0, resolver.totalCalls());
    }

    @Test
    void badUrlsFailBeforeAnyNetworkUse() {
        WebFetcher f = fetcher(privateAllowed());
        assertTrue(fails(f, "file:///etc/passwd").getMessage().startsWith("unsupported URL scheme"));
        assertTrue(
                fails(f, "http://user:pw@docs.test:" + port + "/").getMessage().contains("user info"));
        assertTrue(fails(f, "http://[fe80::1%25lo]:" + port + "/").getMessage().contains("zone ids"));
        assertEquals(0, resolver.totalCalls());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void readTimeoutWhenTheServerIsSilent() {
        stub("/slow", aResponse().withFixedDelay(2500).withBody("late"));
        WebFetcher f = fetcher(
                privateAllowed().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(10)));
        FetchException e = fails(f, url("docs.test", "/slow"));
        assertEquals("timeout after 300 ms (waiting for data)", e.getMessage());
    }

    @Test
    void totalTimeoutBoundsASlowlyDribblingBody() {
        stub(
                "/dribble",
                aResponse()
                        .withHeader("Content-Type", "text/plain")
                        .withBody("x".repeat(100))
                        .withChunkedDribbleDelay(10, 5000));
        // the read timeout (5 s) is longer than any gap between chunks (0.5 s), so only the total one can end it
        WebFetcher f = fetcher(
                privateAllowed().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(1500)));
        FetchException e = fails(f, url("docs.test", "/dribble"));
        assertEquals("timeout after 1.5 s", e.getMessage());
    }

    @Test
    void slowResolverCountsAgainstTheTotalTimeout() {
        HostResolver slow = host -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        };
        WebFetcher f = fetcher(
                privateAllowed().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(400)),
                slow);
        assertEquals(
                "timeout after 400 ms (resolving docs.test)",
                fails(f, url("docs.test", "/")).getMessage());
    }

    // ------------------------------------------------------------------ domain lists

    @Test
    void allowedAndBlockedDomainListsAndTaskPolicyNarrowing() {
        stub("/", aResponse().withHeader("Content-Type", "text/plain").withBody("ok"));
        resolver.map("sub.docs.test", "127.0.0.1")
                .map("other.test", "127.0.0.1")
                .map("baddocs.test", "127.0.0.1");

        WebFetcher allow = fetcher(privateAllowed().withDomains(List.of("docs.test"), List.of()));
        assertEquals("ok", allow.fetch(url("sub.docs.test", "/"), 0, null).text());
        assertEquals(
                "blocked: domain other.test is not in the allowed domains",
                fails(allow, url("other.test", "/")).getMessage());
        assertEquals(
                "blocked: domain baddocs.test is not in the allowed domains",
                fails(allow, url("baddocs.test", "/")).getMessage());
        assertEquals(
                "blocked: domain 127.0.0.1 is not in the allowed domains",
                fails(allow, url("127.0.0.1", "/")).getMessage());
        assertEquals(0, resolver.calls("other.test") + resolver.calls("baddocs.test"));

        WebFetcher block = fetcher(privateAllowed().withDomains(List.of(), List.of("other.test")));
        assertEquals("ok", block.fetch(url("docs.test", "/"), 0, null).text());
        assertEquals(
                "blocked: domain other.test is in the blocked domains",
                fails(block, url("other.test", "/")).getMessage());

        WebFetcher both = fetcher(privateAllowed().withDomains(List.of("docs.test", "other.test"), List.of()));
        FetchPolicy task = FetchPolicy.allowing("docs.test", "evil.test");
        assertEquals("ok", both.fetch(url("docs.test", "/"), 0, task).text());
        assertEquals(
                "blocked: domain other.test is not in the allowed domains for this task",
                assertThrows(FetchException.class, () -> both.fetch(url("other.test", "/"), 0, task))
                        .getMessage());
        resolver.map("evil.test", "127.0.0.1");
        assertEquals(
                "blocked: domain evil.test is not in the allowed domains",
                assertThrows(FetchException.class, () -> both.fetch(url("evil.test", "/"), 0, task))
                        .getMessage());
        assertEquals(0, resolver.calls("evil.test"));
    }

    // ------------------------------------------------------------------ lifecycle, options

    @Test
    void refusesToBlockAnEventLoopAndToRunAfterClose() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WebFetcher f = new WebFetcher(vertx, false, privateAllowed(), resolver, o -> {}, LOOPBACK_ONLY);
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    f.fetch(url("docs.test", "/"), 0, null);
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            assertTrue(seen.get(5, TimeUnit.SECONDS) instanceof IllegalStateException);
            f.close();
            assertThrows(IllegalStateException.class, () -> f.fetch(url("docs.test", "/"), 0, null));
            // an external Vert.x instance is not closed by the fetcher
            assertEquals(
                    42,
                    vertx.executeBlocking(() -> 42)
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(5, TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void publicConstructorFetchesWithTheGivenVertx() throws Exception {
        stub("/pub", aResponse().withHeader("Content-Type", "text/plain").withBody("public ctor"));
        Vertx vertx = Vertx.vertx();
        try (WebFetcher f = new WebFetcher(vertx, privateAllowed(), resolver)) {
            assertEquals(
                    "public ctor",
                    f.fetch(url("docs.test", "/pub"), 0, FetchPolicy.none()).text());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientOptionsPinTlsAndDisableProxyRedirectsCompressionAndReuse() {
        FetchSettings s = FetchSettings.defaults();
        HttpClientOptions names = WebFetcher.clientOptions(s, true);
        HttpClientOptions ips = WebFetcher.clientOptions(s, false);
        assertTrue(names.isForceSni());
        assertFalse(ips.isForceSni());
        for (HttpClientOptions o : List.of(names, ips)) {
            assertTrue(o.isVerifyHost());
            assertFalse(o.isTrustAll());
            assertNull(o.getTrustOptions()); // default JDK CAs
            assertNull(o.getProxyOptions());
            assertFalse(o.isKeepAlive());
            assertFalse(o.isDecompressionSupported());
            assertFalse(o.isUseAlpn());
            assertEquals(0, o.getMaxRedirects());
            assertEquals(5000, o.getConnectTimeout());
            assertFalse(o.isShared());
        }
        assertEquals("10 s", WebFetcher.human(Duration.ofSeconds(10)));
        assertEquals("250 ms", WebFetcher.human(Duration.ofMillis(250)));
        assertEquals("1.5 s", WebFetcher.human(Duration.ofMillis(1500)));
    }

    // ------------------------------------------------------------------ helpers

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    /** Loopback HTTP/1.1 server that answers one request with an endless chunked text body. */
    static final class EndlessServer implements AutoCloseable {
        static final long LIMIT = 200L * 1024 * 1024;
        final ServerSocket socket;
        final AtomicLong written = new AtomicLong();
        final CompletableFuture<String> outcome = new CompletableFuture<>();

        EndlessServer() throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            socket.setSoTimeout(15_000);
            Thread.ofPlatform().daemon().name("endless-server").start(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                int state = 0;
                while (state < 4) { // read until CRLFCRLF
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                            ? state + 1
                            : 0;
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "y".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                while (written.get() < LIMIT) {
                    out.write(head);
                    out.write(chunk);
                    out.write(crlf);
                    written.addAndGet(chunk.length);
                }
                outcome.complete("limit reached");
            } catch (IOException e) {
                outcome.complete("closed by client");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
