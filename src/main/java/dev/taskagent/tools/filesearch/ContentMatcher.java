package dev.taskagent.tools.filesearch;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * How one search query finds matching lines: a byte-level literal finder produces candidate positions (for a literal
 * search every candidate is a match; for a regex it is a prefilter built from a literal every match must contain),
 * and a regex, when there is one, confirms each candidate line. Immutable and thread-safe; RE2/J matchers are created
 * per thread via {@link #newMatcher()}.
 */
final class ContentMatcher {

    static final int MAX_PATTERN_CHARS = 1000;

    /** Stateless single-literal finder shared by all threads, or null. */
    private final LiteralFinder finder;
    /** Alternatives for a multi-literal prefilter (per-thread finders), or null. */
    private final RegexLiterals.Required alternatives;

    private final Pattern regex;
    private final String literal;
    private final boolean literalCaseInsensitive;

    private ContentMatcher(LiteralFinder finder, Pattern regex, String literal, boolean literalCaseInsensitive) {
        this(finder, null, regex, literal, literalCaseInsensitive);
    }

    private ContentMatcher(
            LiteralFinder finder,
            RegexLiterals.Required alternatives,
            Pattern regex,
            String literal,
            boolean literalCaseInsensitive) {
        this.finder = finder;
        this.alternatives = alternatives;
        this.regex = regex;
        this.literal = literal;
        this.literalCaseInsensitive = literalCaseInsensitive;
    }

    /** @throws FileSearchException for an empty, too long, multi-line, invalid or too complex pattern */
    static ContentMatcher create(String pattern, boolean isRegex, boolean caseInsensitive) {
        if (pattern == null || pattern.isEmpty()) {
            throw new FileSearchException("pattern must not be empty");
        }
        if (pattern.length() > MAX_PATTERN_CHARS) {
            throw new FileSearchException("pattern is too long (max " + MAX_PATTERN_CHARS + " characters)");
        }
        if (pattern.indexOf('\n') >= 0 || pattern.indexOf('\r') >= 0) {
            throw new FileSearchException("pattern must be a single line (matching is line by line)");
        }
        if (!isRegex) {
            if (!caseInsensitive || isAscii(pattern)) {
                return new ContentMatcher(new LiteralFinder(pattern, caseInsensitive), null, pattern, caseInsensitive);
            }
            // non-ASCII literal, case-insensitive: Unicode folding through RE2/J, ASCII part as prefilter
            Pattern p = Pattern.compile(Pattern.quote(pattern), Pattern.CASE_INSENSITIVE);
            return forRegex(p, RegexLiterals.requiredLiteral(Pattern.quote(pattern), true));
        }
        RegexBudget.check(pattern);
        Pattern p;
        try {
            p = Pattern.compile(pattern, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            String msg = e.getMessage() == null ? "syntax error" : e.getMessage();
            throw new FileSearchException("invalid regex: " + (msg.length() > 200 ? msg.substring(0, 200) + "…" : msg));
        } catch (RuntimeException | StackOverflowError e) {
            throw new FileSearchException("invalid regex: too complex");
        }
        return forRegex(p, RegexLiterals.requiredLiteral(pattern, caseInsensitive));
    }

    private static ContentMatcher forRegex(Pattern p, RegexLiterals.Required req) {
        if (req == null) {
            return new ContentMatcher(null, p, null, false);
        }
        if (req.literals().size() == 1) {
            return new ContentMatcher(new LiteralFinder(req.literal(), req.caseInsensitive()), p, null, false);
        }
        return new ContentMatcher(null, req, p, null, false);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** True when every candidate is a match (pure literal search): no decoding needed to count. */
    boolean candidatesAreMatches() {
        return regex == null;
    }

    /**
     * A candidate finder for the calling thread: positions in {@code buf[from, to)} where a match may be; without a
     * prefilter every line start is a candidate.
     */
    CandidateFinder newFinder() {
        if (finder != null) {
            return finder;
        }
        if (alternatives != null) {
            return new MultiLiteralFinder(alternatives.literals(), alternatives.caseInsensitive());
        }
        return (hay, buf, from, to) -> from < to ? from : -1;
    }

    /**
     * A matcher for the calling thread. Each thread gets its own compiled pattern: RE2/J pools its matching machines
     * per pattern, and sharing that pool between threads that match once per line costs more than compiling again.
     */
    Matcher newMatcher() {
        return regex == null
                ? null
                : Pattern.compile(regex.pattern(), regex.flags()).matcher("");
    }

    /** Char index of the (first) match in {@code line}, or -1; {@code m} from {@link #newMatcher()}. */
    int matchIndex(String line, Matcher m) {
        if (regex != null) {
            m.reset(line);
            return m.find() ? m.start() : -1;
        }
        if (!literalCaseInsensitive) {
            return line.indexOf(literal);
        }
        int n = literal.length();
        for (int i = 0, end = line.length() - n; i <= end; i++) {
            if (line.regionMatches(true, i, literal, 0, n)) {
                return i;
            }
        }
        return -1;
    }
}
