package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Confinement of model-supplied paths to a fixed set of read-only workspace roots.
 * <p>
 * Rules: relative paths resolve against each root in order (first one that exists inside the workspace wins, else the
 * first root); with several roots a path may also start with a root's label (its directory name, made unique), which
 * is how {@link #display} shows paths. Absolute paths are accepted only inside a root. Every path is normalised and its
 * <em>real</em> path (all symlinks resolved, even dangling ones) must lie inside a root by whole path components.
 * Refused: {@code ~} paths, NUL and control characters, backslashes, percent-encoded {@code . / \ NUL}, paths over 4096
 * chars. Whatever the reason a path is outside, the message is the same ({@value #OUTSIDE}) so that it never tells
 * whether something outside the roots exists.
 * <p>
 * {@link #resolve} only plans: it names the root and the symlink-free path below it. Files are then reached through
 * directory handles ({@link Dir}), from the root one component at a time without following symlinks, so a path that
 * changes after the plan fails to open instead of leading outside. Regular files with more than one hard link are
 * refused unless allowed. Platforms without {@link java.nio.file.SecureDirectoryStream} are refused at construction.
 */
public final class Workspace {

    static final String OUTSIDE = "path is outside the workspace";
    static final int MAX_PATH_CHARS = 4096;
    private static final int MAX_SYMLINK_HOPS = 40;

    private final List<Path> roots;
    private final List<Path> declared;
    private final List<String> labels;
    private final boolean[] trustLinkCounts;
    private final boolean allowHardLinks;

    /** A workspace that refuses hard-linked files. */
    public Workspace(List<Path> roots) {
        this(roots, false);
    }

    /**
     * @param roots          existing directories; stored as real paths (duplicates dropped)
     * @param allowHardLinks whether regular files with more than one hard link may be read
     * @throws IllegalArgumentException when the list is empty, a root is not an existing directory, or the platform
     *                                  cannot open files through directory handles
     */
    public Workspace(List<Path> roots, boolean allowHardLinks) {
        this.allowHardLinks = allowHardLinks;
        Objects.requireNonNull(roots, "roots");
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one workspace root is required");
        }
        List<Path> real = new ArrayList<>();
        List<Path> given = new ArrayList<>();
        for (Path r : roots) {
            Objects.requireNonNull(r, "root");
            if (!Files.isDirectory(r)) {
                throw new IllegalArgumentException("workspace root is not an existing directory: " + r);
            }
            Path rp;
            try {
                rp = r.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("workspace root cannot be resolved: " + r, e);
            }
            requireHandles(rp);
            if (!real.contains(rp)) {
                real.add(rp);
                given.add(r.toAbsolutePath().normalize());
            }
        }
        this.roots = List.copyOf(real);
        this.declared = List.copyOf(given);
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path rp : this.roots) {
            String base = rp.getFileName() == null ? "root" : rp.getFileName().toString();
            String name = base;
            for (int i = 2; !used.add(name); i++) {
                name = base + "-" + i;
            }
            names.add(name);
        }
        this.labels = List.copyOf(names);
        this.trustLinkCounts = new boolean[this.roots.size()];
        for (int i = 0; i < this.roots.size(); i++) {
            try {
                trustLinkCounts[i] = LINK_COUNT_FILESYSTEMS.contains(
                        Files.getFileStore(this.roots.get(i)).type());
            } catch (IOException | RuntimeException e) {
                trustLinkCounts[i] = false;
            }
        }
    }

    /** Fails closed where the JDK cannot open relative to a directory handle (no openat): never fall back to paths. */
    private static void requireHandles(Path root) {
        try (Dir d = Dir.openRoot(root)) {
            d.attributes();
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("this platform cannot open files through directory handles "
                    + "(no SecureDirectoryStream), which workspace confinement requires");
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace root cannot be opened: " + root, e);
        }
    }

    boolean allowHardLinks() {
        return allowHardLinks;
    }

    /**
     * Opens the directory that holds {@code rp} by walking from its root through directory handles, one component at
     * a time, never following a symlink; the caller closes it. For the root itself, returns the root.
     */
    Dir openParent(ResolvedPath rp) throws IOException {
        Path rel = rp.root().relativize(rp.path());
        Dir cur = Dir.openRoot(rp.root());
        try {
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                Dir next = cur.openDir(rel.getName(i));
                cur.close();
                cur = next;
            }
            return cur;
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    /** Opens the regular file {@code rp} for reading through directory handles (see {@link Dir#openFile}). */
    FileChannel openFile(ResolvedPath rp) throws IOException {
        if (rp.path().equals(rp.root())) {
            throw new Dir.Refused(Dir.Refusal.DIRECTORY, 0);
        }
        try (Dir parent = openParent(rp)) {
            return parent.openFile(rp.path().getFileName(), null, allowHardLinks);
        }
    }

    /** Filesystems known to keep the "directory link count = 2 + subdirectories" convention. */
    private static final Set<String> LINK_COUNT_FILESYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "tmpfs");

    /** Whether directory link counts under root {@code i} can be trusted to count subdirectories. */
    boolean trustLinkCounts(int i) {
        return trustLinkCounts[i];
    }

    /** The real root directories, in configuration order. */
    public List<Path> roots() {
        return roots;
    }

    boolean multiRoot() {
        return roots.size() > 1;
    }

    /** Label used as the first display-path component of files under root {@code i} when there are several roots. */
    String label(int i) {
        return labels.get(i);
    }

    /**
     * Resolves a model-supplied path to a real path inside the workspace.
     *
     * @throws FileSearchException when the path is refused, outside the workspace, or does not exist
     */
    public ResolvedPath resolve(String userPath) {
        String p = checkSyntax(userPath);
        Path given;
        try {
            given = Path.of(p);
        } catch (InvalidPathException e) {
            throw new FileSearchException("invalid path");
        }
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            Path n = given.normalize();
            for (int i = 0; i < roots.size(); i++) {
                if (n.startsWith(roots.get(i))) {
                    candidates.add(n);
                } else if (n.startsWith(declared.get(i))) {
                    candidates.add(roots.get(i).resolve(declared.get(i).relativize(n)));
                }
            }
            if (candidates.isEmpty()) {
                throw new FileSearchException(OUTSIDE);
            }
        } else {
            Path n = given.normalize();
            if (n.getNameCount() > 0 && n.getName(0).toString().equals("..")) {
                throw new FileSearchException(OUTSIDE);
            }
            String rel = n.toString();
            if (multiRoot() && !rel.isEmpty()) {
                int li = labels.indexOf(n.getName(0).toString());
                if (li >= 0) {
                    Path rest = n.getNameCount() == 1 ? Path.of("") : n.subpath(1, n.getNameCount());
                    candidates.add(roots.get(li).resolve(rest));
                }
            }
            for (Path root : roots) {
                candidates.add(root.resolve(n));
            }
        }
        Real first = null;
        for (Path c : candidates) {
            Real r = realPath(c);
            if (r == null) {
                continue; // symlink loop: treated like "outside" below
            }
            if (r.exists && rootOf(r.path) >= 0) {
                return new ResolvedPath(roots.get(rootOf(r.path)), r.path);
            }
            if (first == null && c == candidates.get(0)) {
                first = r;
            }
        }
        if (first == null || rootOf(first.path) < 0) {
            throw new FileSearchException(OUTSIDE);
        }
        throw new FileSearchException("no such file or directory: " + display(first.path));
    }

    /**
     * The path shown to the model for a real path inside the workspace: relative to its root, prefixed with the root
     * label when there are several roots. The root itself is shown as "." (or its label).
     *
     * @throws FileSearchException when the path is not inside a root
     */
    public String display(Path real) {
        Path abs = real.toAbsolutePath().normalize();
        int i = rootOf(abs);
        if (i < 0) {
            throw new FileSearchException(OUTSIDE);
        }
        String rel = roots.get(i).relativize(abs).toString();
        if (multiRoot()) {
            return rel.isEmpty() ? labels.get(i) : labels.get(i) + "/" + rel;
        }
        return rel.isEmpty() ? "." : rel;
    }

    /** Display path for a path given relative to root {@code rootIndex} ('/' separated). */
    String display(int rootIndex, String rel) {
        if (multiRoot()) {
            return rel.isEmpty() ? labels.get(rootIndex) : labels.get(rootIndex) + "/" + rel;
        }
        return rel.isEmpty() ? "." : rel;
    }

    /** Index of the innermost root containing {@code real} (by whole components), or -1. */
    int rootOf(Path real) {
        int best = -1;
        for (int i = 0; i < roots.size(); i++) {
            Path r = roots.get(i);
            if (real.startsWith(r)
                    && (best < 0 || r.getNameCount() > roots.get(best).getNameCount())) {
                best = i;
            }
        }
        return best;
    }

    boolean contains(Path real) {
        return rootOf(real) >= 0;
    }

    /** True when {@code dir} is a root other than {@code rootIndex} (nested roots are walked on their own). */
    boolean isOtherRoot(Path dir, int rootIndex) {
        for (int i = 0; i < roots.size(); i++) {
            if (i != rootIndex && roots.get(i).equals(dir)) {
                return true;
            }
        }
        return false;
    }

    private static String checkSyntax(String userPath) {
        if (userPath == null) {
            throw new FileSearchException("path is required");
        }
        if (userPath.length() > MAX_PATH_CHARS) {
            throw new FileSearchException("path is too long (over " + MAX_PATH_CHARS + " characters)");
        }
        for (int i = 0; i < userPath.length(); i++) {
            char c = userPath.charAt(i);
            if (c == 0) {
                throw new FileSearchException("path contains a NUL character");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new FileSearchException("path contains control characters");
            }
            if (c == '\\') {
                throw new FileSearchException("backslashes are not allowed in paths; use '/'");
            }
        }
        String lower = userPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            throw new FileSearchException("percent-encoded characters are not allowed in paths");
        }
        String p = userPath.strip();
        if (p.startsWith("~")) {
            throw new FileSearchException(
                    "paths starting with ~ are not supported; use a path relative to the workspace");
        }
        return p.isEmpty() ? "." : p;
    }

    /** Result of resolving every symlink of a path; {@code exists} is false when some component is missing. */
    record Real(Path path, boolean exists) {}

    /**
     * realpath(3) that also works for missing paths: resolves every symlink component by component (dangling ones
     * included), and once a component is missing continues lexically. Returns null on a symlink loop.
     */
    static Real realPath(Path absolute) {
        Deque<String> todo = new ArrayDeque<>();
        for (Path name : absolute) {
            todo.addLast(name.toString());
        }
        Path cur = absolute.getRoot();
        boolean exists = true;
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (cur.getParent() != null) {
                    cur = cur.getParent();
                }
                continue;
            }
            Path next = cur.resolve(c);
            if (!exists) {
                cur = next;
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                exists = false; // missing, not a directory, no permission: all the same here
                cur = next;
                continue;
            }
            if (a.isSymbolicLink()) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    return null;
                }
                Path target;
                try {
                    target = Files.readSymbolicLink(next);
                } catch (IOException | UnsupportedOperationException e) {
                    return null;
                }
                List<String> parts = new ArrayList<>();
                for (Path t : target) {
                    parts.add(t.toString());
                }
                Collections.reverse(parts);
                for (String t : parts) {
                    todo.addFirst(t);
                }
                if (target.isAbsolute()) {
                    cur = target.getRoot();
                }
                continue;
            }
            if (!a.isDirectory() && !todo.isEmpty()) {
                exists = false; // a file used as a directory
            }
            cur = next;
        }
        return new Real(cur, exists);
    }

    /** Real path of an existing path, or null if it cannot be resolved (used by the walker for symlinked files). */
    static Path existingRealPath(Path p) {
        try {
            return p.toRealPath();
        } catch (FileSystemException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
