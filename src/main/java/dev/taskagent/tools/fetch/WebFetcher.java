package dev.taskagent.tools.fetch;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLException;

/**
 * SSRF-hardened HTTP(S) GET for the {@code http_fetch} tool.
 *
 * <p>Per hop: the URL is parsed and normalised by {@link UrlGuard}, the domain lists are applied, the host is resolved
 * <b>once</b> through the {@link HostResolver} (IP literals are never resolved), <b>every</b> address is checked with
 * {@link AddressRules} and the always-blocked host:port list, and the connection is then made to the vetted address
 * itself (Vert.x {@code RequestOptions.setServer}) while the original host is used for the Host header, TLS SNI and
 * certificate host-name verification. There is no second DNS lookup, so DNS rebinding cannot switch the address.
 * Redirects are followed here (client redirects are off) and every hop is re-checked in full.
 *
 * <p>No proxy, no cookies, no credentials, no compression negotiation ({@code Accept-Encoding: identity}; a
 * gzip/deflate body sent anyway is inflated under the same byte cap), HTTP/1.1 only, no connection reuse.
 *
 * <p>{@link #fetch} blocks; it must not be called on a Vert.x event-loop thread.
 */
public final class WebFetcher implements AutoCloseable {

    private static final String ACCEPT =
            "text/html,application/xhtml+xml,application/json;q=0.9,text/*;q=0.8," + "application/xml;q=0.5,*/*;q=0.1";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final FetchSettings settings;
    private final HostResolver resolver;
    private final Vertx vertx;
    private final boolean ownsVertx;
    /** For host names: SNI forced, certificate verified against the host name. */
    private final HttpClient nameClient;
    /** For IP literals: no SNI (not allowed for IPs), certificate verified against IP SANs. */
    private final HttpClient ipClient;

    private final Predicate<InetAddress> connectGuard;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Uses an external Vert.x instance (for example Quarkus's), which {@link #close()} does not close. */
    public WebFetcher(Vertx vertx, FetchSettings settings, HostResolver resolver) {
        this(vertx, false, settings, resolver, o -> {}, a -> true);
    }

    /**
     * Full constructor for tests: {@code optionsCustomizer} may add e.g. a test trust store; {@code connectGuard} is a
     * last-chance check of the vetted address right before connecting (tests use it to assert loopback only).
     */
    WebFetcher(
            Vertx vertx,
            boolean ownsVertx,
            FetchSettings settings,
            HostResolver resolver,
            Consumer<HttpClientOptions> optionsCustomizer,
            Predicate<InetAddress> connectGuard) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.ownsVertx = ownsVertx;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.connectGuard = Objects.requireNonNull(connectGuard, "connectGuard");
        HttpClientOptions nameOptions = clientOptions(settings, true);
        HttpClientOptions ipOptions = clientOptions(settings, false);
        optionsCustomizer.accept(nameOptions);
        optionsCustomizer.accept(ipOptions);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(8).setMaxWaitQueueSize(64);
        this.nameClient = vertx.createHttpClient(nameOptions, pool);
        this.ipClient = vertx.createHttpClient(ipOptions, pool);
    }

    /** The HTTP client options used (package-private so tests can check them). */
    static HttpClientOptions clientOptions(FetchSettings settings, boolean forceSni) {
        int connectMs = (int) Math.min(
                Integer.MAX_VALUE, Math.max(1, settings.connectTimeout().toMillis()));
        return new HttpClientOptions()
                .setName("task-agent-http-fetch")
                .setShared(false)
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setUseAlpn(false)
                .setKeepAlive(false)
                .setPipelining(false)
                .setDecompressionSupported(false)
                .setMaxRedirects(0)
                .setProxyOptions(null)
                .setNonProxyHosts(null)
                .setConnectTimeout(connectMs)
                .setSslHandshakeTimeout(connectMs)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(8 * 1024)
                .setTrustAll(false) // default JDK trust store
                .setVerifyHost(true)
                .setForceSni(forceSni);
    }

    static Vertx createVertx() {
        // The fetcher never asks Vert.x to resolve anything (it connects to vetted InetAddresses). As defence in depth
        // Vert.x's own DNS is pointed at loopback with an empty hosts file, so an accidental lookup cannot leak out.
        AddressResolverOptions dns = new AddressResolverOptions()
                .setServers(List.of("127.0.0.1:53"))
                .setHostsValue(Buffer.buffer("127.0.0.1 localhost\n"))
                .setQueryTimeout(1000)
                .setMaxQueries(1)
                .setOptResourceEnabled(false);
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                .setPreferNativeTransport(false)
                .setAddressResolverOptions(dns));
    }

    public FetchSettings settings() {
        return settings;
    }

    /**
     * Fetches {@code url} (GET), following redirects, and returns the page of text starting at {@code startIndex}.
     *
     * <p>Non-2xx responses are returned as pages (the model may want to read a 404 page). When such a response has no
     * readable body (unsupported content type, empty text) the text is {@code "HTTP 404 Not Found"}, plus the refused
     * content type if any. A 2xx response with an unsupported content type is a {@link FetchException}.
     *
     * @throws FetchException        for any refused URL/address/content, network error or timeout (short message)
     * @throws IllegalStateException when closed or called on a Vert.x event-loop thread
     */
    public FetchedPage fetch(String url, int startIndex, FetchPolicy policy) {
        if (closed.get()) {
            throw new IllegalStateException("WebFetcher is closed");
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("WebFetcher.fetch blocks; do not call it on a Vert.x event-loop thread");
        }
        if (startIndex < 0) {
            throw new FetchException("start_index must not be negative");
        }
        FetchPolicy pol = policy == null ? FetchPolicy.none() : policy;
        String requested = url == null ? "" : url.strip();
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();

        UrlGuard.Target target = UrlGuard.parse(url);
        int redirects = 0;
        while (true) {
            InetAddress address;
            try {
                address = vet(target, pol, deadline);
            } catch (FetchException e) {
                throw redirects == 0
                        ? e
                        : new FetchException(e.getMessage() + " (after redirect to " + shortText(target.url()) + ")");
            }
            Hop hop = exchange(target, address, deadline);
            if (hop.location() != null) {
                if (redirects >= settings.maxRedirects()) {
                    throw new FetchException("too many redirects (max " + settings.maxRedirects() + ")");
                }
                redirects++;
                try {
                    target = UrlGuard.resolveRedirect(target, hop.location());
                } catch (FetchException e) {
                    throw new FetchException(e.getMessage() + " (in redirect from " + shortText(target.url()) + ")");
                }
                continue;
            }
            return toPage(requested, target, hop, startIndex);
        }
    }

    // ------------------------------------------------------------------------------------------------ vetting

    private InetAddress vet(UrlGuard.Target target, FetchPolicy policy, long deadline) {
        Optional<String> domain = UrlGuard.domainViolation(target.host(), settings, policy);
        if (domain.isPresent()) {
            throw new FetchException(domain.get());
        }
        List<InetAddress> addresses =
                target.isIpLiteral() ? List.of(target.ipLiteral()) : resolve(target.host(), deadline);
        for (InetAddress a : addresses) {
            Optional<String> why = UrlGuard.addressViolation(target, a, settings);
            if (why.isPresent()) {
                throw new FetchException(why.get());
            }
        }
        // raw bytes only: no host name (or scope) travels with the address into the connector
        InetAddress chosen = UrlGuard.toInetAddress(addresses.get(0).getAddress());
        if (!connectGuard.test(chosen)) {
            throw new FetchException(
                    "blocked: address " + AddressRules.format(chosen) + " refused by the connect guard");
        }
        return chosen;
    }

    /** Exactly one resolver call, bounded by the total deadline. */
    private List<InetAddress> resolve(String host, long deadline) {
        CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
        Thread.ofVirtual().name("http-fetch-dns").start(() -> {
            try {
                f.complete(resolver.resolve(host));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        List<InetAddress> result;
        try {
            result = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new FetchException("timeout after " + human(settings.totalTimeout()) + " (resolving " + host + ")");
        } catch (ExecutionException e) {
            throw new FetchException("could not resolve host " + host, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
        List<InetAddress> clean = new ArrayList<>();
        if (result != null) {
            for (InetAddress a : result) {
                if (a != null) {
                    clean.add(a);
                }
            }
        }
        if (clean.isEmpty()) {
            throw new FetchException("could not resolve host " + host);
        }
        return List.copyOf(clean);
    }

    // ------------------------------------------------------------------------------------------------ exchange

    /** One HTTP exchange. {@code location} non-null means "follow this redirect"; {@code body} null means "not read". */
    private record Hop(
            int status, String reason, String contentType, String contentEncoding, String location, byte[] body) {}

    private Hop exchange(UrlGuard.Target target, InetAddress address, long deadline) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("Host", target.authority())
                .set("User-Agent", settings.userAgent())
                .set("Accept", ACCEPT)
                .set("Accept-Encoding", "identity");
        RequestOptions ro = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port())))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setIdleTimeout(settings.readTimeout().toMillis())
                .setHeaders(headers);

        CompletableFuture<Hop> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> requestRef = new AtomicReference<>();
        AtomicBoolean connected = new AtomicBoolean();
        HttpClient client = target.isIpLiteral() ? ipClient : nameClient;
        Future<HttpClientRequest> requested;
        try {
            requested = client.request(ro);
        } catch (RuntimeException e) {
            throw new FetchException("request failed", e);
        }
        requested.onComplete(ar -> {
            if (ar.failed()) {
                result.completeExceptionally(ar.cause());
                return;
            }
            HttpClientRequest req = ar.result();
            requestRef.set(req);
            connected.set(true);
            if (result.isDone()) {
                req.reset();
                return;
            }
            req.exceptionHandler(result::completeExceptionally);
            req.send().onComplete(sent -> {
                if (sent.failed()) {
                    result.completeExceptionally(sent.cause());
                } else {
                    onResponse(req, sent.result(), result);
                }
            });
        });

        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            FetchException fe = new FetchException("timeout after " + human(settings.totalTimeout()));
            result.completeExceptionally(fe);
            reset(requestRef.get());
            throw fe;
        } catch (ExecutionException e) {
            reset(requestRef.get());
            throw mapError(e.getCause(), connected.get(), target);
        } catch (InterruptedException e) {
            result.completeExceptionally(new FetchException("interrupted"));
            reset(requestRef.get());
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted");
        }
    }

    /** Runs on the event loop. Decides from the headers, then streams the body under the byte cap. */
    private void onResponse(HttpClientRequest req, HttpClientResponse resp, CompletableFuture<Hop> result) {
        resp.exceptionHandler(result::completeExceptionally); // no-op once the result is set (e.g. our own reset)
        int status = resp.statusCode();
        String reason = resp.statusMessage();
        String contentType = resp.getHeader("Content-Type");
        String encoding = resp.getHeader("Content-Encoding");
        String location = resp.getHeader("Location");
        if (isRedirect(status) && location != null && !location.isBlank()) {
            result.complete(new Hop(status, reason, contentType, encoding, location, null));
            req.reset(); // body not needed; connections are never reused
            return;
        }
        boolean ok = status >= 200 && status < 300;
        String mime = ContentConverter.mimeType(contentType);
        if (contentType != null && ContentConverter.kindOf(mime) == ContentConverter.Kind.UNSUPPORTED) {
            if (ok) {
                result.completeExceptionally(new FetchException("unsupported content type " + shortText(mime)));
            } else {
                result.complete(new Hop(status, reason, contentType, encoding, null, null));
            }
            req.reset();
            return;
        }
        String enc = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
        if (!enc.isEmpty()
                && !enc.equals("identity")
                && !enc.equals("gzip")
                && !enc.equals("x-gzip")
                && !enc.equals("deflate")) {
            if (ok) {
                result.completeExceptionally(new FetchException("unsupported content encoding " + shortText(enc)));
            } else {
                result.complete(new Hop(status, reason, contentType, encoding, null, null));
            }
            req.reset();
            return;
        }
        String length = resp.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > settings.maxBytes()) {
                    result.completeExceptionally(tooLarge());
                    req.reset();
                    return;
                }
            } catch (NumberFormatException ignored) {
                // streamed cap still applies
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long max = settings.maxBytes();
        resp.handler(buf -> {
            if (result.isDone()) {
                return;
            }
            if (body.size() + (long) buf.length() > max) {
                result.completeExceptionally(tooLarge());
                req.reset(); // stop reading: closes the connection
                return;
            }
            body.writeBytes(buf.getBytes());
        });
        resp.endHandler(v -> result.complete(new Hop(status, reason, contentType, encoding, null, body.toByteArray())));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private FetchException tooLarge() {
        return new FetchException("response larger than " + settings.maxBytes() + " bytes");
    }

    private static void reset(HttpClientRequest req) {
        if (req != null) {
            try {
                req.reset();
            } catch (RuntimeException ignored) {
                // already finished
            }
        }
    }

    private FetchException mapError(Throwable t, boolean connected, UrlGuard.Target target) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FetchException fe) {
                return fe;
            }
        }
        // timeouts first: Vert.x wraps e.g. a TLS handshake timeout in an SSLHandshakeException
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectTimeoutException) {
                return new FetchException(
                        "timeout after " + human(settings.connectTimeout()) + " (connecting to " + target.authority()
                                + ")",
                        t);
            }
            if (c instanceof SslHandshakeTimeoutException) {
                return new FetchException(
                        "timeout after " + human(settings.connectTimeout()) + " (TLS handshake with "
                                + target.authority() + ")",
                        t);
            }
            if (c instanceof TimeoutException) {
                return connected
                        ? new FetchException(
                                "timeout after " + human(settings.readTimeout()) + " (waiting for data)", t)
                        : new FetchException(
                                "timeout after " + human(settings.connectTimeout()) + " (connecting to "
                                        + target.authority() + ")",
                                t);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                String why = m.contains("refused")
                        ? "connection refused"
                        : m.contains("unreachable") ? "network unreachable" : "connection failed";
                return new FetchException("could not connect to " + target.authority() + " (" + why + ")", t);
            }
            if (c instanceof SSLException) {
                return new FetchException("TLS error: " + shortText(rootMessage(c)), t);
            }
            if (c instanceof TooLongFrameException) {
                return new FetchException("invalid response: headers too large", t);
            }
            if (c instanceof UnknownHostException) {
                return new FetchException("could not resolve host " + target.host(), t);
            }
        }
        String msg = t == null ? null : t.getMessage();
        if (msg != null && msg.toLowerCase(Locale.ROOT).contains("closed")) {
            return new FetchException(
                    "connection closed by " + target.authority() + " before the response was complete", t);
        }
        return new FetchException(
                "request failed (" + (t == null ? "unknown error" : t.getClass().getSimpleName()) + ")", t);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage() != null ? r.getMessage() : t.getMessage();
        return m == null ? r.getClass().getSimpleName() : m;
    }

    private static String shortText(String s) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return one.length() <= 160 ? one : one.substring(0, 160) + "...";
    }

    /** {@code "10 s"}, {@code "250 ms"}, {@code "1.5 s"}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    // ------------------------------------------------------------------------------------------------ page

    private FetchedPage toPage(String requested, UrlGuard.Target target, Hop hop, int startIndex) {
        String mime = ContentConverter.mimeType(hop.contentType());
        boolean ok = hop.status() >= 200 && hop.status() < 300;
        String title = null;
        List<String> links = List.of();
        String text;
        if (hop.body() == null) {
            text = statusLine(hop) + (mime.isEmpty() ? "" : " (content of type " + shortText(mime) + " not shown)");
        } else {
            byte[] body = decodeContent(hop.body(), hop.contentEncoding());
            ContentConverter.Kind kind = hop.contentType() == null
                    ? (body.length == 0 ? ContentConverter.Kind.TEXT : ContentConverter.sniff(body))
                    : ContentConverter.kindOf(mime);
            if (kind == ContentConverter.Kind.UNSUPPORTED) {
                if (ok) {
                    throw new FetchException("unsupported content type (none given, body is not text)");
                }
                text = statusLine(hop);
            } else {
                Charset cs = ContentConverter.charset(hop.contentType());
                ContentConverter.Converted c = ContentConverter.convert(kind, body, cs, target.url());
                title = c.title();
                links = c.links();
                text = c.text();
                if (!ok && text.isBlank()) {
                    text = statusLine(hop);
                }
            }
        }
        int total = text.length();
        if (startIndex > 0 && startIndex >= total) {
            throw new FetchException("start_index " + startIndex + " is past the end (" + total + " characters)");
        }
        int end = (int) Math.min((long) startIndex + settings.maxChars(), total);
        if (end < total && end - 1 > startIndex && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        boolean truncated = end < total;
        return new FetchedPage(
                requested,
                target.url(),
                hop.status(),
                mime,
                title,
                text.substring(startIndex, end),
                startIndex,
                total,
                truncated,
                truncated ? end : null,
                links);
    }

    private static String statusLine(Hop hop) {
        String reason = hop.reason() == null ? "" : shortText(hop.reason());
        return ("HTTP " + hop.status() + " " + reason).strip();
    }

    /** Inflates gzip/deflate bodies under the same byte cap. */
    private byte[] decodeContent(byte[] raw, String encoding) {
        String enc = encoding == null ? "identity" : encoding.strip().toLowerCase(Locale.ROOT);
        if (enc.isEmpty() || enc.equals("identity") || raw.length == 0) {
            return raw;
        }
        try (InputStream in = enc.equals("deflate")
                ? new InflaterInputStream(new ByteArrayInputStream(raw))
                : new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + (long) n > settings.maxBytes()) {
                    throw new FetchException("response larger than " + settings.maxBytes() + " bytes (decompressed)");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FetchException("could not decode " + enc + " response body");
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        await(nameClient.close());
        await(ipClient.close());
        if (ownsVertx) {
            await(vertx.close());
        }
    }

    private static void await(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort
        }
    }
}
