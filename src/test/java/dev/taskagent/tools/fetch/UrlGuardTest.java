package dev.taskagent.tools.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

    private static String fail(String url) {
        return assertThrows(FetchException.class, () -> UrlGuard.parse(url), url)
                .getMessage();
    }

    // ------------------------------------------------------------------ normalisation

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiterString = " => ",
            value = {
                "http://example.com => http://example.com/",
                "HTTPS://Example.COM./a?b=c#frag => https://example.com/a?b=c",
                "http://example.com?q=1 => http://example.com/?q=1",
                "http://example.com:80/x => http://example.com/x",
                "https://example.com:443/ => https://example.com/",
                "http://example.com:8080/x => http://example.com:8080/x",
                "https://example.com:/ => https://example.com/",
                "http://bücher.example/ => http://xn--bcher-kva.example/",
                "http://BÜCHER.Example./Straße => http://xn--bcher-kva.example/Stra%C3%9Fe",
                "http://ｅｘａｍｐｌｅ．ｃｏｍ/ => http://example.com/",
                "http://例え.テスト/ => http://xn--r8jz45g.xn--zckzah/",
                "http://example.com/a|b => http://example.com/a%7Cb",
                "http://example.com/?a[]=1&b={x} => http://example.com/?a%5B%5D=1&b=%7Bx%7D",
                "http://example.com/%41%zz => INVALID",
                "http://[::1]:8080/ => http://[::1]:8080/",
                "http://[0:0:0:0:0:0:0:1]/ => http://[::1]/",
                "http://[::FFFF:127.0.0.1]/ => http://[::ffff:7f00:1]/",
            })
    void normalisesUrls(String in, String expected) {
        if (expected.equals("INVALID")) {
            assertTrue(fail(in).startsWith("invalid URL"));
            return;
        }
        assertEquals(expected, UrlGuard.parse(in).url());
    }

    @Test
    void stripsSurroundingWhitespaceAndDropsFragment() {
        UrlGuard.Target t = UrlGuard.parse("  https://docs.test/a/b?x=1#section  ");
        assertEquals("https", t.scheme());
        assertEquals("docs.test", t.host());
        assertEquals(443, t.port());
        assertEquals("/a/b?x=1", t.pathAndQuery());
        assertNull(t.ipLiteral());
        assertEquals("docs.test", t.authority());
        assertEquals("docs.test:8443", UrlGuard.parse("https://docs.test:8443").authority());
    }

    // ------------------------------------------------------------------ numeric hosts (inet_aton)

    @ParameterizedTest(name = "{0} is the IP literal {1}")
    @CsvSource({
        "http://127.0.0.1/, 127.0.0.1",
        "http://2130706433/, 127.0.0.1", // decimal
        "http://0177.0.0.1/, 127.0.0.1", // octal first part
        "http://0x7f.1/, 127.0.0.1", // hex + 24-bit
        "http://127.1/, 127.0.0.1", // short
        "http://127.0.1/, 127.0.0.1", // a.b.c
        "http://0x7f000001/, 127.0.0.1", // hex 32-bit
        "http://0X7F000001/, 127.0.0.1",
        "http://017700000001/, 127.0.0.1", // octal 32-bit
        "http://0x7f.0x0.0x0.0x1/, 127.0.0.1",
        "http://0xA9.0376.43518/, 169.254.169.254", // mixed hex/octal/16-bit decimal
        "http://0xa9fea9fe/, 169.254.169.254",
        "http://169.254.43518/, 169.254.169.254",
        "http://0/, 0.0.0.0",
        "http://127.0.0.1./, 127.0.0.1", // trailing dot
        "http://１２７.０.０.１/, 127.0.0.1", // full-width digits (IDNA mapping first)
        "http://00000000000000000177.1/, 127.0.0.1",
        "http://3232235777/, 192.168.1.1",
    })
    void numericHostsAreIpLiteralsParsedWithInetAtonSemantics(String url, String expected) {
        UrlGuard.Target t = UrlGuard.parse(url);
        assertNotNull(t.ipLiteral(), url);
        assertEquals(expected, t.host());
        assertArrayEquals(AddressRulesTest.bytes(expected), t.ipLiteral().getAddress());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://1.2.3.4.5/",
                "http://256.0.0.1/",
                "http://1.2.3.256/",
                "http://1.2.65536/",
                "http://1.16777216/",
                "http://4294967296/",
                "http://08.0.0.1/",
                "http://0x/",
                "http://09/",
                "http://example.123/",
                "http://1..2/",
                "http://0x7f.example.0x1/"
            })
    void malformedNumericHostsAreRejectedNotResolved(String url) {
        assertTrue(fail(url).startsWith("invalid URL"), url);
    }

    @ParameterizedTest
    @CsvSource({
        "123.example, false",
        "example.com, false",
        "1.2.3.4, true",
        "0x10, true",
        "a.0x1, true",
        "a.1b, false",
        "deadbeef, false",
        "1e5, false"
    })
    void numericDetectionLooksAtTheLastLabel(String host, boolean numeric) {
        assertEquals(numeric, UrlGuard.looksLikeIpv4(host));
    }

    // ------------------------------------------------------------------ rejected URLs

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "file:///etc/passwd | unsupported URL scheme \"file\"",
                "ftp://example.com/ | unsupported URL scheme \"ftp\"",
                "gopher://example.com:70/_x | unsupported URL scheme \"gopher\"",
                "javascript:alert(1) | unsupported URL scheme \"javascript\"",
                "data:text/html,hi | unsupported URL scheme \"data\"",
                "jar:http://x/!/ | unsupported URL scheme \"jar\"",
                "example.com/path | missing scheme",
                "//example.com/ | missing scheme",
                "http:example.com | expected //",
                "http:/example.com | expected //",
                "http://user:pass@example.com/ | user info",
                "http://user@example.com/ | user info",
                "http://example.com@evil.com/ | user info",
                "http://exa mple.com/ | whitespace",
                "http:// | empty host",
                "http:///path | empty host",
                "http://:80/ | empty host",
                "http://. | empty host",
                "http://exa_mple.com/ | bad character",
                "http://exa*mple.com/ | bad character",
                "http://%65xample.com/ | percent-encoded host",
                "http://[fe80::1%25eth0]/ | zone ids",
                "http://[::1/ | unterminated IPv6",
                "http://[::1]x/ | unexpected characters after IPv6",
                "http://[1::2::3]/ | malformed IPv6",
                "http://[127.0.0.1]/ | malformed IPv6",
                "http://::1/ | must be enclosed in brackets",
                "http://example.com:0/ | bad port",
                "http://example.com:65536/ | bad port",
                "http://example.com:8o/ | bad port",
                "http://example.com:-1/ | bad port",
                "http://-example.com/ | invalid host name",
                "http://example-.com/ | invalid host name",
                "http://a..b/ | invalid host name",
                "http://example.com../ | invalid host name",
            })
    void rejectsBadUrls(String url, String messagePart) {
        String msg = fail(url);
        assertTrue(msg.contains(messagePart), url + " -> " + msg);
    }

    @Test
    void rejectsBackslashesControlCharactersAndInvisibleCharacters() {
        assertTrue(fail("http://example.com\\@evil.com/").contains("backslash"));
        assertTrue(fail("http:\\\\example.com\\").contains("backslash"));
        assertTrue(fail("http://example.com/a\nb").contains("control characters"));
        assertTrue(fail("http://example.com/a\rHost: evil").contains("control characters"));
        assertTrue(fail("http://example.com/\u0000").contains("control characters"));
        assertTrue(fail("http://example.com/\u007f").contains("control characters"));
        assertTrue(fail("http://example.com/\u0085").contains("control characters"));
        assertTrue(fail("http://example.com/a\tb").contains("control characters"));
        assertTrue(fail("http://exa\u00a0mple.com/").contains("whitespace"));
        assertTrue(fail("http://example.com/a\u3000b").contains("whitespace"));
        assertTrue(fail("http://example.com/\u202e").contains("invisible"));
        assertTrue(fail("http://exa\u200bmple.com/").contains("invisible"));
        assertTrue(fail(null).contains("empty"));
        assertTrue(fail("   ").contains("empty"));
        assertTrue(fail("http://a" + "b".repeat(63) + ".com/").contains("invalid host name")); // 64-char label
        assertTrue(fail("http://example.com/" + "x".repeat(5000)).contains("longer than"));
    }

    // ------------------------------------------------------------------ IPv6 parser

    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1::, 1::",
        "::ffff:1.2.3.4, ::ffff:102:304",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "ABCD::EF, abcd::ef",
        "::1.2.3.4, ::102:304"
    })
    void parsesValidIpv6(String in, String canonical) {
        assertEquals(canonical, AddressRules.format(UrlGuard.parseIpv6(in)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1:2:3:4:5:6:7:8:9",
                "12345::",
                "::g",
                ":::",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::01.2.3.4",
                "::1.2.3",
                ":1::",
                "1::2::3",
                "1:2:3:4:5:6:7",
                "::256.1.1.1",
                "１::"
            })
    void rejectsInvalidIpv6(String in) {
        assertNull(UrlGuard.parseIpv6(in), in);
    }

    // ------------------------------------------------------------------ domains

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
        "example.com, example.com, true",
        "a.example.com, example.com, true",
        "a.b.example.com, example.com, true",
        "badexample.com, example.com, false",
        "example.com.evil.net, example.com, false",
        "example.com, a.example.com, false",
        "xample.com, example.com, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 0.0.1, false",
        "10.0.0.1, 0.1, false",
        "::1, ::1, true",
    })
    void domainsMatchByWholeLabels(String host, String domain, boolean expected) {
        assertEquals(expected, UrlGuard.domainMatches(host, domain));
    }

    @Test
    void domainEntriesAreNormalisedLikeHosts() {
        assertEquals("example.com", UrlGuard.normalizeDomainEntry("*.Example.COM."));
        assertEquals("example.com", UrlGuard.normalizeDomainEntry(" .example.com "));
        assertEquals("xn--bcher-kva.example", UrlGuard.normalizeDomainEntry("bücher.example"));
        assertEquals("127.0.0.1", UrlGuard.normalizeDomainEntry("2130706433"));
        assertEquals("::1", UrlGuard.normalizeDomainEntry("[::1]"));
        assertThrows(IllegalArgumentException.class, () -> UrlGuard.normalizeDomainEntry("exa mple.com"));
        assertThrows(IllegalArgumentException.class, () -> UrlGuard.normalizeDomainEntry("under_score.com"));
        assertTrue(UrlGuard.domainMatches(
                UrlGuard.parse("http://www.bücher.example/").host(), UrlGuard.normalizeDomainEntry("BÜCHER.example")));
    }

    @Test
    void settingsAndTaskPolicyDomainListsIntersect() {
        FetchSettings allow = FetchSettings.defaults().withDomains(List.of("docs.test", "api.test"), List.of());
        FetchSettings block = FetchSettings.defaults().withDomains(List.of(), List.of("evil.test"));
        FetchPolicy none = FetchPolicy.none();
        assertTrue(UrlGuard.domainViolation("docs.test", allow, none).isEmpty());
        assertTrue(UrlGuard.domainViolation("www.docs.test", allow, none).isEmpty());
        assertEquals(
                "blocked: domain evil.com is not in the allowed domains",
                UrlGuard.domainViolation("evil.com", allow, none).orElseThrow());
        assertEquals(
                "blocked: domain a.evil.test is in the blocked domains",
                UrlGuard.domainViolation("a.evil.test", block, none).orElseThrow());
        assertTrue(UrlGuard.domainViolation("docs.test", block, none).isEmpty());
        FetchPolicy task = FetchPolicy.allowing("docs.test", "other.test");
        assertTrue(UrlGuard.domainViolation("docs.test", allow, task).isEmpty());
        assertEquals(
                "blocked: domain api.test is not in the allowed domains for this task",
                UrlGuard.domainViolation("api.test", allow, task).orElseThrow());
        // in the task list but not in the settings list: still blocked
        assertEquals(
                "blocked: domain other.test is not in the allowed domains",
                UrlGuard.domainViolation("other.test", allow, task).orElseThrow());
        assertEquals(
                "blocked: domain evil.test is in the blocked domains",
                UrlGuard.domainViolation("evil.test", block, FetchPolicy.allowing("evil.test"))
                        .orElseThrow());
    }

    // ------------------------------------------------------------------ extra blocked host:port

    @Test
    void extraBlockedHostPortsMatchAddressesPortsAndLoopbackAliases() throws Exception {
        InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress lo2 = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        InetAddress v6lo = InetAddress.getByAddress(AddressRulesTest.bytes("::1"));
        InetAddress ten = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        List<String> lambda = List.of("127.0.0.1:9001");
        assertTrue(UrlGuard.isExtraBlocked("127.0.0.1", lo, 9001, lambda));
        assertTrue(UrlGuard.isExtraBlocked("runtime.test", lo, 9001, lambda));
        assertTrue(UrlGuard.isExtraBlocked("x.test", lo2, 9001, lambda));
        assertTrue(UrlGuard.isExtraBlocked("x.test", v6lo, 9001, lambda));
        assertFalse(UrlGuard.isExtraBlocked("127.0.0.1", lo, 9002, lambda));
        assertFalse(UrlGuard.isExtraBlocked("x.test", ten, 9001, lambda));
        assertTrue(UrlGuard.isExtraBlocked("x.test", lo, 9001, List.of("localhost:9001")));
        assertTrue(UrlGuard.isExtraBlocked("x.test", ten, 1234, List.of("10.0.0.1")));
        assertTrue(UrlGuard.isExtraBlocked("x.test", v6lo, 80, List.of("[::1]:80")));
        assertTrue(UrlGuard.isExtraBlocked("metadata.test", ten, 80, List.of("metadata.test")));
        assertEquals(new UrlGuard.HostPort("127.0.0.1", lo, 9001), UrlGuard.parseHostPort("127.0.0.1:9001"));
        assertEquals(-1, UrlGuard.parseHostPort("fd00::1").port());
        assertThrows(IllegalArgumentException.class, () -> UrlGuard.parseHostPort("127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> UrlGuard.parseHostPort("bad host:1"));
    }

    @Test
    void addressViolationCombinesRangesAndExtraList() throws Exception {
        FetchSettings s = FetchSettings.defaults()
                .withAllowPrivateAddresses(true)
                .withExtraBlockedHostPorts(List.of("127.0.0.1:9001"));
        UrlGuard.Target t = UrlGuard.parse("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next");
        assertEquals(
                "blocked: 127.0.0.1:9001 is a reserved endpoint",
                UrlGuard.addressViolation(t, t.ipLiteral(), s).orElseThrow());
        UrlGuard.Target ok = UrlGuard.parse("http://127.0.0.1:8080/");
        assertTrue(UrlGuard.addressViolation(ok, ok.ipLiteral(), s).isEmpty());
        assertEquals(
                "blocked: address 127.0.0.1 is loopback",
                UrlGuard.addressViolation(ok, ok.ipLiteral(), FetchSettings.defaults())
                        .orElseThrow());
    }

    // ------------------------------------------------------------------ redirects

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://docs.test:8080/a/b | /x | http://docs.test:8080/x",
                "http://docs.test:8080/a/b | c | http://docs.test:8080/a/c",
                "http://docs.test:8080/a/b | ../c?d=1 | http://docs.test:8080/c?d=1",
                "http://docs.test:8080/a/b?x=1 | ?q=2 | http://docs.test:8080/a/b?q=2",
                "http://docs.test/a | //other.test/p | http://other.test/p",
                "https://docs.test/a | http://docs.test/b | http://docs.test/b",
                "https://docs.test/a | HTTPS://Bücher.example/ | https://xn--bcher-kva.example/",
                "http://docs.test/a | #top | http://docs.test/a",
            })
    void redirectLocationsResolveAgainstTheCurrentUrl(String base, String location, String expected) {
        assertEquals(
                expected,
                UrlGuard.resolveRedirect(UrlGuard.parse(base), location).url());
    }

    @Test
    void redirectLocationsAreCheckedLikeUrls() {
        UrlGuard.Target base = UrlGuard.parse("http://docs.test/");
        assertTrue(assertThrows(FetchException.class, () -> UrlGuard.resolveRedirect(base, "file:///etc/passwd"))
                .getMessage()
                .startsWith("unsupported URL scheme"));
        assertTrue(assertThrows(FetchException.class, () -> UrlGuard.resolveRedirect(base, "http://u:p@x.test/"))
                .getMessage()
                .contains("user info"));
        assertTrue(assertThrows(FetchException.class, () -> UrlGuard.resolveRedirect(base, "/a\\b"))
                .getMessage()
                .contains("backslash"));
        assertEquals(
                "127.0.0.1", UrlGuard.resolveRedirect(base, "http://0x7f.1/").host());
    }

    // ------------------------------------------------------------------ system resolver

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f.1", "127.1", "10.0.0.1", "::1", "[::1]", "exa_mple.com", "a b", ""})
    void systemResolverRefusesNumericAndInvalidFormsWithoutLookingThemUp(String host) {
        assertThrows(
                java.net.UnknownHostException.class, () -> HostResolver.system().resolve(host));
    }

    // ------------------------------------------------------------------ settings

    @Test
    void settingsValidate() {
        FetchSettings d = FetchSettings.defaults();
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertEquals(Duration.ofSeconds(10), d.readTimeout());
        assertEquals(Duration.ofSeconds(20), d.totalTimeout());
        assertEquals(2L * 1024 * 1024, d.maxBytes());
        assertEquals(20_000, d.maxChars());
        assertEquals(5, d.maxRedirects());
        assertFalse(d.allowPrivateAddresses());
        assertEquals("task-agent/0.1 (+https://github.com/task-agent)", d.userAgent());
        assertThrows(IllegalArgumentException.class, () -> d.withDomains(List.of("a.test"), List.of("b.test")));
        assertThrows(IllegalArgumentException.class, () -> d.withLimits(0, 10, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> d.withExtraBlockedHostPorts(List.of("not a host:1")));
        assertEquals(
                List.of("example.com"),
                d.withDomains(List.of("*.EXAMPLE.com", "example.com."), null).allowedDomains());
        assertThrows(IllegalArgumentException.class, () -> new FetchPolicy(List.of("bad domain")));
        assertTrue(FetchPolicy.none().allowedDomains().isEmpty());
    }
}
