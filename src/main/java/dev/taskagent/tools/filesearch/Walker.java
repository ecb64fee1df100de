package dev.taskagent.tools.filesearch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedDirectoryStreamException;
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
 * stolen by idle workers), files of a directory processed in forked batches. Directories and files are reached
 * through directory handles ({@link Dir}), never by path. Symlinked directories are never followed; a symlinked file
 * is visited only when its real path is a regular file inside a root. Skips {@code .git},
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
                        tasks.add(new DirTask(i, null, null, "", null, 0));
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

    /**
     * One directory: opened through its parent's handle (a root by path), listed, its entries examined through its
     * own handle. The handle stays open until the files and subdirectories it holds are done, since they are opened
     * relative to it.
     */
    private final class DirTask extends RecursiveAction {
        private final int root;
        private final Dir parent;
        private final Path name;
        private final String rel;
        private final GitIgnore.Chain ignores;
        private final int depth;

        DirTask(int root, Dir parent, Path name, String rel, GitIgnore.Chain ignores, int depth) {
            this.root = root;
            this.parent = parent;
            this.name = name;
            this.rel = rel;
            this.ignores = ignores;
            this.depth = depth;
        }

        @Override
        protected void compute() {
            if (ctx.shouldStop()) {
                return;
            }
            try (Dir dir = parent == null ? Dir.openRoot(ws.roots().get(root)) : parent.openDir(name)) {
                walk(dir);
            } catch (IOException | ClosedDirectoryStreamException e) {
                // unreadable, vanished or swapped directory: skipped
            }
        }

        private void walk(Dir dir) throws IOException {
            List<Path> entries = dir.names();
            entries.sort(null);
            GitIgnore.Chain chain = ignores;
            for (Path p : entries) {
                if (p.toString().equals(".gitignore")) {
                    GitIgnore gi = loadGitIgnore(dir, p);
                    if (gi != null) {
                        chain = GitIgnore.Chain.push(chain, gi, rel);
                    }
                    break;
                }
            }
            List<DirTask> subdirs = new ArrayList<>();
            List<FileItem> files = new ArrayList<>();
            // Unix convention: a directory's link count is 2 + its number of subdirectories. Once that many have been
            // seen, the remaining entries are not directories, and entries the glob rejects need no stat at all
            // (GNU find's "leaf optimisation"), used only on filesystems known to keep the convention.
            long dirsLeft = filter == null || !ws.trustLinkCounts(root) ? Long.MAX_VALUE : subdirCount(dir);
            for (Path p : entries) {
                String entry = p.toString();
                String childRel = rel.isEmpty() ? entry : rel + "/" + entry;
                if (dirsLeft == 0 && !filter.matches(childRel, entry, displayOf(childRel))) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = dir.stat(p);
                } catch (IOException e) {
                    continue;
                }
                if (a.isDirectory()) {
                    dirsLeft--;
                    if (depth < MAX_DEPTH
                            && !SKIP_DIRS.contains(entry)
                            && !GitIgnore.Chain.isIgnored(chain, childRel, true)
                            && !ws.isOtherRoot(dir.path().resolve(p), root)) {
                        subdirs.add(new DirTask(root, dir, p, childRel, chain, depth + 1));
                    }
                } else if (a.isRegularFile()) {
                    FileItem f = candidate(dir, p, null, childRel, entry, a, chain);
                    if (f != null) {
                        files.add(f);
                    }
                } else if (a.isSymbolicLink()) {
                    FileItem f = symlinkedFile(dir, p, childRel, entry, chain);
                    if (f != null) {
                        files.add(f);
                    }
                }
                // devices, FIFOs, sockets: never opened
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
                Dir dir,
                Path entry,
                ResolvedPath target,
                String childRel,
                String fileName,
                BasicFileAttributes a,
                GitIgnore.Chain chain) {
            if (GitIgnore.Chain.isIgnored(chain, childRel, false)) {
                return null;
            }
            String display = ws.display(root, childRel);
            if (filter != null && !filter.matches(childRel, fileName, display)) {
                return null;
            }
            return new FileItem(dir, entry, target, display, a);
        }

        /**
         * A symlinked file is listed under its own name when its target is a regular file inside a root; the target
         * is examined (and later opened) through handles from that root, never through the link.
         */
        private FileItem symlinkedFile(Dir dir, Path link, String childRel, String fileName, GitIgnore.Chain chain) {
            Path real = Workspace.existingRealPath(dir.path().resolve(link));
            int r = real == null ? -1 : ws.rootOf(real);
            if (r < 0 || real.equals(ws.roots().get(r))) {
                return null;
            }
            ResolvedPath target = new ResolvedPath(ws.roots().get(r), real);
            try (Dir holder = ws.openParent(target)) {
                BasicFileAttributes a = holder.stat(real.getFileName());
                return a.isRegularFile() ? candidate(null, null, target, childRel, fileName, a, chain) : null;
            } catch (IOException | ClosedDirectoryStreamException e) {
                return null; // vanished or swapped: skip
            }
        }

        private String displayOf(String childRel) {
            return ws.multiRoot() ? ws.display(root, childRel) : childRel;
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
    private static long subdirCount(Dir dir) {
        long links = dir.linkCount();
        return links >= 2 ? links - 2 : Long.MAX_VALUE;
    }

    private GitIgnore loadGitIgnore(Dir dir, Path name) {
        try {
            BasicFileAttributes a = dir.stat(name);
            if (!a.isRegularFile() || a.size() > MAX_GITIGNORE_BYTES) {
                return null;
            }
            try (FileChannel ch = dir.openFile(name, a, ws.allowHardLinks())) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_GITIGNORE_BYTES, a.size() + 1));
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // read up to the limit
                }
                return GitIgnore.parse(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return null;
        }
    }
}
