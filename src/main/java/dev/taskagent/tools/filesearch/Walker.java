package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parallel directory walk on a per-call {@link ForkJoinPool}: one task per directory (sub-directories are forked and
 * stolen by idle workers), files of a directory processed in forked batches. Symlinked directories are never
 * followed; a symlinked file is visited only when its real path is a regular file inside a root. Skips {@code .git},
 * {@code node_modules}, {@code target} (and {@code .hg}, {@code .svn}), honours {@code .gitignore} files, devices,
 * FIFOs and sockets. The visitor runs on worker threads and must be thread-safe.
 */
final class Walker {

    interface Visitor {
        void visit(FileItem file);
    }

    static final Set<String> SKIP_DIRS = Set.of(".git", "node_modules", "target", ".hg", ".svn");
    private static final long MAX_GITIGNORE_BYTES = 1 << 20;
    private static final int FILE_BATCH = 16;
    /** Deeper directories are not walked (bounds the fork/join recursion on pathological trees). */
    static final int MAX_DEPTH = 256;

    private static final AtomicInteger POOL_SEQ = new AtomicInteger();

    private final Workspace ws;
    private final GlobFilter filter;
    private final CallContext ctx;
    private final Visitor visitor;

    Walker(Workspace ws, GlobFilter filter, CallContext ctx, Visitor visitor) {
        this.ws = ws;
        this.filter = filter;
        this.ctx = ctx;
        this.visitor = visitor;
    }

    static int parallelism() {
        return Math.min(16, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** Walks all roots; returns when done, or soon after the deadline (then the context is marked stopped). */
    void run() {
        int seq = POOL_SEQ.incrementAndGet();
        AtomicInteger threadSeq = new AtomicInteger();
        ForkJoinPool pool = new ForkJoinPool(
                parallelism(),
                p -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                    t.setName("filesearch-" + seq + "-" + threadSeq.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                null,
                false);
        try {
            ForkJoinTask<Void> task = pool.submit(new RecursiveAction() {
                @Override
                protected void compute() {
                    List<DirTask> tasks = new ArrayList<>();
                    for (int i = 0; i < ws.roots().size(); i++) {
                        tasks.add(new DirTask(i, ws.roots().get(i), "", null, 0));
                    }
                    invokeAll(tasks);
                }
            });
            long remaining = ctx.deadlineNanos - System.nanoTime();
            try {
                task.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                ctx.stop(CallContext.Stop.TIME);
                try {
                    task.get(200, TimeUnit.MILLISECONDS); // workers notice the stop flag at the next file or chunk
                } catch (TimeoutException | ExecutionException ignored) {
                    // give up waiting: results gathered so far are returned
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.stop(CallContext.Stop.TIME);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private final class DirTask extends RecursiveAction {
        private final int root;
        private final Path dir;
        private final String rel;
        private final GitIgnore.Chain ignores;
        private final int depth;

        DirTask(int root, Path dir, String rel, GitIgnore.Chain ignores, int depth) {
            this.root = root;
            this.dir = dir;
            this.rel = rel;
            this.ignores = ignores;
            this.depth = depth;
        }

        @Override
        protected void compute() {
            if (ctx.shouldStop()) {
                return;
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    entries.add(p);
                }
            } catch (IOException | DirectoryIteratorException e) {
                return; // unreadable directory: skipped
            }
            entries.sort(null);
            GitIgnore.Chain chain = ignores;
            for (Path p : entries) {
                if (p.getFileName().toString().equals(".gitignore")) {
                    GitIgnore gi = loadGitIgnore(p);
                    if (gi != null) {
                        chain = GitIgnore.Chain.push(chain, gi, rel);
                    }
                    break;
                }
            }
            List<DirTask> subdirs = new ArrayList<>();
            List<FileItem> files = new ArrayList<>();
            // Unix convention: a directory's link count is 2 + its number of subdirectories. Once that many have been
            // seen, the remaining entries are not directories, and entries the glob rejects need no lstat at all
            // (GNU find's "leaf optimisation"), used only on filesystems known to keep the convention.
            int dirsLeft = filter == null || !ws.trustLinkCounts(root) ? Integer.MAX_VALUE : subdirCount(dir);
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String childRel = rel.isEmpty() ? name : rel + "/" + name;
                if (dirsLeft == 0 && !filter.matches(childRel, name, displayOf(childRel))) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                if (a.isDirectory()) {
                    dirsLeft--;
                    if (depth < MAX_DEPTH
                            && !SKIP_DIRS.contains(name)
                            && !GitIgnore.Chain.isIgnored(chain, childRel, true)
                            && !ws.isOtherRoot(p, root)) {
                        subdirs.add(new DirTask(root, p, childRel, chain, depth + 1));
                    }
                } else if (a.isRegularFile()) {
                    FileItem f = candidate(p, childRel, name, a, chain);
                    if (f != null) {
                        files.add(f);
                    }
                } else if (a.isSymbolicLink()) {
                    Path real = realFile(p);
                    if (real != null) {
                        try {
                            BasicFileAttributes ra =
                                    Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            if (ra.isRegularFile()) {
                                FileItem f = candidate(real, childRel, name, ra, chain);
                                if (f != null) {
                                    files.add(f);
                                }
                            }
                        } catch (IOException e) {
                            // vanished: skip
                        }
                    }
                }
                // devices, FIFOs, sockets: skipped
            }
            for (DirTask t : subdirs) {
                t.fork();
            }
            if (!files.isEmpty()) {
                new FileBatch(files, 0, files.size()).compute();
            }
            for (int i = subdirs.size() - 1; i >= 0; i--) {
                subdirs.get(i).join();
            }
        }

        private FileItem candidate(
                Path open, String childRel, String name, BasicFileAttributes a, GitIgnore.Chain chain) {
            if (GitIgnore.Chain.isIgnored(chain, childRel, false)) {
                return null;
            }
            String display = ws.display(root, childRel);
            if (filter != null && !filter.matches(childRel, name, display)) {
                return null;
            }
            return new FileItem(open, display, a.size(), a.lastModifiedTime());
        }

        private String displayOf(String childRel) {
            return ws.multiRoot() ? ws.display(root, childRel) : childRel;
        }

        /** Real path of a symlinked file when it stays inside the workspace, else null. */
        private Path realFile(Path link) {
            Path real = Workspace.existingRealPath(link);
            return real != null && ws.contains(real) ? real : null;
        }
    }

    private final class FileBatch extends RecursiveAction {
        private final List<FileItem> files;
        private final int from;
        private final int to;

        FileBatch(List<FileItem> files, int from, int to) {
            this.files = files;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from > FILE_BATCH) {
                int mid = (from + to) >>> 1;
                FileBatch right = new FileBatch(files, mid, to);
                right.fork();
                new FileBatch(files, from, mid).compute();
                right.join();
                return;
            }
            for (int i = from; i < to; i++) {
                if (ctx.shouldStop()) {
                    return;
                }
                try {
                    visitor.visit(files.get(i));
                } catch (RuntimeException e) {
                    ctx.unreadable.increment(); // never let one odd file fail the call
                }
            }
        }
    }

    /** Number of subdirectories from the link count, or MAX_VALUE when the filesystem does not tell. */
    private static int subdirCount(Path dir) {
        try {
            Object n = Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (n instanceof Integer links && links >= 2) {
                return links - 2;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: no optimisation
        }
        return Integer.MAX_VALUE;
    }

    private static GitIgnore loadGitIgnore(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_GITIGNORE_BYTES) {
                return null;
            }
            return GitIgnore.parse(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }
}
