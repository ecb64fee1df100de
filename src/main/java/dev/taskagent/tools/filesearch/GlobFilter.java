package dev.taskagent.tools.filesearch;

/**
 * File filter of find/search: a glob without '/' matches the file name at any depth; with '/' it matches the path
 * relative to the file's root (or, with several roots, the display path that starts with the root label). A leading
 * "/" or "./" anchors at the root and is dropped.
 */
final class GlobFilter {

    private final Glob glob;
    private final boolean wholePath;

    private GlobFilter(Glob glob, boolean wholePath) {
        this.glob = glob;
        this.wholePath = wholePath;
    }

    /** @return null when {@code spec} is null or blank (no filtering) */
    static GlobFilter of(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String s = spec.strip();
        if (s.indexOf('\0') >= 0) {
            throw new FileSearchException("invalid glob: contains a NUL character");
        }
        boolean anchored = false;
        while (s.startsWith("./")) {
            s = s.substring(2);
            anchored = true;
        }
        while (s.startsWith("/")) {
            s = s.substring(1);
            anchored = true;
        }
        if (s.isEmpty()) {
            return null;
        }
        return new GlobFilter(Glob.compile(s, Glob.Mode.GLOB), anchored || s.indexOf('/') >= 0);
    }

    boolean matches(String rel, String name, String display) {
        if (!wholePath) {
            return glob.matches(name);
        }
        return glob.matches(rel) || (!display.equals(rel) && glob.matches(display));
    }
}
