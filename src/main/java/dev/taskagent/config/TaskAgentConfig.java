package dev.taskagent.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service's own settings, under {@code task-agent.*}. */
@ConfigMapping(prefix = "task-agent")
public interface TaskAgentConfig {

    /** The model endpoint every task talks to. */
    Model model();

    /** Limits of one task. */
    Tasks tasks();

    /** Settings of the tools the model can call. */
    Tools tools();

    /** Streamed task events. */
    Events events();

    /** Conversation memory kept across the tasks of a session. */
    Sessions sessions();

    /** Images attached to a task. */
    Images images();

    /** The OpenAI-compatible facade ({@code /v1/chat/completions}, {@code /v1/models}). */
    OpenAi openai();

    /** Who may call the API. */
    Auth auth();

    /** Per-key request limits and the request body cap. */
    Limits limits();

    /** The browser page at {@code /} for trying tasks. */
    Playground playground();

    /**
     * Where tasks, their events, sessions and the per-key counters live: {@code memory} (this process only) or
     * {@code redis} (shared by every replica, at {@code quarkus.redis.hosts}; see docs/scale-out.md).
     */
    @WithDefault("memory")
    Store store();

    /** The shared store's settings, used only when {@code task-agent.store=redis}. */
    Redis redis();

    enum Store {
        MEMORY,
        REDIS
    }

    interface Redis {
        /** Prefix of every key the service writes, so that several deployments can share one Redis. */
        @WithDefault("task-agent:")
        String keyPrefix();

        /** How long a replica's hold on a running task lasts unless renewed; then the task ends worker-lost. */
        @WithDefault("15s")
        Duration leaseTtl();

        /** How often a replica renews its leases, looks for cancels, expired leases and queued tasks. */
        @WithDefault("500ms")
        Duration tick();

        /** Longest wait for one Redis command; a slower or failed one makes the store unavailable (503). */
        @WithDefault("3s")
        Duration commandTimeout();
    }

    interface Playground {
        /** Serve the playground page at {@code /} (public: the page holds no data, it calls the API with a key). */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * The models a task may choose ({@code "model"}), by the id the endpoint knows them by; the default model
     * ({@code task-agent.model.name}) is always allowed, priced with {@code task-agent.model.price.*} when not listed.
     */
    Map<String, ModelChoice> models();

    /** Typed answers ({@code output_schema}, {@code response_format}). */
    Output output();

    interface ModelChoice {
        /** Name shown to people, e.g. in GET /v1/models. */
        String displayName();

        /** Tokens the model reads at most (prompt and answer together). */
        int contextWindow();

        /** US dollars per million input tokens. */
        double inputPricePerMillion();

        /** US dollars per million output tokens. */
        double outputPricePerMillion();

        /** Whether the model takes images; a task with images on a model that does not is refused with 400. */
        @WithDefault("false")
        boolean supportsImages();

        /** Whether the model takes reasoning_effort; a task asking for it on a model that does not is refused. */
        @WithDefault("false")
        boolean supportsReasoningEffort();

        /**
         * Calls to this model in flight at once, within the shared task-agent.model.max-concurrent-calls; unset: only
         * the shared cap.
         */
        Optional<Integer> maxConcurrentCalls();
    }

    interface Output {
        /** Longest accepted output schema, in characters of its JSON. */
        @WithDefault("16000")
        int maxSchemaChars();

        /** Deepest nesting of schemas inside an output schema (the root is depth 1). */
        @WithDefault("8")
        int maxSchemaDepth();
    }

    interface Model {
        /** Base URL of an OpenAI-compatible chat-completions API. */
        @WithDefault("https://api.puter.com/puterai/openai/v1/")
        String baseUrl();

        /** Model name sent upstream. */
        @WithDefault("mistralai/mistral-small-2603")
        String name();

        /** Bearer token for the endpoint; by default the PUTER_AUTH_TOKEN environment variable. Never logged. */
        @WithName("api-key")
        Optional<String> apiKey();

        /** Longest wait for one model response (the HTTP read timeout, whole seconds), and the limit of one attempt. */
        @WithDefault("120s")
        Duration timeout();

        /** Longest wait for a connection to the model endpoint to open (overrides {@code timeout} for connecting). */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Connections the model client keeps open to the endpoint at most; more calls at once wait for one. */
        @WithDefault("50")
        int maxConnections();

        /** Retries of a failed model call (429, 5xx, connection errors; never 400, 401, 402, 403). */
        Retry retry();

        /** The circuit breaker that fails model calls fast while the endpoint is down. */
        CircuitBreaker circuitBreaker();

        /** Prices of the configured model, for the estimated-cost metric. */
        Price price();

        /** Name of the environment variable users should set when the key is missing (used in error messages). */
        @WithDefault("PUTER_AUTH_TOKEN")
        String apiKeyVariable();

        /** Model calls in flight at once, over all tasks; further calls wait their turn (Puter's paid plans: 20). */
        @WithDefault("20")
        int maxConcurrentCalls();

        /** Longest answer (text and tool-call arguments) of one model call, in characters; a longer one fails the task. */
        @WithDefault("200000")
        int maxAnswerChars();
    }

    interface Retry {
        /** Retries after the first attempt; 0 switches retrying off. */
        @WithDefault("3")
        int maxRetries();

        /** Backoff before the first retry; each later one doubles it, with jitter. */
        @WithDefault("500ms")
        Duration initialDelay();

        /** Longest backoff between two attempts. */
        @WithDefault("10s")
        Duration maxDelay();

        /** Longest Retry-After the service waits for; an upstream asking for more is answered at once. */
        @WithDefault("30s")
        Duration maxRetryAfter();

        /** Total time of one model call, retries and backoff included, after which no retry starts. */
        @WithDefault("5m")
        Duration maxDuration();

        /** Retries one task may make over all its model calls, plain and streamed together. */
        @WithDefault("6")
        int maxRetriesPerTask();

        /** Share of model requests that may be retries, over all tasks (the retry budget's refill per request). */
        @WithDefault("0.1")
        double budgetRatio();

        /** Retries allowed beyond that share when requests have been few (the retry budget's size). */
        @WithDefault("10")
        int budgetReserve();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolume();

        /** Share of failed calls (5xx, connection errors, timeouts, malformed replies) that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before it lets a trial call through. */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls that close the breaker again. */
        @WithDefault("2")
        int successThreshold();
    }

    interface Price {
        /** US dollars per million input tokens (Mistral Small 4 through Puter: 0.15). */
        @WithDefault("0.15")
        double inputPerMillion();

        /** US dollars per million output tokens (Mistral Small 4 through Puter: 0.60). */
        @WithDefault("0.60")
        double outputPerMillion();
    }

    interface Auth {
        /** Require an API key on every /v1 request. Off only behind a gateway that authenticates for us. */
        @WithDefault("true")
        boolean enabled();

        /** SHA-256 hashes (64 hex digits) of the accepted keys, each optionally labelled: {@code ci:9f86d0…}. */
        Optional<List<String>> apiKeyHashes();

        /** A file of such hashes, one per line; blank lines and lines starting with # are skipped. */
        Optional<Path> apiKeyHashesFile();
    }

    interface Limits {
        /** Requests one key may make per minute, on average. */
        @WithDefault("60")
        int requestsPerMinute();

        /** Requests one key may make at once above the average rate. */
        @WithDefault("20")
        int burst();

        /** Tasks one key may have running at the same time. */
        @WithDefault("4")
        int concurrentTasks();

        /** Largest accepted request body. */
        @WithDefault("256K")
        MemorySize maxBodySize();
    }

    interface Tasks {
        /** Largest accepted task input, in characters. */
        @WithDefault("32000")
        int maxInputChars();

        /** Tool calls a task may make when the request does not say. */
        @WithDefault("10")
        int defaultMaxToolCalls();

        /** Upper bound for a request's max_tool_calls. */
        @WithDefault("50")
        int maxToolCalls();

        /** How often a task may make the very same tool call (same function, same arguments); one more stops it. */
        @WithDefault("3")
        int maxIdenticalToolCalls();

        /** Tasks running at once; further tasks wait in the queue with status queued. */
        @WithDefault("100")
        int maxRunning();

        /** Tasks waiting to run at most; when the queue is full a new task is refused with 429. */
        @WithDefault("1000")
        int maxQueued();

        /** Retry-After sent with a 429 for a full queue. */
        @WithDefault("5s")
        Duration retryAfter();

        /** Longest a task may run once out of the queue; then it is stopped, deadline-exceeded (0: no limit). */
        @WithDefault("10m")
        Duration deadline();

        /** How long a finished task (its result and events) stays readable. */
        @WithDefault("1h")
        Duration retention();

        /** Finished tasks kept at most; the oldest go first. */
        @WithDefault("1000")
        int maxRetained();

        /**
         * Whether {@code "background": true} is accepted. Off where the process is frozen between requests (AWS
         * Lambda), so a background task would never run; such a request is then refused with 400.
         */
        @WithDefault("true")
        boolean backgroundEnabled();
    }

    interface Events {
        /** Interval of the comment lines that keep idle event streams open through proxies. */
        @WithDefault("15s")
        Duration heartbeat();
    }

    interface Sessions {
        /** Messages a session remembers at most (older whole turns are dropped first). */
        @WithDefault("40")
        int maxMessages();

        /** A session unused for this long is forgotten. */
        @WithDefault("1h")
        Duration ttl();

        /** Sessions kept at most; beyond this the least recently used is forgotten. */
        @WithDefault("10000")
        int maxSessions();
    }

    interface Images {
        /** Images one task may attach at most. */
        @WithDefault("4")
        int maxCount();

        /** Largest decoded size of an inline (data: URL) image, in bytes. */
        @WithDefault("5242880")
        int maxBytes();

        /** Media types accepted for inline images. */
        @WithDefault("image/png,image/jpeg,image/gif,image/webp")
        List<String> allowedTypes();

        /** Longest accepted http(s) image URL, in characters. */
        @WithDefault("2048")
        int maxUrlLength();
    }

    interface OpenAi {
        /** Model id the facade answers to and lists at /v1/models. */
        @WithDefault("task-agent")
        String modelId();
    }

    interface Tools {
        /** Longest one tool call may take, whatever the tool's own limits; then it is stopped and the model told. */
        @WithDefault("60s")
        Duration callTimeout();

        /** Calculator bounds. */
        Calculator calculator();

        /** File search settings. */
        FileSearch fileSearch();

        /** HTTP fetch settings. */
        Fetch fetch();
    }

    interface Calculator {
        /** Longest accepted expression, in characters. */
        @WithDefault("1000")
        int maxExpressionLength();

        /** Largest absolute exponent of a power. */
        @WithDefault("10000")
        int maxExponent();

        /** Largest factorial argument. */
        @WithDefault("1000")
        int maxFactorial();

        /** Most digits a result may have. */
        @WithDefault("1000")
        int maxResultDigits();

        /** Longest time one evaluation may take. */
        @WithDefault("2s")
        Duration timeout();

        /** Calculator calls per task at most. */
        @WithDefault("50")
        int maxUses();
    }

    interface FileSearch {
        /** Read-only workspace roots; with none the tool is disabled. */
        Optional<List<Path>> roots();

        /** Most files or matches returned by one call. */
        @WithDefault("200")
        int maxResults();

        /** Matching lines are trimmed to this many characters. */
        @WithDefault("300")
        int maxLineWidth();

        /** Most context lines around a match. */
        @WithDefault("5")
        int maxContextLines();

        /** Files larger than this are skipped. */
        @WithDefault("10485760")
        long maxFileBytes();

        /** One call stops after scanning this many bytes. */
        @WithDefault("1073741824")
        long maxBytesScanned();

        /** One call stops after this long. */
        @WithDefault("10s")
        Duration maxWallTime();

        /** Most lines returned by one read. */
        @WithDefault("400")
        int maxReadLines();

        /** File search calls (find, search and read together) per task at most. */
        @WithDefault("30")
        int maxUses();

        /** Whether regular files with more than one hard link may be read (a hard link can lead outside). */
        @WithDefault("false")
        boolean allowHardLinks();
    }

    interface Fetch {
        /** Whether the http_fetch tool is offered at all. */
        @WithDefault("true")
        boolean enabled();

        /** Connect timeout. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Read timeout (between bytes). */
        @WithDefault("10s")
        Duration readTimeout();

        /** Total time for one fetch, redirects included. */
        @WithDefault("20s")
        Duration totalTimeout();

        /** Body bytes read at most; reading stops there. */
        @WithDefault("2097152")
        long maxBytes();

        /** Characters of text handed to the model per call; the rest is paged with start_index. */
        @WithDefault("20000")
        int maxChars();

        /** Redirects followed at most. */
        @WithDefault("5")
        int maxRedirects();

        /** Fetches per task at most. */
        @WithDefault("10")
        int maxUses();

        /** Allow private, loopback and link-local addresses (intranet fetching). Off by default. */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** Only these domains (and their subdomains) may be fetched. */
        Optional<List<String>> allowedDomains();

        /** These domains (and their subdomains) may never be fetched. */
        Optional<List<String>> blockedDomains();

        /** User-Agent sent with every fetch. */
        @WithDefault("task-agent/0.1")
        String userAgent();
    }
}
