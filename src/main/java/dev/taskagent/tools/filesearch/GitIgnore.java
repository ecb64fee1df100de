package dev.taskagent.tools.filesearch;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of one {@code .gitignore} file, matched against paths relative to the directory holding it.
 * <p>
 * Supported subset of gitignore(5): blank lines and {@code #} comments, {@code \#} / {@code \!} escapes, trailing
 * spaces (unless escaped), {@code !} negation, trailing {@code /} (directories only), a leading or middle {@code /}
 * anchors the pattern to this directory (otherwise it matches the name at any depth), {@code *}, {@code ?},
 * {@code [...]}, and {@code **} in its three git forms ({@code **}{@code /x}, {@code x/**}, {@code a/**}{@code /b}).
 * The last matching rule wins; nested files are handled by {@link Chain}, the deepest file deciding first.
 */
final class GitIgnore {

    /** Outcome of matching a path against one file's rules. */
    enum Result {
        NONE,
        IGNORED,
        INCLUDED
    }

    private record Rule(Glob glob, boolean negate, boolean dirOnly, boolean anchored) {}

    private final List<Rule> rules;

    private GitIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static GitIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            Rule r = parseLine(raw);
            if (r != null) {
                rules.add(r);
            }
        }
        return new GitIgnore(List.copyOf(rules));
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    private static Rule parseLine(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        // trailing spaces are ignored unless escaped with a backslash
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end >= 2 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        line = line.substring(0, end);
        if (line.isEmpty()) {
            return null;
        }
        boolean negate = false;
        if (line.startsWith("!")) {
            negate = true;
            line = line.substring(1);
        }
        boolean dirOnly = false;
        while (line.endsWith("/") && !line.endsWith("\\/")) {
            dirOnly = true;
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return null;
        }
        boolean anchored = line.indexOf('/') >= 0;
        if (line.startsWith("/")) {
            line = line.substring(1);
        }
        if (line.isEmpty()) {
            return null;
        }
        Glob g;
        try {
            g = Glob.compile(line, Glob.Mode.GITIGNORE);
        } catch (FileSearchException e) {
            return null; // git ignores broken patterns too
        }
        return new Rule(g, negate, dirOnly, anchored);
    }

    /**
     * @param rel   '/'-separated path relative to this file's directory
     * @param isDir whether the path is a directory
     */
    Result match(String rel, boolean isDir) {
        String name = null;
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.dirOnly && !isDir) {
                continue;
            }
            boolean m;
            if (r.anchored) {
                m = r.glob.matches(rel);
            } else {
                if (name == null) {
                    int slash = rel.lastIndexOf('/');
                    name = slash < 0 ? rel : rel.substring(slash + 1);
                }
                m = r.glob.matches(name);
            }
            if (m) {
                return r.negate ? Result.INCLUDED : Result.IGNORED;
            }
        }
        return Result.NONE;
    }

    /**
     * Immutable stack of the .gitignore files that apply to a directory: {@code base} is the directory of
     * {@code ignore} relative to the walk root ("" for the root).
     */
    record Chain(Chain parent, GitIgnore ignore, String base) {

        static final Chain EMPTY = null;

        static Chain push(Chain parent, GitIgnore ignore, String base) {
            return ignore.isEmpty() ? parent : new Chain(parent, ignore, base);
        }

        /** Whether {@code rel} (relative to the walk root) is ignored; {@code chain} may be null. */
        static boolean isIgnored(Chain chain, String rel, boolean isDir) {
            for (Chain c = chain; c != null; c = c.parent) {
                String local = c.base.isEmpty() ? rel : rel.substring(c.base.length() + 1);
                Result r = c.ignore.match(local, isDir);
                if (r != Result.NONE) {
                    return r == Result.IGNORED;
                }
            }
            return false;
        }
    }
}
