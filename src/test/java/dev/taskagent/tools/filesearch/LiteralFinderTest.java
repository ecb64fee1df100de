package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiteralFinderTest {

    private static List<Integer> all(LiteralFinder f, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        String hay = new String(b, StandardCharsets.ISO_8859_1);
        List<Integer> out = new ArrayList<>();
        int p = 0;
        while ((p = f.find(hay, b, p, b.length)) >= 0) {
            out.add(p);
            p++;
        }
        return out;
    }

    @Test
    void findsCaseSensitiveOccurrencesAsByteOffsets() {
        assertEquals(List.of(0, 8), all(new LiteralFinder("abc", false), "abc xyz abc ABC"));
        assertEquals(List.of(3), all(new LiteralFinder("\u00e9t\u00e9", false), "un \u00e9t\u00e9 chaud"));
        assertEquals(List.of(), all(new LiteralFinder("abcd", false), "abc"));
        assertEquals(List.of(1, 2), all(new LiteralFinder("aa", false), "baaa"));
    }

    @Test
    void caseInsensitiveFoldsAsciiLettersOnly() {
        LiteralFinder f = new LiteralFinder("Hello_World", true);
        assertEquals(List.of(0, 12, 24), all(f, "hello_world HELLO_WORLD HeLLo_wORLD hello-world"));
        // '@' (0x40) must not match '`' (0x60) and '[' must not match '{'
        assertEquals(List.of(), all(new LiteralFinder("a@[", true), "A`{"));
        assertEquals(List.of(0), all(new LiteralFinder("a@[", true), "A@["));
    }

    @Test
    void respectsTheUpperBound() {
        byte[] b = "xxabcxx".getBytes(StandardCharsets.UTF_8);
        String hay = new String(b, StandardCharsets.ISO_8859_1);
        assertEquals(-1, new LiteralFinder("abc", false).find(hay, b, 0, 4));
        assertEquals(2, new LiteralFinder("abc", false).find(hay, b, 0, 5));
        assertEquals(-1, new LiteralFinder("ABC", true).find(hay, b, 0, 4));
        assertEquals(2, new LiteralFinder("ABC", true).find(hay, b, 0, 5));
    }

    @Test
    void agreesWithNaiveSearchOnRandomText() {
        Random r = new Random(3);
        String alphabet = "abAB_z\u00e9 \n";
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            String needle = text.substring(r.nextInt(150), 150 + r.nextInt(4)).replace("\n", "a");
            if (needle.isEmpty()) {
                continue;
            }
            for (boolean ci : new boolean[] {false, true}) {
                List<Integer> expected = new ArrayList<>();
                byte[] hb = text.getBytes(StandardCharsets.UTF_8);
                String lat = new String(hb, StandardCharsets.ISO_8859_1);
                String nl = new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                if (ci) {
                    lat = asciiLower(lat);
                    nl = asciiLower(nl);
                }
                for (int i = lat.indexOf(nl); i >= 0; i = lat.indexOf(nl, i + 1)) {
                    expected.add(i);
                }
                assertEquals(expected, all(new LiteralFinder(needle, ci), text), "needle '" + needle + "' ci=" + ci);
            }
        }
    }

    private static String asciiLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    @Test
    void rareBytesRankBelowCommonOnes() {
        assertTrue(LiteralFinder.rank('Z') < LiteralFinder.rank('e'));
        assertTrue(LiteralFinder.rank('_') < LiteralFinder.rank('n'));
        assertTrue(LiteralFinder.rank('q') < LiteralFinder.rank(' '));
    }
}
