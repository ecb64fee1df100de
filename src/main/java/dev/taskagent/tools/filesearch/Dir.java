package dev.taskagent.tools.filesearch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An open directory of the workspace, reached from a root one component at a time by openat-style calls that never
 * follow a symlink ({@link SecureDirectoryStream}). Entries are examined and opened relative to this handle, never by
 * walking a path string again, so renaming or swapping any directory on the way cannot redirect an access outside
 * the workspace: a symlink put in place of a component makes the open fail instead of being followed. Only
 * directories and regular files are ever opened; everything else is refused before any open. Thread-safe.
 */
final class Dir implements Closeable {

    /** Why a file was not opened. */
    enum Refusal {
        /** A FIFO, socket, device or symlink (by the time it was examined). */
        NOT_REGULAR,
        DIRECTORY,
        /** A regular file with more than one hard link, while those are not allowed. */
        HARD_LINKS,
        /** The entry was replaced between the checks and the open. */
        CHANGED,
        /** The open did not finish in time (a FIFO swapped in whose release failed). */
        TIMED_OUT
    }

    /** A refused open: the reason, and the link count for {@link Refusal#HARD_LINKS}. */
    static final class Refused extends IOException {
        final Refusal reason;
        final long links;

        Refused(Refusal reason, long links) {
            super(reason.name());
            this.reason = reason;
            this.links = links;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // an expected outcome, not a fault: no stack trace to build
        }
    }

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> READ_WRITE_NOFOLLOW =
            Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final SecureDirectoryStream<Path> ds;
    /** Where the directory was when opened; used only for metadata that is checked against the handle. */
    private final Path path;

    private Dir(SecureDirectoryStream<Path> ds, Path path) {
        this.ds = ds;
        this.path = path;
    }

    /**
     * Opens a workspace root (configured by the operator, trusted) as a handle.
     *
     * @throws UnsupportedOperationException when the platform offers no {@link SecureDirectoryStream}
     */
    static Dir openRoot(Path root) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(root);
        if (s instanceof SecureDirectoryStream<Path> sds) {
            return new Dir(sds, root);
        }
        s.close();
        throw new UnsupportedOperationException("no SecureDirectoryStream on this platform");
    }

    /** Where the directory was when opened (for display and nested-root checks only, never to open anything). */
    Path path() {
        return path;
    }

    /** The entries' names (single components); may be called once. */
    List<Path> names() throws IOException {
        List<Path> names = new ArrayList<>();
        try {
            for (Path p : ds) {
                names.add(p.getFileName());
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return names;
    }

    /** Attributes of the entry {@code name} itself (fstatat without following a symlink). */
    BasicFileAttributes stat(Path name) throws IOException {
        return ds.getFileAttributeView(single(name), BasicFileAttributeView.class, NOFOLLOW)
                .readAttributes();
    }

    /** Attributes of this open directory (fstat of the handle). */
    BasicFileAttributes attributes() throws IOException {
        return ds.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    /** Opens the subdirectory {@code name}; refuses anything that is not a directory without opening it. */
    Dir openDir(Path name) throws IOException {
        Path n = single(name);
        if (!stat(n).isDirectory()) {
            throw new NotDirectoryException(n.toString());
        }
        SecureDirectoryStream<Path> child =
                OpenWatchdog.guard(this, n, () -> ds.newDirectoryStream(n, LinkOption.NOFOLLOW_LINKS));
        return new Dir(child, path.resolve(n));
    }

    /**
     * Opens the regular file {@code name} for reading. Refused without any open: anything that is not a regular file
     * and, unless allowed, files with more than one hard link. Java offers no fstat of an open channel, so after the
     * open the entry is examined again through this handle and must still be the same regular file, and the channel
     * must be seekable (a FIFO or socket is not).
     *
     * @param checked attributes of {@code name} from {@link #stat} when the caller has them, else null
     */
    FileChannel openFile(Path name, BasicFileAttributes checked, boolean allowHardLinks) throws IOException {
        Path n = single(name);
        BasicFileAttributes before = checked != null ? checked : stat(n);
        if (before.isDirectory()) {
            throw new Refused(Refusal.DIRECTORY, 0);
        }
        if (!before.isRegularFile()) {
            throw new Refused(Refusal.NOT_REGULAR, 0);
        }
        if (!allowHardLinks) {
            long links = linkCount(n, before);
            if (links != 1) {
                throw new Refused(links > 1 ? Refusal.HARD_LINKS : Refusal.CHANGED, links);
            }
        }
        FileChannel ch = (FileChannel) OpenWatchdog.guard(this, n, () -> ds.newByteChannel(n, READ_NOFOLLOW));
        try {
            try {
                ch.position(); // lseek fails on a FIFO or socket swapped in after the check
            } catch (IOException e) {
                throw new Refused(Refusal.NOT_REGULAR, 0);
            }
            BasicFileAttributes after = stat(n);
            if (!after.isRegularFile() || !Objects.equals(after.fileKey(), before.fileKey())) {
                throw new Refused(Refusal.CHANGED, 0);
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof Refused r ? r : new Refused(Refusal.CHANGED, 0);
        }
    }

    /**
     * Link count of the entry whose attributes {@code viaHandle} were read through this handle, or -1 when it cannot
     * be told. The handle view has no link count, so it is read by path and accepted only when that path still leads
     * to the same inode (same file key).
     */
    long linkCount(Path name, BasicFileAttributes viaHandle) {
        return linkCount(path.resolve(name), viaHandle.fileKey());
    }

    /** Link count of this directory (2 + its subdirectories on most Unix filesystems), or -1. */
    long linkCount() {
        try {
            return linkCount(path, attributes().fileKey());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long linkCount(Path byPath, Object key) {
        try {
            Map<String, Object> a = Files.readAttributes(byPath, "unix:nlink,fileKey", NOFOLLOW);
            if (key != null && key.equals(a.get("fileKey")) && a.get("nlink") instanceof Integer links) {
                return links;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view, or the entry vanished: unknown
        }
        return -1;
    }

    /**
     * Releases a reader stuck opening the FIFO {@code name} (called by the {@link OpenWatchdog}): when the entry is
     * still a FIFO, opening it read-write (which does not block on Linux) gives the reader the writer it waits for;
     * closing it at once leaves the reader at end of file, and its post-open check refuses the FIFO.
     */
    void releaseFifo(Path name) {
        try {
            BasicFileAttributes a = stat(name);
            if (!a.isOther()) {
                return;
            }
            Map<String, Object> m = Files.readAttributes(path.resolve(name), "unix:mode,fileKey", NOFOLLOW);
            if (!(m.get("mode") instanceof Integer mode)
                    || (mode & S_IFMT) != S_IFIFO
                    || !Objects.equals(m.get("fileKey"), a.fileKey())) {
                return;
            }
            ds.newByteChannel(name, READ_WRITE_NOFOLLOW).close();
        } catch (IOException | RuntimeException e) {
            // gone, swapped or closed meanwhile: the caller's own deadline still bounds the call
        }
    }

    @Override
    public void close() throws IOException {
        try {
            ds.close();
        } catch (ClosedDirectoryStreamException e) {
            // already closed
        }
    }

    /** A single-component name: an absolute or multi-component path would let openat escape the handle. */
    private static Path single(Path name) {
        String s = name.toString();
        if (name.isAbsolute()
                || name.getNameCount() != 1
                || s.isEmpty()
                || s.equals(".")
                || s.equals("..")
                || s.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a single path component: " + s);
        }
        return name;
    }
}
