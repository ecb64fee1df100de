package dev.taskagent.tools.fetch;

import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure URL, host-name and address rules for {@code http_fetch} (no I/O).
 *
 * <ul>
 *   <li>only {@code http} and {@code https}; user-info, backslashes, control characters, whitespace, invisible
 *       formatting characters, percent-encoded hosts and IPv6 zone ids are rejected;</li>
 *   <li>host names are mapped with {@link IDN#toASCII(String, int)} (STD3 rules), lower-cased and a trailing dot
 *       is removed before any other check;</li>
 *   <li>a host whose last label is numeric ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) is
 *       an IPv4 literal parsed with {@code inet_aton} semantics here, never handed to DNS; a malformed one is rejected;</li>
 *   <li>domain lists match a domain and its sub-domains by whole labels.</li>
 * </ul>
 */
public final class UrlGuard {

    /** Longest accepted URL (characters). */
    public static final int MAX_URL_LENGTH = 4096;

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX_NUMBER = Pattern.compile("0[xX][0-9a-fA-F]*");
    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private UrlGuard() {}

    /**
     * A vetted, normalised request target.
     *
     * @param scheme       {@code http} or {@code https}
     * @param host         ASCII lower-case host name, or canonical IP literal text (IPv6 without brackets)
     * @param port         explicit or default port
     * @param ipLiteral    the address when the host is an IP literal, else null (the host must be resolved)
     * @param pathAndQuery raw ASCII path plus optional {@code ?query}, never empty, no fragment
     */
    public record Target(String scheme, String host, int port, InetAddress ipLiteral, String pathAndQuery) {

        public boolean https() {
            return "https".equals(scheme);
        }

        public boolean defaultPort() {
            return port == (https() ? 443 : 80);
        }

        public boolean isIpLiteral() {
            return ipLiteral != null;
        }

        /** Host as it appears in a URL / Host header (IPv6 in brackets). */
        public String hostForUrl() {
            return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        }

        /** Value of the Host header: host plus the port when it is not the default. */
        public String authority() {
            return defaultPort() ? hostForUrl() : hostForUrl() + ":" + port;
        }

        public String url() {
            return scheme + "://" + authority() + pathAndQuery;
        }

        public URI uri() {
            return URI.create(url());
        }

        @Override
        public String toString() {
            return url();
        }
    }

    // ------------------------------------------------------------------------------------------------ URL parsing

    /** Parses and normalises an absolute http(s) URL; throws {@link FetchException} with a short reason. */
    public static Target parse(String url) {
        if (url == null) {
            throw invalid("empty");
        }
        String s = url.strip();
        if (s.isEmpty()) {
            throw invalid("empty");
        }
        if (s.length() > MAX_URL_LENGTH) {
            throw invalid("longer than " + MAX_URL_LENGTH + " characters");
        }
        checkCharacters(s);
        Matcher m = SCHEME.matcher(s);
        if (!m.find()) {
            throw invalid("missing scheme (only http and https URLs are allowed)");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(
                    "unsupported URL scheme \"" + abbreviate(scheme, 20) + "\" (only http and https are allowed)");
        }
        String rest = s.substring(m.end());
        if (!rest.startsWith("//")) {
            throw invalid("expected // after " + scheme + ":");
        }
        rest = rest.substring(2);
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        if (authority.indexOf('@') >= 0) {
            throw invalid("user info (user:password@) is not allowed");
        }

        String hostPart;
        String portPart = null;
        String host;
        InetAddress literal;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("unterminated IPv6 address");
            }
            hostPart = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw invalid("unexpected characters after IPv6 address");
                }
                portPart = after.substring(1);
            }
            if (hostPart.indexOf('%') >= 0) {
                throw invalid("IPv6 zone ids are not allowed");
            }
            byte[] v6 = parseIpv6(hostPart);
            if (v6 == null) {
                throw invalid("malformed IPv6 address");
            }
            host = AddressRules.format(v6);
            literal = toInetAddress(v6);
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0) {
                if (authority.indexOf(':', colon + 1) >= 0) {
                    throw invalid("IPv6 addresses must be enclosed in brackets");
                }
                hostPart = authority.substring(0, colon);
                portPart = authority.substring(colon + 1);
            } else {
                hostPart = authority;
            }
            host = normalizeHost(hostPart);
            byte[] v4 = parseIpv4Literal(host);
            if (v4 != null) {
                host = AddressRules.format(v4);
                literal = toInetAddress(v4);
            } else {
                literal = null;
            }
        }
        int port = scheme.equals("https") ? 443 : 80;
        if (portPart != null && !portPart.isEmpty()) {
            if (!DIGITS.matcher(portPart).matches() || portPart.length() > 5) {
                throw invalid("bad port");
            }
            port = Integer.parseInt(portPart);
            if (port < 1 || port > 65535) {
                throw invalid("bad port");
            }
        }

        // path + query; the fragment is never sent
        int hash = tail.indexOf('#');
        String pathQuery = hash >= 0 ? tail.substring(0, hash) : tail;
        if (pathQuery.isEmpty() || pathQuery.charAt(0) == '?') {
            pathQuery = "/" + pathQuery;
        }
        pathQuery = encodeLenient(pathQuery);
        String hostForUri = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        try {
            URI u = new URI(scheme + "://" + hostForUri + ":" + port + pathQuery);
            URI ascii = new URI(u.toASCIIString());
            String raw = ascii.getRawPath();
            if (raw == null || raw.isEmpty()) {
                raw = "/";
            }
            if (ascii.getRawQuery() != null) {
                raw = raw + "?" + ascii.getRawQuery();
            }
            pathQuery = raw;
        } catch (URISyntaxException e) {
            throw invalid("malformed path or query");
        }
        return new Target(scheme, host, port, literal, pathQuery);
    }

    /**
     * Resolves a redirect {@code Location} against the current target and parses the result with {@link #parse(String)}.
     */
    public static Target resolveRedirect(Target current, String location) {
        if (location == null || location.isBlank()) {
            throw new FetchException("invalid redirect: empty Location header");
        }
        String loc = location.strip();
        checkCharacters(loc);
        if (SCHEME.matcher(loc).find()) {
            return parse(loc);
        }
        if (loc.startsWith("#")) {
            return current; // same document
        }
        if (loc.startsWith("?")) {
            // java.net.URI.resolve mishandles query-only references; RFC 3986: keep the path, replace the query
            String q = current.pathAndQuery();
            int qi = q.indexOf('?');
            String path = qi >= 0 ? q.substring(0, qi) : q;
            return parse(current.scheme() + "://" + current.authority() + path + loc);
        }
        try {
            URI resolved = current.uri().resolve(new URI(encodeLenient(loc)));
            return parse(resolved.toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException("invalid redirect location");
        }
    }

    private static void checkCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                throw invalid("contains control characters");
            }
            if (c == '\\') {
                throw invalid("contains a backslash");
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid("contains whitespace");
            }
            int type = Character.getType(c);
            if (type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
                throw invalid("contains invisible or unassigned characters");
            }
        }
    }

    /** Percent-encodes the few printable ASCII characters that browsers tolerate in paths/queries but java.net.URI does not. */
    private static String encodeLenient(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '"' -> "%22";
                case '<' -> "%3C";
                case '>' -> "%3E";
                case '[' -> "%5B";
                case ']' -> "%5D";
                case '^' -> "%5E";
                case '`' -> "%60";
                case '{' -> "%7B";
                case '|' -> "%7C";
                case '}' -> "%7D";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ host names

    /**
     * Normalises a host (no brackets, no port): IDN to punycode with STD3 rules, lower case, trailing dot removed.
     * Numeric IPv4 forms are returned as canonical dotted quads. Throws {@link FetchException} when invalid.
     */
    public static String normalizeHost(String rawHost) {
        if (rawHost == null || rawHost.isEmpty()) {
            throw invalid("empty host");
        }
        for (int i = 0; i < rawHost.length(); i++) {
            char c = rawHost.charAt(i);
            if (c == '%') {
                throw invalid("percent-encoded host names are not allowed");
            }
            if (c < 0x80
                    && !(c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || c == '-'
                            || c == '.')) {
                throw invalid("bad character '" + c + "' in host");
            }
        }
        String ascii;
        try {
            ascii = IDN.toASCII(rawHost, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid host name");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty()) {
            throw invalid("empty host");
        }
        byte[] v4 = parseIpv4Literal(ascii);
        if (v4 != null) {
            return AddressRules.format(v4);
        }
        if (!isValidHostName(ascii)) {
            throw invalid("invalid host name");
        }
        return ascii;
    }

    /** ASCII LDH host name: labels of 1..63 characters, at most 253 characters, no leading/trailing hyphen. */
    public static boolean isValidHostName(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LDH_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True when the host's last label is numeric (decimal or 0x-hex), i.e. it must be treated as an IPv4 literal. */
    public static boolean looksLikeIpv4(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int dot = h.lastIndexOf('.');
        String last = dot < 0 ? h : h.substring(dot + 1);
        return DIGITS.matcher(last).matches() || HEX_NUMBER.matcher(last).matches();
    }

    /**
     * Parses a numeric IPv4 host with {@code inet_aton} semantics: 1 to 4 parts, each decimal, octal (leading 0) or
     * hex (0x); {@code a.b.c.d}, {@code a.b.c} (16-bit c), {@code a.b} (24-bit b), {@code a} (32 bits).
     *
     * @return the 4 address bytes; null when the host is not numeric-looking (a host name)
     * @throws FetchException when it looks numeric but is malformed (it must then not be sent to DNS either)
     */
    public static byte[] parseIpv4Literal(String host) {
        if (!looksLikeIpv4(host)) {
            return null;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            throw invalid("malformed IPv4 address");
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            BigInteger v = parseInetAtonPart(parts[i]);
            if (v == null) {
                throw invalid("malformed IPv4 address");
            }
            BigInteger limit = i < parts.length - 1
                    ? BigInteger.valueOf(255)
                    : BigInteger.ONE.shiftLeft(8 * (5 - parts.length)).subtract(BigInteger.ONE);
            if (v.compareTo(limit) > 0) {
                throw invalid("malformed IPv4 address");
            }
            values[i] = v.longValue();
        }
        long addr = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            addr |= values[i] << (8 * (3 - i));
        }
        addr |= values[parts.length - 1];
        return new byte[] {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
    }

    private static BigInteger parseInetAtonPart(String p) {
        if (p.isEmpty() || p.length() > 40) {
            return null;
        }
        try {
            if (p.startsWith("0x") || p.startsWith("0X")) {
                String digits = p.substring(2);
                if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
                    return null;
                }
                return new BigInteger(digits, 16);
            }
            if (!DIGITS.matcher(p).matches()) {
                return null;
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                String digits = p.substring(1);
                if (!digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
                    return null;
                }
                return new BigInteger(digits, 8);
            }
            return new BigInteger(p, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Strict IPv6 text parser (no brackets, no zone id): 8 groups of 1-4 hex digits, at most one {@code ::},
     * optional trailing dotted-quad IPv4 (strict decimal, no leading zeros). Returns null when malformed.
     */
    public static byte[] parseIpv6(String s) {
        if (s == null || s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) {
            return null;
        }
        byte[] tailV4 = null;
        String body = s;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) >= 0) {
            tailV4 = parseStrictDottedQuad(s.substring(lastColon + 1));
            if (tailV4 == null) {
                return null;
            }
            body = s.substring(0, lastColon + 1);
            if (!body.endsWith("::")) {
                body = body.substring(0, body.length() - 1); // drop the separator before the IPv4 part
                if (body.isEmpty()) {
                    return null;
                }
            }
        }
        int groupsNeeded = tailV4 == null ? 8 : 6;
        int dc = body.indexOf("::");
        if (dc >= 0 && body.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        int[] groups;
        if (dc >= 0) {
            int[] left = parseGroups(body.substring(0, dc));
            int[] right = parseGroups(body.substring(dc + 2));
            if (left == null || right == null || left.length + right.length > groupsNeeded - 1) {
                return null;
            }
            groups = new int[groupsNeeded];
            System.arraycopy(left, 0, groups, 0, left.length);
            System.arraycopy(right, 0, groups, groupsNeeded - right.length, right.length);
        } else {
            groups = parseGroups(body);
            if (groups == null || groups.length != groupsNeeded) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < groupsNeeded; i++) {
            out[2 * i] = (byte) (groups[i] >>> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        if (tailV4 != null) {
            System.arraycopy(tailV4, 0, out, 12, 4);
        }
        return out;
    }

    private static int[] parseGroups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                int d = c < 0x80 ? Character.digit(c, 16) : -1;
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }

    private static byte[] parseStrictDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty()
                    || p.length() > 3
                    || !DIGITS.matcher(p).matches()
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /**
     * Parses an IP literal the way URLs are parsed here: numeric IPv4 forms with inet_aton semantics, IPv6 with or
     * without brackets. Empty when the string is a host name; {@link FetchException} when it is a malformed literal.
     */
    public static Optional<InetAddress> parseIpLiteral(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            if (h.indexOf('%') >= 0) {
                throw invalid("IPv6 zone ids are not allowed");
            }
            byte[] v6 = parseIpv6(h);
            if (v6 == null) {
                throw invalid("malformed IPv6 address");
            }
            return Optional.of(toInetAddress(v6));
        }
        byte[] v4 = parseIpv4Literal(h.toLowerCase(Locale.ROOT));
        return v4 == null ? Optional.empty() : Optional.of(toInetAddress(v4));
    }

    static InetAddress toInetAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes); // no DNS: raw bytes
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ domain policy

    /**
     * Normalises a configured domain entry: trims, strips a leading {@code *.} or {@code .}, applies
     * {@link #normalizeHost(String)}. Throws {@link IllegalArgumentException} for invalid entries.
     */
    public static String normalizeDomainEntry(String entry) {
        if (entry == null) {
            throw new IllegalArgumentException("domain entry is null");
        }
        String e = entry.strip();
        if (e.startsWith("*.")) {
            e = e.substring(2);
        } else if (e.startsWith(".")) {
            e = e.substring(1);
        }
        if (e.startsWith("[") && e.endsWith("]")) {
            e = e.substring(1, e.length() - 1);
        }
        try {
            if (e.indexOf(':') >= 0) {
                return parseIpLiteral(e)
                        .map(a -> AddressRules.format(a.getAddress()))
                        .orElseThrow(() -> new IllegalArgumentException("invalid domain entry: " + entry));
            }
            return normalizeHost(e);
        } catch (FetchException ex) {
            throw new IllegalArgumentException("invalid domain entry: " + entry);
        }
    }

    /**
     * True when {@code host} equals {@code domain} or is a sub-domain of it by whole labels
     * ({@code example.com} matches {@code a.example.com}, not {@code badexample.com}). Both must be normalised.
     * IP literals only match exactly.
     */
    public static boolean domainMatches(String host, String domain) {
        if (host == null || domain == null || host.isEmpty() || domain.isEmpty()) {
            return false;
        }
        if (host.equals(domain)) {
            return true;
        }
        if (host.indexOf(':') >= 0 || looksLikeIpv4(host)) {
            return false; // IP literals: exact match only
        }
        return host.endsWith("." + domain);
    }

    /** True when the host matches any domain of the list. */
    public static boolean matchesAny(String host, List<String> domains) {
        for (String d : domains) {
            if (domainMatches(host, d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Domain-list check: settings allow-list, settings block-list and the per-task allow-list must all agree.
     *
     * @return empty when allowed, otherwise e.g. {@code "blocked: domain evil.com is not in the allowed domains"}
     */
    public static Optional<String> domainViolation(String host, FetchSettings settings, FetchPolicy policy) {
        if (!settings.allowedDomains().isEmpty() && !matchesAny(host, settings.allowedDomains())) {
            return Optional.of("blocked: domain " + host + " is not in the allowed domains");
        }
        if (!settings.blockedDomains().isEmpty() && matchesAny(host, settings.blockedDomains())) {
            return Optional.of("blocked: domain " + host + " is in the blocked domains");
        }
        if (policy != null && !policy.allowedDomains().isEmpty() && !matchesAny(host, policy.allowedDomains())) {
            return Optional.of("blocked: domain " + host + " is not in the allowed domains for this task");
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ addresses

    /**
     * Full address check for one resolved (or literal) address of a target: {@link AddressRules} plus the
     * always-blocked host:port list.
     *
     * @return empty when the connection may be made, else a message starting with {@code "blocked: "}
     */
    public static Optional<String> addressViolation(Target target, InetAddress address, FetchSettings settings) {
        Optional<String> reason = AddressRules.blockedReason(address, settings.allowPrivateAddresses());
        if (reason.isPresent()) {
            return Optional.of("blocked: " + reason.get());
        }
        if (isExtraBlocked(target.host(), address, target.port(), settings.extraBlockedHostPorts())) {
            return Optional.of("blocked: " + target.hostForUrl() + ":" + target.port() + " is a reserved endpoint");
        }
        return Optional.empty();
    }

    /**
     * A parsed {@code host[:port]} entry of {@link FetchSettings#extraBlockedHostPorts()}.
     *
     * @param host    normalised host name or canonical IP text
     * @param address the address when the entry is an IP literal, else null
     * @param port    the port, or -1 for all ports
     */
    public record HostPort(String host, InetAddress address, int port) {}

    /** Parses a {@code host:port}, {@code [v6]:port} or {@code host} (all ports) entry; {@link IllegalArgumentException} when invalid. */
    public static HostPort parseHostPort(String entry) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty host:port entry");
        }
        String e = entry.strip();
        String hostPart;
        String portPart = null;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid host:port entry: " + entry);
            }
            hostPart = e.substring(1, close);
            String after = e.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("invalid host:port entry: " + entry);
                }
                portPart = after.substring(1);
            }
        } else if (e.indexOf(':') != e.lastIndexOf(':')) {
            hostPart = e; // bare IPv6 without port
        } else {
            int colon = e.indexOf(':');
            hostPart = colon < 0 ? e : e.substring(0, colon);
            portPart = colon < 0 ? null : e.substring(colon + 1);
        }
        int port = -1;
        if (portPart != null) {
            if (!DIGITS.matcher(portPart).matches()
                    || portPart.length() > 5
                    || Integer.parseInt(portPart) < 1
                    || Integer.parseInt(portPart) > 65535) {
                throw new IllegalArgumentException("invalid port in host:port entry: " + entry);
            }
            port = Integer.parseInt(portPart);
        }
        try {
            Optional<InetAddress> lit = parseIpLiteral(hostPart);
            if (lit.isPresent()) {
                return new HostPort(AddressRules.format(lit.get().getAddress()), lit.get(), port);
            }
            return new HostPort(normalizeHost(hostPart), null, port);
        } catch (FetchException ex) {
            throw new IllegalArgumentException("invalid host in host:port entry: " + entry);
        }
    }

    /**
     * True when the (host, address, port) hits an always-blocked entry. IP entries match by address (IPv4-mapped
     * IPv6 compares as IPv4); a loopback entry matches every loopback address ({@code 127/8}, {@code ::1}) and
     * {@code localhost} is treated as loopback, because a service bound to the wildcard address is reachable
     * through any of them. Host-name entries also match the request host name textually.
     */
    public static boolean isExtraBlocked(String host, InetAddress address, int port, List<String> entries) {
        for (String raw : entries) {
            HostPort hp = parseHostPort(raw);
            if (hp.port() != -1 && hp.port() != port) {
                continue;
            }
            if (hp.host().equals(host)) {
                return true;
            }
            boolean entryLoopback =
                    hp.address() != null ? isLoopback(hp.address()) : hp.host().equals("localhost");
            if (address != null) {
                if (entryLoopback && isLoopback(address)) {
                    return true;
                }
                if (hp.address() != null && sameAddress(hp.address(), address)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLoopback(InetAddress a) {
        byte[] v4 = AddressRules.embeddedIpv4(a.getAddress());
        if (v4 != null && (v4[0] & 0xff) == 127) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 16) {
            for (int i = 0; i < 15; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return b[15] == 1;
        }
        return false;
    }

    private static boolean sameAddress(InetAddress x, InetAddress y) {
        byte[] a = canonical(x.getAddress());
        byte[] b = canonical(y.getAddress());
        return java.util.Arrays.equals(a, b);
    }

    private static byte[] canonical(byte[] b) {
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return new byte[] {b[12], b[13], b[14], b[15]};
            }
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static FetchException invalid(String why) {
        return new FetchException("invalid URL: " + why);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
