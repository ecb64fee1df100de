package dev.taskagent.tools.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRulesTest {

    /** Parses a literal without any DNS: strict dotted quad or IPv6 text, via the project's own parsers. */
    static byte[] bytes(String literal) {
        if (literal.indexOf(':') >= 0) {
            byte[] b = UrlGuard.parseIpv6(literal);
            assertNotNull(b, "test literal " + literal);
            return b;
        }
        byte[] b = UrlGuard.parseIpv4Literal(literal);
        assertNotNull(b, "test literal " + literal);
        return b;
    }

    /**
     * strict = private addresses not allowed; lenient = allowPrivateAddresses. B = blocked, A = allowed.
     * First/last address of each range plus the neighbours just outside.
     */
    @ParameterizedTest(name = "{0}: strict {1}, private allowed {2}")
    @CsvSource({
        // 0.0.0.0/8 "this network": always blocked
        "0.0.0.0, B, B",
        "0.255.255.255, B, B",
        "1.0.0.0, A, A",
        // 10/8
        "9.255.255.255, A, A",
        "10.0.0.0, B, A",
        "10.255.255.255, B, A",
        "11.0.0.0, A, A",
        // 100.64/10 shared + Alibaba metadata 100.100.100.200
        "100.63.255.255, A, A",
        "100.64.0.0, B, A",
        "100.127.255.255, B, A",
        "100.128.0.0, A, A",
        "100.100.100.200, B, B",
        // 127/8
        "126.255.255.255, A, A",
        "127.0.0.0, B, A",
        "127.0.0.1, B, A",
        "127.255.255.255, B, A",
        "128.0.0.0, A, A",
        // 169.254/16 link-local incl. metadata: always blocked
        "169.253.255.255, A, A",
        "169.254.0.0, B, B",
        "169.254.169.254, B, B",
        "169.254.255.255, B, B",
        "169.255.0.0, A, A",
        // 172.16/12
        "172.15.255.255, A, A",
        "172.16.0.0, B, A",
        "172.31.255.255, B, A",
        "172.32.0.0, A, A",
        // 192.0.0/24, 192.0.2/24
        "191.255.255.255, A, A",
        "192.0.0.0, B, A",
        "192.0.0.255, B, A",
        "192.0.1.0, A, A",
        "192.0.2.0, B, A",
        "192.0.2.255, B, A",
        "192.0.3.0, A, A",
        // 192.168/16
        "192.167.255.255, A, A",
        "192.168.0.0, B, A",
        "192.168.255.255, B, A",
        "192.169.0.0, A, A",
        // 198.18/15
        "198.17.255.255, A, A",
        "198.18.0.0, B, A",
        "198.19.255.255, B, A",
        "198.20.0.0, A, A",
        // 198.51.100/24
        "198.51.99.255, A, A",
        "198.51.100.0, B, A",
        "198.51.100.255, B, A",
        "198.51.101.0, A, A",
        // 203.0.113/24
        "203.0.112.255, A, A",
        "203.0.113.0, B, A",
        "203.0.113.255, B, A",
        "203.0.114.0, A, A",
        // 224/4 multicast, 240/4 reserved, broadcast: always blocked
        "223.255.255.255, A, A",
        "224.0.0.0, B, B",
        "239.255.255.255, B, B",
        "240.0.0.0, B, B",
        "255.255.255.254, B, B",
        "255.255.255.255, B, B",
        // public
        "8.8.8.8, A, A",
        "93.184.216.34, A, A",
        // IPv6 specials
        "::, B, B",
        "::1, B, A",
        "::2, B, B",
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, A, A",
        "fc00::, B, A",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, B, A",
        "fe00::, A, A",
        "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, A, A",
        "fe80::, B, B",
        "fe80::1, B, B",
        "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, B, B",
        "fec0::, B, A",
        "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, B, A",
        "ff00::, B, B",
        "ff02::1, B, B",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, B, B",
        "2001:db8::1, B, A",
        "2001::1, B, A",
        "100::1, B, A",
        "64:ff9b:1::1, B, A",
        "fd00:ec2::254, B, B",
        "fd00:ec2::253, B, A",
        "2001:4860:4860::8888, A, A",
        "2606:4700::1111, A, A",
        // IPv4-mapped ::ffff:0:0/96
        "::ffff:127.0.0.1, B, A",
        "::ffff:10.0.0.1, B, A",
        "::ffff:169.254.169.254, B, B",
        "::ffff:0.0.0.0, B, B",
        "::ffff:8.8.8.8, A, A",
        "::ffff:7f00:1, B, A",
        // IPv4-translated ::ffff:0:0:0/96
        "::ffff:0:127.0.0.1, B, A",
        "::ffff:0:8.8.8.8, A, A",
        // IPv4-compatible ::a.b.c.d
        "::127.0.0.1, B, A",
        "::169.254.169.254, B, B",
        "::8.8.8.8, A, A",
        // NAT64 64:ff9b::/96
        "64:ff9b::7f00:1, B, A",
        "64:ff9b::a9fe:a9fe, B, B",
        "64:ff9b::10.1.2.3, B, A",
        "64:ff9b::808:808, A, A",
        // 6to4 2002::/16
        "2002:7f00:1::, B, A",
        "2002:a9fe:a9fe::1, B, B",
        "2002:c0a8:101::1, B, A",
        "2002:808:808::1, A, A",
    })
    void classifiesRangesByBytes(String literal, String strict, String lenient) {
        byte[] b = bytes(literal);
        assertEquals(strict.equals("B"), AddressRules.blockedReason(b, false).isPresent(), "strict " + literal);
        assertEquals(
                lenient.equals("B"), AddressRules.blockedReason(b, true).isPresent(), "private allowed " + literal);
    }

    @Test
    void inetAddressOverloadsUseTheSameRules() throws Exception {
        InetAddress ten = InetAddress.getByAddress(new byte[] {10, 0, 0, 5});
        assertEquals(Optional.of("address 10.0.0.5 is private"), AddressRules.blockedReason(ten));
        assertTrue(AddressRules.blockedReason(ten, true).isEmpty());
        // the JDK turns 16-byte IPv4-mapped addresses into Inet4Address; still blocked
        InetAddress mapped = InetAddress.getByAddress(bytes("::ffff:169.254.169.254"));
        assertTrue(AddressRules.blockedReason(mapped, true).orElseThrow().contains("169.254.169.254"));
        assertTrue(AddressRules.isAlwaysBlocked(mapped));
        assertTrue(AddressRules.isNonPublic(ten));
        assertFalse(AddressRules.isNonPublic(InetAddress.getByAddress(new byte[] {8, 8, 8, 8})));
    }

    @Test
    void reasonsNameTheAddressAndTheKind() {
        assertEquals(
                "address 127.0.0.1 is loopback",
                AddressRules.blockedReason(bytes("127.0.0.1"), false).orElseThrow());
        assertEquals(
                "address 169.254.169.254 is link-local (cloud metadata range)",
                AddressRules.blockedReason(bytes("169.254.169.254"), true).orElseThrow());
        assertEquals(
                "address 64:ff9b::a00:1 is private (embedded IPv4 10.0.0.1)",
                AddressRules.blockedReason(bytes("64:ff9b::10.0.0.1"), false).orElseThrow());
        assertEquals(
                "address fe80::1 is link-local",
                AddressRules.blockedReason(bytes("fe80::1"), true).orElseThrow());
        assertEquals(
                "address is malformed",
                AddressRules.blockedReason(new byte[3], true).orElseThrow());
        assertEquals(
                "address is missing",
                AddressRules.blockedReason((InetAddress) null).orElseThrow());
    }

    @Test
    void extractsEmbeddedIpv4() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, AddressRules.embeddedIpv4(bytes("::ffff:127.0.0.1")));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, AddressRules.embeddedIpv4(bytes("64:ff9b::127.0.0.1")));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, AddressRules.embeddedIpv4(bytes("2002:7f00:0001::")));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, AddressRules.embeddedIpv4(bytes("::127.0.0.1")));
        assertNull(AddressRules.embeddedIpv4(bytes("2001:4860:4860::8888")));
        assertNull(AddressRules.embeddedIpv4(bytes("::1")));
    }

    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7"
    })
    void formatsIpv6Canonically(String in, String expected) {
        assertEquals(expected, AddressRules.format(bytes(in)));
    }
}
