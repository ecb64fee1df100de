package dev.taskagent.tools.fetch;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Byte-based classification of IP addresses for SSRF protection.
 *
 * <p>Two classes of non-public addresses exist:
 * <ul>
 *   <li><b>never allowed</b> (even with {@code allowPrivateAddresses}): "this network" 0.0.0.0/8 and {@code ::},
 *       link-local 169.254.0.0/16 and fe80::/10 (this covers cloud metadata at 169.254.169.254), multicast
 *       224.0.0.0/4 and ff00::/8, reserved 240.0.0.0/4, broadcast 255.255.255.255, and the known metadata
 *       addresses fd00:ec2::254 (AWS IPv6) and 100.100.100.200 (Alibaba);</li>
 *   <li><b>private / special</b> (allowed only with {@code allowPrivateAddresses}): 10/8, 100.64/10, 127/8,
 *       172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, {@code ::1},
 *       fc00::/7, fec0::/10, 2001:db8::/32, 100::/64, 64:ff9b:1::/48 and Teredo 2001::/32.</li>
 * </ul>
 * IPv4 addresses embedded in IPv6 (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-translated {@code ::ffff:0:0:0/96},
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are checked as IPv4.
 */
public final class AddressRules {

    private AddressRules() {}

    /** Strict check: is {@code a} blocked when private addresses are not allowed? Returns e.g. {@code "address 10.0.0.5 is private"}. */
    public static Optional<String> blockedReason(InetAddress a) {
        return blockedReason(a, false);
    }

    /**
     * @param allowPrivate when true, private/special ranges are allowed, but the "never allowed" ranges stay blocked
     * @return empty when the address may be connected to; otherwise a short reason like {@code "address 10.0.0.5 is private"}
     */
    public static Optional<String> blockedReason(InetAddress a, boolean allowPrivate) {
        if (a == null) {
            return Optional.of("address is missing");
        }
        return blockedReason(a.getAddress(), allowPrivate);
    }

    /** Same as {@link #blockedReason(InetAddress, boolean)} for raw 4- or 16-byte addresses. */
    public static Optional<String> blockedReason(byte[] address, boolean allowPrivate) {
        if (address == null || (address.length != 4 && address.length != 16)) {
            return Optional.of("address is malformed");
        }
        Verdict v = address.length == 4 ? classifyV4(address) : classifyV6(address);
        if (v == null) {
            return Optional.empty();
        }
        if (v.always || !allowPrivate) {
            return Optional.of("address " + format(address) + " is " + v.kind);
        }
        return Optional.empty();
    }

    /** True when the address is in a range that is blocked even when private addresses are allowed. */
    public static boolean isAlwaysBlocked(InetAddress a) {
        Verdict v = classify(a.getAddress());
        return v != null && v.always;
    }

    /** True when the address is any kind of non-public address. */
    public static boolean isNonPublic(InetAddress a) {
        return classify(a.getAddress()) != null;
    }

    /** The IPv4 address embedded in an IPv6 address (mapped, translated, compatible, NAT64, 6to4), else null. 4-byte input is returned as is. */
    public static byte[] embeddedIpv4(byte[] b) {
        if (b.length == 4) {
            return b.clone();
        }
        if (b.length != 16) {
            return null;
        }
        // ::ffff:a.b.c.d (IPv4-mapped)
        if (allZero(b, 0, 10) && u8(b[10]) == 0xff && u8(b[11]) == 0xff) {
            return slice(b, 12);
        }
        // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765)
        if (allZero(b, 0, 8) && u8(b[8]) == 0xff && u8(b[9]) == 0xff && allZero(b, 10, 12)) {
            return slice(b, 12);
        }
        // ::a.b.c.d (IPv4-compatible, deprecated), excluding :: and ::1
        if (allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            return slice(b, 12);
        }
        // 64:ff9b::/96 (NAT64 well-known prefix)
        if (u8(b[0]) == 0x00 && u8(b[1]) == 0x64 && u8(b[2]) == 0xff && u8(b[3]) == 0x9b && allZero(b, 4, 12)) {
            return slice(b, 12);
        }
        // 2002::/16 (6to4): IPv4 in bytes 2..5
        if (u8(b[0]) == 0x20 && u8(b[1]) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------

    private record Verdict(String kind, boolean always) {}

    private static Verdict classify(byte[] b) {
        return b.length == 4 ? classifyV4(b) : classifyV6(b);
    }

    private static Verdict classifyV4(byte[] b) {
        int a0 = u8(b[0]);
        int a1 = u8(b[1]);
        int a2 = u8(b[2]);
        int a3 = u8(b[3]);
        if (a0 == 0) {
            return new Verdict("in the \"this network\" range 0.0.0.0/8", true);
        }
        if (a0 == 10) {
            return new Verdict("private", false);
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return new Verdict("a cloud metadata endpoint", true);
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return new Verdict("in the shared address space 100.64.0.0/10", false);
        }
        if (a0 == 127) {
            return new Verdict("loopback", false);
        }
        if (a0 == 169 && a1 == 254) {
            return new Verdict("link-local (cloud metadata range)", true);
        }
        if (a0 == 172 && (a1 & 0xf0) == 16) {
            return new Verdict("private", false);
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return new Verdict("reserved for IETF protocol assignments", false);
        }
        if (a0 == 192 && a1 == 0 && a2 == 2) {
            return new Verdict("reserved for documentation", false);
        }
        if (a0 == 192 && a1 == 168) {
            return new Verdict("private", false);
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return new Verdict("reserved for benchmarking", false);
        }
        if (a0 == 198 && a1 == 51 && a2 == 100) {
            return new Verdict("reserved for documentation", false);
        }
        if (a0 == 203 && a1 == 0 && a2 == 113) {
            return new Verdict("reserved for documentation", false);
        }
        if ((a0 & 0xf0) == 224) {
            return new Verdict("multicast", true);
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return new Verdict("broadcast", true);
        }
        if ((a0 & 0xf0) == 240) {
            return new Verdict("reserved", true);
        }
        return null;
    }

    private static Verdict classifyV6(byte[] b) {
        if (allZero(b, 0, 16)) {
            return new Verdict("unspecified", true);
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return new Verdict("loopback", false);
        }
        byte[] v4 = embeddedIpv4(b);
        if (v4 != null) {
            Verdict inner = classifyV4(v4);
            if (inner == null) {
                return null;
            }
            return new Verdict(inner.kind + " (embedded IPv4 " + format(v4) + ")", inner.always);
        }
        int b0 = u8(b[0]);
        int b1 = u8(b[1]);
        // fd00:ec2::254 (AWS IMDS over IPv6) before the generic fc00::/7 rule
        if (b0 == 0xfd
                && b1 == 0x00
                && u8(b[2]) == 0x0e
                && u8(b[3]) == 0xc2
                && allZero(b, 4, 14)
                && u8(b[14]) == 0x02
                && u8(b[15]) == 0x54) {
            return new Verdict("a cloud metadata endpoint", true);
        }
        if (b0 == 0xff) {
            return new Verdict("multicast", true);
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return new Verdict("link-local", true);
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return new Verdict("site-local (deprecated)", false);
        }
        if ((b0 & 0xfe) == 0xfc) {
            return new Verdict("private (unique local)", false);
        }
        if (b0 == 0x20 && b1 == 0x01 && u8(b[2]) == 0x0d && u8(b[3]) == 0xb8) {
            return new Verdict("reserved for documentation", false);
        }
        if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
            return new Verdict("a Teredo tunnel address", false);
        }
        if (b0 == 0x01 && b1 == 0x00 && allZero(b, 2, 8)) {
            return new Verdict("reserved (discard-only)", false);
        }
        if (b0 == 0x00 && b1 == 0x64 && u8(b[2]) == 0xff && u8(b[3]) == 0x9b && b[4] == 0 && b[5] == 1) {
            return new Verdict("private (local-use NAT64)", false);
        }
        if (b0 == 0x00 && b1 == 0x00) {
            // remaining ::/16 space (not loopback/embedded): reserved, never valid as a destination
            return new Verdict("reserved", false);
        }
        return null;
    }

    /** Text form: dotted quad for IPv4, RFC 5952 compressed lower-case hex for IPv6. */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return u8(b[0]) + "." + u8(b[1]) + "." + u8(b[2]) + "." + u8(b[3]);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (u8(b[2 * i]) << 8) | u8(b[2 * i + 1]);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static String format(InetAddress a) {
        return format(a.getAddress());
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static int u8(byte x) {
        return x & 0xff;
    }
}
