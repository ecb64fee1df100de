package dev.taskagent.tools.filesearch;

import java.nio.charset.StandardCharsets;

/**
 * Finds a literal in UTF-8 text without decoding it. The bytes being searched are also viewed as a Latin-1 string
 * (a plain copy: one char per byte), so the JDK's vectorised {@code String.indexOf} intrinsics do the scanning and
 * string indexes equal byte offsets.
 * <ul>
 * <li>case-sensitive: {@code indexOf(needle)} on the Latin-1 view of the needle's UTF-8 bytes;</li>
 * <li>case-insensitive (ASCII folding): the needle byte that is rarest in typical text is located with
 * {@code indexOf(char)} for both of its cases (a "memchr2"), then the whole needle is compared with ASCII letters
 * folded. Non-letter bytes, including all bytes of multi-byte UTF-8 sequences, compare exactly.</li>
 * </ul>
 */
final class LiteralFinder implements CandidateFinder {

    private final String needleL1;
    private final byte[] needle;
    private final byte[] mask;
    private final boolean folded;
    private final int anchor;
    private final char anchorA;
    private final char anchorB;

    LiteralFinder(String literal, boolean asciiCaseInsensitive) {
        byte[] n = literal.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0) {
            throw new IllegalArgumentException("empty literal");
        }
        byte[] m = new byte[n.length];
        boolean any = false;
        if (asciiCaseInsensitive) {
            for (int i = 0; i < n.length; i++) {
                int b = n[i];
                if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) {
                    n[i] = (byte) (b | 0x20);
                    m[i] = 0x20;
                    any = true;
                }
            }
        }
        this.needle = n;
        this.mask = m;
        this.folded = any;
        this.needleL1 = new String(n, StandardCharsets.ISO_8859_1);
        int best = 0;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < n.length; i++) {
            int b = n[i] & 0xff;
            int r = m[i] != 0 ? rank(b) + rank(b & ~0x20) : rank(b);
            if (r < bestRank) {
                bestRank = r;
                best = i;
            }
        }
        this.anchor = best;
        int ab = n[best] & 0xff;
        this.anchorA = (char) ab;
        this.anchorB = m[best] != 0 ? (char) (ab & ~0x20) : (char) ab;
    }

    int length() {
        return needle.length;
    }

    /**
     * First occurrence starting in {@code [from, to - length]}, or -1.
     *
     * @param hay Latin-1 view of {@code buf[0, hay.length())}; {@code to <= hay.length()}
     */
    @Override
    public int find(String hay, byte[] buf, int from, int to) {
        int m = needle.length;
        if (!folded) {
            int i = hay.indexOf(needleL1, from);
            return i >= 0 && i + m <= to ? i : -1;
        }
        int s = from + anchor;
        int limit = to - m + anchor; // last position the anchor may have
        if (s > limit) {
            return -1;
        }
        int na = hay.indexOf(anchorA, s);
        int nb = anchorB == anchorA ? -1 : hay.indexOf(anchorB, s);
        while (true) {
            int k;
            if (na < 0) {
                k = nb;
            } else if (nb < 0) {
                k = na;
            } else {
                k = Math.min(na, nb);
            }
            if (k < 0 || k > limit) {
                return -1;
            }
            int start = k - anchor;
            if (matchesFolded(buf, start)) {
                return start;
            }
            if (k == na) {
                na = hay.indexOf(anchorA, k + 1);
            } else {
                nb = hay.indexOf(anchorB, k + 1);
            }
        }
    }

    private boolean matchesFolded(byte[] h, int start) {
        byte[] n = needle;
        byte[] k = mask;
        for (int j = 0; j < n.length; j++) {
            if ((h[start + j] | k[j]) != n[j]) {
                return false;
            }
        }
        return true;
    }

    private static final String COMMON_LOWER = "etaoinsrhldcumfpgwybvkxjqz";

    /** Rough frequency rank of a byte in source code and prose: lower is rarer. */
    static int rank(int b) {
        if (b >= 'a' && b <= 'z') {
            return 255 - COMMON_LOWER.indexOf(b) * 6; // 255 .. 105
        }
        if (b == ' ') {
            return 256;
        }
        if (b >= 'A' && b <= 'Z') {
            return 60 + (25 - COMMON_LOWER.indexOf(b | 0x20)); // 60 .. 85
        }
        if (b >= '0' && b <= '9') {
            return 70;
        }
        if (b == '\t' || b == '\n') {
            return 150;
        }
        if ("().,;=\"'_{}-/:*".indexOf(b) >= 0) {
            return 90;
        }
        if (b >= 0x80) {
            return 40;
        }
        if (b < 0x20 || b == 0x7f) {
            return 5;
        }
        return 50; // other ASCII punctuation
    }
}
