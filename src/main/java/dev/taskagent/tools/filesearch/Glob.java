package dev.taskagent.tools.filesearch;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Glob patterns compiled to RE2/J (linear time, unlike {@code java.nio} "glob:" matchers whose java.util.regex
 * translation backtracks exponentially on model-supplied globs such as {@code *a*a*a*a*a*a*a*b}).
 * <p>
 * Syntax (same as {@link java.nio.file.FileSystem#getPathMatcher} "glob:"): {@code *} any run of characters except
 * '/', {@code **} any run including '/', {@code ?} one character except '/', {@code [abc]} {@code [a-z]}
 * {@code [!a-z]} character classes, {@code {a,b}} alternatives (GLOB mode only), {@code \x} escapes x. In addition
 * {@code **}{@code /} at the start or after '/' also matches zero directories, so {@code **}{@code /*.java} matches
 * {@code A.java}. In GITIGNORE mode {@code **} only has its special meaning as a whole component (git rules) and braces
 * are literal.
 */
final class Glob {

    enum Mode {
        GLOB,
        GITIGNORE
    }

    static final int MAX_GLOB_CHARS = 1000;

    private enum Kind {
        EXACT,
        SUFFIX,
        PREFIX,
        ANY,
        REGEX
    }

    private final Kind kind;
    private final String literal;
    private final Pattern regex;
    private final boolean anyDepth;

    private Glob(Kind kind, String literal, Pattern regex) {
        this(kind, literal, regex, false);
    }

    private Glob(Kind kind, String literal, Pattern regex, boolean anyDepth) {
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
        this.anyDepth = anyDepth;
    }

    /** @throws FileSearchException "invalid glob: ..." */
    static Glob compile(String glob, Mode mode) {
        if (glob.length() > MAX_GLOB_CHARS) {
            throw new FileSearchException("glob is too long (max " + MAX_GLOB_CHARS + " characters)");
        }
        // fast paths for the very common "name", "*.ext", "prefix*" forms
        if (glob.equals("*")) {
            return new Glob(Kind.ANY, null, null, false);
        }
        if (mode == Mode.GLOB && glob.equals("**")) {
            return new Glob(Kind.ANY, null, null, true);
        }
        String special = mode == Mode.GLOB ? "*?[]{}\\" : "*?[]\\";
        if (!containsAny(glob, special)) {
            return new Glob(Kind.EXACT, glob, null);
        }
        if (glob.startsWith("*") && !containsAny(glob.substring(1), special + "/")) {
            return new Glob(Kind.SUFFIX, glob.substring(1), null);
        }
        if (glob.endsWith("*")
                && !glob.endsWith("**")
                && !containsAny(glob.substring(0, glob.length() - 1), special + "/")) {
            return new Glob(Kind.PREFIX, glob.substring(0, glob.length() - 1), null);
        }
        String re = toRegex(glob, mode);
        try {
            return new Glob(Kind.REGEX, null, Pattern.compile(re, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new FileSearchException("invalid glob: " + glob);
        }
    }

    boolean matches(String s) {
        return switch (kind) {
            case ANY -> anyDepth || s.indexOf('/') < 0;
            case EXACT -> s.equals(literal);
            case SUFFIX -> s.endsWith(literal) && s.indexOf('/') < 0; // '*' never matches '/'
            case PREFIX -> s.startsWith(literal) && s.indexOf('/') < 0;
            case REGEX -> regex.matches(s);
        };
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Translates a glob to an (unanchored) RE2 regex meant for full matching. */
    static String toRegex(String glob, Mode mode) {
        StringBuilder sb = new StringBuilder(glob.length() * 2);
        boolean inGroup = false;
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && glob.charAt(i + 1) == '*') {
                        int j = i;
                        while (j < n && glob.charAt(j) == '*') {
                            j++;
                        }
                        boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                        boolean slashAfter = j < n && glob.charAt(j) == '/';
                        boolean atEnd = j == n;
                        if (atStart && slashAfter) {
                            sb.append("(?:.*/)?"); // "**/": zero or more directories
                            i = j; // skip the slash too
                        } else if (atStart && atEnd && i > 0) {
                            // "dir/**": everything inside dir
                            sb.append(".*");
                            i = j - 1;
                        } else if (mode == Mode.GLOB) {
                            sb.append(".*");
                            i = j - 1;
                        } else {
                            sb.append("[^/]*"); // git: other consecutive asterisks are regular asterisks
                            i = j - 1;
                        }
                    } else {
                        sb.append("[^/]*");
                    }
                }
                case '?' -> sb.append("[^/]");
                case '[' -> i = appendClass(glob, i, sb);
                case '{' -> {
                    if (mode == Mode.GITIGNORE) {
                        sb.append("\\{");
                    } else {
                        if (inGroup) {
                            throw new FileSearchException("invalid glob: nested { } groups are not supported");
                        }
                        inGroup = true;
                        sb.append("(?:");
                    }
                }
                case '}' -> {
                    if (mode == Mode.GLOB && inGroup) {
                        inGroup = false;
                        sb.append(')');
                    } else {
                        sb.append("\\}");
                    }
                }
                case ',' -> sb.append(inGroup ? "|" : ",");
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw new FileSearchException("invalid glob: trailing backslash");
                    }
                    appendLiteral(sb, glob.charAt(++i));
                }
                default -> appendLiteral(sb, c);
            }
        }
        if (inGroup) {
            throw new FileSearchException("invalid glob: unclosed {");
        }
        return sb.toString();
    }

    private static int appendClass(String glob, int start, StringBuilder sb) {
        int n = glob.length();
        int i = start + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < n && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            cls.append("^/");
            i++;
        }
        boolean first = true;
        boolean closed = false;
        for (; i < n; i++) {
            char c = glob.charAt(i);
            if (c == ']' && !first) {
                closed = true;
                break;
            }
            first = false;
            if (c == '\\' && i + 1 < n) {
                c = glob.charAt(++i);
                cls.append('\\').append(c);
            } else if (c == '-') {
                cls.append('-');
            } else if (c == '[' || c == ']' || c == '^' || c == '\\' || c == '&' || c == '~') {
                cls.append('\\').append(c);
            } else {
                cls.append(c);
            }
        }
        if (!closed) {
            throw new FileSearchException("invalid glob: unclosed [");
        }
        cls.append(']');
        sb.append(cls);
        return i;
    }

    private static void appendLiteral(StringBuilder sb, char c) {
        if ((c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c > 0x7f
                || c == '/'
                || c == ' '
                || c == '_') {
            sb.append(c);
        } else {
            sb.append('\\').append(c);
        }
    }
}
