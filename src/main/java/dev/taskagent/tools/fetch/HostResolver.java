package dev.taskagent.tools.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves an ASCII (punycode, lower-case) host name to its addresses. {@link WebFetcher} calls it exactly
 * once per hop, checks every returned address and then connects to a vetted address; it is never called
 * for IP literals (those are parsed by {@link UrlGuard}).
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String asciiHost) throws UnknownHostException;

    /** The JVM resolver ({@link InetAddress#getAllByName(String)}), restricted to syntactically valid host names. */
    static HostResolver system() {
        return host -> {
            if (host == null || !UrlGuard.isValidHostName(host) || UrlGuard.looksLikeIpv4(host)) {
                // never let the JDK interpret numeric or odd forms loosely
                throw new UnknownHostException("not a resolvable host name");
            }
            return List.of(InetAddress.getAllByName(host));
        };
    }
}
