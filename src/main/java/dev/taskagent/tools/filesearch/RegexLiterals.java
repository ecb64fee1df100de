package dev.taskagent.tools.filesearch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Conservative extraction of literals that every match of a regex must contain, used as a fast byte-level prefilter
 * (the same trick grep and ripgrep use). The result is a set of alternatives: every match contains at least one of
 * them ({@code TODO|FIXME} gives both, {@code foo\d+barbaz} gives {@code barbaz}). Runs of literal characters are
 * tracked through a small recursive parse: groups that must occur contribute the alternatives of their branches,
 * classes, escapes other than escaped punctuation, {@code .}, anchors and anything made optional by a quantifier end
 * a run; a branch without a required literal makes its whole alternation unknown. The regex always confirms each
 * candidate line, so the result may be weaker than possible but must never be wrong (a randomised differential test
 * checks this).
 */
final class RegexLiterals {

    /** At most this many alternatives (each needs its own scan). */
    static final int MAX_ALTERNATIVES = 16;

    /**
     * Literals of which every match contains at least one; {@code caseInsensitive} when the pattern turns on the i
     * flag anywhere (then only ASCII letters may be folded, so literals are ASCII).
     */
    record Required(List<String> literals, boolean caseInsensitive) {

        /** The first (for a single-literal result, the only) literal. */
        String literal() {
            return literals.get(0);
        }
    }

    private RegexLiterals() {}

    /**
     * @param pattern a pattern that RE2/J has already compiled successfully
     * @param ci      whether matching is case-insensitive anyway
     * @return the required alternatives, or null when none could be proven
     */
    static Required requiredLiteral(String pattern, boolean ci) {
        Parser p = new Parser(pattern, ci);
        List<String> set;
        try {
            set = p.alternation();
        } catch (RuntimeException e) {
            return null; // unexpected syntax: no prefilter rather than a wrong one
        }
        if (set == null || p.i < pattern.length()) {
            return null;
        }
        if (p.ci) {
            // the i flag may have been seen after some literals were taken: keep only ASCII parts
            List<String> ascii = new ArrayList<>();
            for (String s : set) {
                String a = longestAscii(s);
                if (a.isEmpty()) {
                    return null;
                }
                ascii.add(a);
            }
            set = List.copyOf(new LinkedHashSet<>(ascii));
        }
        return new Required(set, p.ci);
    }

    private static final class Parser {
        final String p;
        final int n;
        boolean ci;
        int i;

        Parser(String p, boolean ci) {
            this.p = p;
            this.n = p.length();
            this.ci = ci;
        }

        /** branch ('|' branch)* up to ')' or the end; null when some branch has no required literal. */
        List<String> alternation() {
            LinkedHashSet<String> union = new LinkedHashSet<>();
            boolean unknown = false;
            while (true) {
                List<String> branch = sequence();
                if (branch == null) {
                    unknown = true;
                } else {
                    union.addAll(branch);
                }
                if (i < n && p.charAt(i) == '|') {
                    i++;
                    continue;
                }
                break;
            }
            if (unknown || union.isEmpty() || union.size() > MAX_ALTERNATIVES) {
                return null;
            }
            return new ArrayList<>(union);
        }

        /** A sequence of atoms up to '|' or ')' or the end; returns its best required set or null. */
        List<String> sequence() {
            StringBuilder run = new StringBuilder();
            int lastCharLen = 0; // chars of the last literal code point in run (0: last atom was not a literal)
            List<String> best = null;
            while (i < n) {
                char c = p.charAt(i);
                if (c == '|' || c == ')') {
                    break;
                }
                switch (c) {
                    case '(' -> {
                        i++;
                        if (i < n && p.charAt(i) == '?') {
                            i++;
                            if (i < n && p.charAt(i) == ':') {
                                i++;
                            } else if (i < n && (p.charAt(i) == 'P' || p.charAt(i) == '<')) {
                                int close = p.indexOf('>', i);
                                i = close < 0 ? n : close + 1;
                            } else {
                                int start = i;
                                while (i < n && (Character.isLetter(p.charAt(i)) || p.charAt(i) == '-')) {
                                    i++;
                                }
                                if (p.substring(start, i).indexOf('i') >= 0) {
                                    ci = true; // conservative: folding is a superset of exact matching
                                }
                                if (i < n && p.charAt(i) == ')') {
                                    i++; // bare flag group: not an atom, the run goes on
                                    continue;
                                }
                                i++; // ':'
                            }
                        }
                        List<String> inner = alternation();
                        if (i < n && p.charAt(i) == ')') {
                            i++;
                        }
                        int min = quantifier();
                        best = better(best, finish(run, lastCharLen, 1));
                        run.setLength(0);
                        lastCharLen = 0;
                        if (min >= 1 && inner != null) {
                            best = better(best, inner);
                        }
                    }
                    case '[' -> {
                        i = skipClass(p, i) + 1;
                        quantifier();
                        best = better(best, finish(run, lastCharLen, 1));
                        run.setLength(0);
                        lastCharLen = 0;
                    }
                    case '.', '^', '$' -> {
                        i++;
                        quantifier();
                        best = better(best, finish(run, lastCharLen, 1));
                        run.setLength(0);
                        lastCharLen = 0;
                    }
                    case '*', '?', '+', '{' -> {
                        // a quantifier applied to the last literal char (other atoms consume their own)
                        if (c == '{' && parseRepeat(p, i) == null) {
                            i++; // a literal '{' for RE2: just end the run (conservative)
                            best = better(best, finish(run, lastCharLen, 1));
                            run.setLength(0);
                            lastCharLen = 0;
                            continue;
                        }
                        int min = quantifier();
                        best = better(best, finish(run, lastCharLen, min));
                        run.setLength(0);
                        lastCharLen = 0;
                    }
                    case '\\' -> {
                        char e = i + 1 < n ? p.charAt(i + 1) : '\\';
                        if (e == 'Q') {
                            int endQ = p.indexOf("\\E", i + 2);
                            String lit = endQ < 0 ? p.substring(i + 2) : p.substring(i + 2, endQ);
                            i = endQ < 0 ? n : endQ + 2;
                            if (!lit.isEmpty()) {
                                run.append(lit);
                                lastCharLen = Character.charCount(lit.codePointBefore(lit.length()));
                            }
                        } else if (e < 0x80 && !Character.isLetterOrDigit(e)) {
                            run.append(e); // escaped punctuation is a literal
                            lastCharLen = 1;
                            i += 2;
                        } else {
                            // \d \w \s \b \pL \p{Greek} \x{41} \n \t ...: not a literal we track
                            i += 2;
                            if ((e == 'p' || e == 'P' || e == 'x') && i < n && p.charAt(i) == '{') {
                                int close = p.indexOf('}', i);
                                i = close < 0 ? n : close + 1;
                            } else if (e == 'p' || e == 'P') {
                                i++;
                            } else if (e == 'x') {
                                i = Math.min(n, i + 2);
                            }
                            quantifier();
                            best = better(best, finish(run, lastCharLen, 1));
                            run.setLength(0);
                            lastCharLen = 0;
                        }
                    }
                    default -> {
                        int cp = p.codePointAt(i);
                        run.appendCodePoint(cp);
                        lastCharLen = Character.charCount(cp);
                        i += lastCharLen;
                    }
                }
            }
            return better(best, finish(run, lastCharLen, 1));
        }

        /**
         * Parses an optional quantifier at i: returns the minimum repeat count (1 when there is none) and skips a
         * trailing lazy '?'.
         */
        int quantifier() {
            if (i >= n) {
                return 1;
            }
            char c = p.charAt(i);
            int min;
            if (c == '*' || c == '?') {
                min = 0;
                i++;
            } else if (c == '+') {
                min = 1;
                i++;
            } else if (c == '{') {
                int[] rep = parseRepeat(p, i);
                if (rep == null) {
                    return 1; // a literal '{' (RE2 treats an invalid repeat as literal): handled as a char later
                }
                min = rep[0];
                i = rep[1];
            } else {
                return 1;
            }
            if (i < n && p.charAt(i) == '?') {
                i++;
            }
            return min;
        }

        /**
         * The run as a candidate set; {@code minOfLast} is the repeat minimum of a quantifier applied to the run's
         * last char (1 when none): 0 drops that char.
         */
        private List<String> finish(StringBuilder run, int lastCharLen, int minOfLast) {
            String s = run.toString();
            if (minOfLast == 0 && lastCharLen > 0) {
                s = s.substring(0, s.length() - lastCharLen);
            }
            if (ci) {
                s = longestAscii(s);
            }
            return s.isEmpty() ? null : List.of(s);
        }
    }

    /** The better of two candidate sets: larger shortest literal (in UTF-8 bytes), then fewer alternatives. */
    private static List<String> better(List<String> a, List<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int sa = score(a);
        int sb = score(b);
        if (sa != sb) {
            return sb > sa ? b : a;
        }
        return b.size() < a.size() ? b : a;
    }

    private static int score(List<String> set) {
        int min = Integer.MAX_VALUE;
        for (String s : set) {
            min = Math.min(min, s.getBytes(StandardCharsets.UTF_8).length);
        }
        // each extra alternative costs a scan: prefer a single literal unless the set is clearly longer
        return min * 4 - (set.size() - 1);
    }

    private static String longestAscii(String s) {
        String best = "";
        int start = 0;
        for (int k = 0; k <= s.length(); k++) {
            if (k == s.length() || s.charAt(k) >= 0x80) {
                if (k - start > best.length()) {
                    best = s.substring(start, k);
                }
                start = k + 1;
            }
        }
        return best;
    }

    /** Index of the ']' closing the class opened at {@code open}. */
    static int skipClass(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++; // a leading ']' is literal
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int close = p.indexOf(":]", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("bad class");
                }
                i = close + 1;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed class");
    }

    /**
     * Parses {n}, {n,}, {n,m} at {@code open}; returns {min, indexAfter, max} (max -1 for {n,}) or null when it is not
     * a repeat.
     */
    static int[] parseRepeat(String p, int open) {
        int i = open + 1;
        int start = i;
        while (i < p.length() && Character.isDigit(p.charAt(i))) {
            i++;
        }
        if (i == start || i >= p.length()) {
            return null;
        }
        int min;
        int max;
        try {
            min = Integer.parseInt(p.substring(start, i));
            max = min;
            if (p.charAt(i) == ',') {
                i++;
                int maxStart = i;
                while (i < p.length() && Character.isDigit(p.charAt(i))) {
                    i++;
                }
                max = i == maxStart ? -1 : Integer.parseInt(p.substring(maxStart, i));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (i >= p.length() || p.charAt(i) != '}') {
            return null;
        }
        return new int[] {min, i + 1, max};
    }
}
