package dev.taskagent.tools.filesearch;

/**
 * Bounds a regex's compiled size before RE2/J compiles it. RE2/J expands counted repetitions into copies while
 * compiling, so a short pattern such as {@code ((a{1000}){1000}){1000}} asks for a billion instructions and the compile
 * dies with {@code OutOfMemoryError}. This walks the pattern's structure (groups, alternations, quantifiers, classes,
 * escapes) and estimates the instruction count from above: an atom costs 1, a group its body plus 2, an alternation
 * its branches plus one per {@code |}, {@code x*}, {@code x+} and {@code x?} the body plus 1, and {@code x{n,m}} the
 * body times {@code max(n, m, 1)} plus 1, so nesting multiplies. Syntax errors are left to RE2/J, which reports them
 * without compiling.
 */
final class RegexBudget {

    /** Most estimated program instructions; {@code a{1000}}, RE2's largest single repeat, fits. */
    static final long MAX_INSTRUCTIONS = 5_000;
    /** RE2's largest repeat count. */
    private static final int MAX_REPEAT = 1000;
    /** Deepest group nesting (RE2/J compiles recursively). */
    static final int MAX_DEPTH = 50;

    private final String p;
    private final int n;
    private int i;

    private RegexBudget(String p) {
        this.p = p;
        this.n = p.length();
    }

    /** @throws FileSearchException "pattern too complex: ..." when the pattern would compile too big or too deep */
    static void check(String pattern) {
        RegexBudget b = new RegexBudget(pattern);
        long size = b.alternation(0);
        while (b.i < b.n) { // an unbalanced ')': RE2/J reports it; still count what follows
            b.i++;
            size = add(size, b.alternation(0));
        }
        if (size > MAX_INSTRUCTIONS) {
            throw new FileSearchException("pattern too complex: it would compile to "
                    + (size > MAX_INSTRUCTIONS * 1000 ? "over " + MAX_INSTRUCTIONS * 1000 : "about " + size)
                    + " instructions (limit " + MAX_INSTRUCTIONS + "); use fewer or smaller counted repetitions"
                    + " such as {n}, especially nested ones");
        }
    }

    /** branch ('|' branch)* up to ')' or the end. */
    private long alternation(int depth) {
        if (depth > MAX_DEPTH) {
            throw new FileSearchException("pattern too complex: groups nested more than " + MAX_DEPTH + " deep");
        }
        long size = sequence(depth);
        while (i < n && p.charAt(i) == '|') {
            i++;
            size = add(size, add(1, sequence(depth)));
        }
        return size;
    }

    private long sequence(int depth) {
        long size = 0;
        while (i < n && p.charAt(i) != '|' && p.charAt(i) != ')') {
            size = add(size, quantified(atom(depth)));
        }
        return size;
    }

    /** Size of the atom at i (0 for a bare flag group such as {@code (?i)}). */
    private long atom(int depth) {
        char c = p.charAt(i);
        switch (c) {
            case '(' -> {
                i++;
                if (i < n && p.charAt(i) == '?') {
                    i++;
                    if (i < n && (p.charAt(i) == 'P' || p.charAt(i) == '<')) {
                        int close = p.indexOf('>', i);
                        i = close < 0 ? n : close + 1;
                    } else {
                        while (i < n && (Character.isLetter(p.charAt(i)) || p.charAt(i) == '-')) {
                            i++;
                        }
                        if (i < n && p.charAt(i) == ')') {
                            i++;
                            return 0; // flags only
                        }
                        if (i < n) {
                            i++; // ':'
                        }
                    }
                }
                long inner = alternation(depth + 1);
                if (i < n && p.charAt(i) == ')') {
                    i++;
                }
                return add(inner, 2);
            }
            case '[' -> {
                int close;
                try {
                    close = RegexLiterals.skipClass(p, i);
                } catch (IllegalArgumentException e) {
                    close = n - 1; // unclosed: RE2/J reports it
                }
                i = close + 1;
                return 1;
            }
            case '\\' -> {
                return escape();
            }
            default -> {
                i += Character.charCount(p.codePointAt(i));
                return 1;
            }
        }
    }

    private long escape() {
        char e = i + 1 < n ? p.charAt(i + 1) : '\\';
        i += 2;
        if (e == 'Q') {
            int endQ = p.indexOf("\\E", i);
            String lit = endQ < 0 ? p.substring(Math.min(i, n)) : p.substring(i, endQ);
            i = endQ < 0 ? n : endQ + 2;
            return Math.max(1, lit.codePointCount(0, lit.length()));
        }
        if ((e == 'p' || e == 'P' || e == 'x') && i < n && p.charAt(i) == '{') {
            int close = p.indexOf('}', i);
            i = close < 0 ? n : close + 1;
        } else if (e == 'p' || e == 'P') {
            i = Math.min(n, i + 1);
        } else if (e == 'x') {
            i = Math.min(n, i + 2);
        }
        return 1;
    }

    /** Applies the quantifiers following an atom of size {@code size} (stacked ones multiply too). */
    private long quantified(long size) {
        while (i < n) {
            char c = p.charAt(i);
            if (c == '*' || c == '+' || c == '?') {
                i++;
                size = add(size, 1);
            } else if (c == '{') {
                int[] rep = RegexLiterals.parseRepeat(p, i);
                if (rep == null) {
                    return size; // a literal '{': the next atom
                }
                i = rep[1];
                // RE2 refuses counts over 1000 as a syntax error, reported more precisely by RE2/J itself
                long times = Math.min(MAX_REPEAT, Math.max(1, Math.max(rep[0], rep[2])));
                size = add(mul(size, times), 1);
            } else {
                return size;
            }
            if (i < n && p.charAt(i) == '?') {
                i++; // lazy
            }
        }
        return size;
    }

    private static final long CAP = Long.MAX_VALUE / 4;

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long mul(long a, long b) {
        return a != 0 && b > CAP / a ? CAP : Math.min(CAP, a * b);
    }
}
