package dev.taskagent.tools.filesearch.bench;

import dev.taskagent.tools.filesearch.FileSearch;
import dev.taskagent.tools.filesearch.FileSearchLimits;
import dev.taskagent.tools.filesearch.SearchQuery;
import dev.taskagent.tools.filesearch.SearchResult;
import dev.taskagent.tools.filesearch.Workspace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of the file search core against ripgrep (run by src/bench/filesearch-bench.sh).
 * <ul>
 * <li>{@code generate DIR FILES MB}: writes a deterministic tree (once; a marker file caches it)</li>
 * <li>{@code run DIR ITERATIONS}: times core and rg on the same queries, warm cache, median of ITERATIONS runs</li>
 * </ul>
 * The core is timed in-process (as it runs inside the service) after one warm-up call per query; rg is timed as a
 * process, output written to a file. The first, JIT-cold core time is printed as well.
 */
public final class FileSearchBench {

    private static final String NEEDLE = "ZQX_needle";

    private FileSearchBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]) << 20);
        } else if (args.length >= 3 && args[0].equals("run")) {
            run(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: FileSearchBench generate DIR FILES MB | run DIR ITERATIONS");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------- generation

    static void generate(Path dir, int files, long targetBytes) throws IOException {
        Path marker = dir.resolve(".bench-complete");
        String spec = files + " " + targetBytes + " v1";
        if (Files.exists(marker) && Files.readString(marker).trim().equals(spec)) {
            System.out.println("tree: cached at " + dir);
            return;
        }
        long t0 = System.nanoTime();
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".gitignore"), "# bench\n*.log\nbuild/\n");
        Random r = new Random(42);
        String[] words = new String[4000];
        for (int i = 0; i < words.length; i++) {
            int len = 2 + r.nextInt(9);
            StringBuilder w = new StringBuilder();
            for (int k = 0; k < len; k++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        String[] exts = {".java", ".java", ".java", ".txt", ".txt", ".txt", ".md", ".md", ".py", ".log"};
        int perDir = 50;
        int subdirs = 20;
        long meanSize = targetBytes / files;
        long written = 0;
        int made = 0;
        byte[] line = new byte[512];
        for (int d = 0; made < files; d++) {
            for (int s = 0; s < subdirs && made < files; s++) {
                Path sub = dir.resolve(String.format(Locale.ROOT, "pkg%03d/mod%02d", d, s));
                Files.createDirectories(sub);
                for (int f = 0; f < perDir && made < files; f++, made++) {
                    String ext = exts[r.nextInt(exts.length)];
                    Path file = sub.resolve(words[r.nextInt(words.length)] + "_" + f + ext);
                    long size = meanSize / 5 + (long) (r.nextDouble() * meanSize * 1.6);
                    written += writeFile(file, size, r, words, line);
                }
            }
        }
        Files.writeString(marker, spec + "\n");
        System.out.printf(
                Locale.ROOT,
                "tree: generated %d files, %.0f MB in %.1f s at %s%n",
                made,
                written / 1e6,
                (System.nanoTime() - t0) / 1e9,
                dir);
    }

    private static long writeFile(Path file, long size, Random r, String[] words, byte[] scratch) throws IOException {
        long n = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            StringBuilder sb = new StringBuilder(200);
            while (n < size) {
                sb.setLength(0);
                int kind = r.nextInt(10);
                if (kind == 0) {
                    sb.append("    public static ")
                            .append(words[r.nextInt(words.length)])
                            .append(' ')
                            .append(words[r.nextInt(words.length)])
                            .append('(')
                            .append(words[r.nextInt(words.length)])
                            .append(" value) {");
                } else {
                    int target = 30 + r.nextInt(90);
                    while (sb.length() < target) {
                        if (sb.length() > 0) {
                            sb.append(' ');
                        }
                        String w = words[r.nextInt(words.length)];
                        sb.append(r.nextInt(20) == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
                    }
                }
                if (r.nextInt(2000) == 0) {
                    sb.append(' ')
                            .append(NEEDLE)
                            .append('_')
                            .append(words[r.nextInt(words.length)])
                            .append('_')
                            .append(100 + r.nextInt(900));
                }
                sb.append('\n');
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                n += b.length;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- timing

    private record Case(String name, SearchQuery query, List<String> rgArgs, boolean informational) {}

    static void run(Path dir, int iterations) throws Exception {
        long[] tree = treeSize(dir);
        System.out.printf(
                Locale.ROOT,
                "tree: %s, %d files, %.0f MB (incl. %d gitignored *.log files)%n",
                dir,
                tree[0],
                tree[1] / 1e6,
                tree[2]);
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", java " + Runtime.version() + ", "
                + rgVersion());
        FileSearchLimits limits = new FileSearchLimits(200, 300, 5, 10L << 20, 4L << 30, Duration.ofMinutes(2), 400);
        FileSearch fs = new FileSearch(new Workspace(List.of(dir)), limits);
        String d = dir.toString();
        List<Case> cases = List.of(
                new Case(
                        "literal",
                        new SearchQuery(NEEDLE, false, false, null, 0, 200),
                        List.of("-F", NEEDLE, d),
                        false),
                new Case(
                        "regex",
                        new SearchQuery("needle_[a-z]+_[0-9]{3}", true, false, null, 0, 200),
                        List.of("needle_[a-z]+_[0-9]{3}", d),
                        false),
                new Case(
                        "glob *.java + literal",
                        new SearchQuery(NEEDLE, false, false, "*.java", 0, 200),
                        List.of("-F", "-g", "*.java", NEEDLE, d),
                        false),
                new Case(
                        "literal -i (info)",
                        new SearchQuery("zqx_NEEDLE", false, true, null, 0, 200),
                        List.of("-i", "-F", "zqx_NEEDLE", d),
                        true),
                new Case(
                        "literal + 2 context (info)",
                        new SearchQuery(NEEDLE, false, false, null, 2, 200),
                        List.of("-F", "-C", "2", NEEDLE, d),
                        true),
                new Case(
                        "regex alternation (info)",
                        new SearchQuery("ZQX_needle|XYZZY_[0-9]+", true, false, null, 0, 200),
                        List.of("ZQX_needle|XYZZY_[0-9]+", d),
                        true),
                new Case(
                        "regex, no literal (info)",
                        new SearchQuery("[0-9][0-9][0-9]$", true, false, null, 0, 200),
                        List.of("[0-9][0-9][0-9]$", d),
                        true));
        List<String[]> rows = new ArrayList<>();
        for (Case c : cases) {
            long t0 = System.nanoTime();
            SearchResult first = fs.search(c.query);
            double cold = (System.nanoTime() - t0) / 1e6;
            long rgLines = rg(c.rgArgs, true);
            List<Double> core = new ArrayList<>();
            List<Double> rg = new ArrayList<>();
            SearchResult last = first;
            for (int i = 0; i < iterations; i++) {
                long s = System.nanoTime();
                last = fs.search(c.query);
                core.add((System.nanoTime() - s) / 1e6);
                s = System.nanoTime();
                rg(c.rgArgs, false);
                rg.add((System.nanoTime() - s) / 1e6);
            }
            double mc = median(core);
            double mr = median(rg);
            String check = c.rgArgs.contains("-C")
                    ? "n/a (context)"
                    : (last.totalMatches() == rgLines
                            ? "same (" + rgLines + ")"
                            : "DIFFER core " + last.totalMatches() + " rg " + rgLines);
            rows.add(new String[] {
                c.name,
                fmt(mc),
                fmt(mr),
                String.format(Locale.ROOT, "%.2fx", mc / mr),
                fmt(cold),
                String.valueOf(last.filesScanned()),
                check
            });
        }
        String[] head = {"query", "core ms", "rg ms", "core/rg", "core 1st ms", "files", "matching lines"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] row : rows) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        System.out.println();
        System.out.println("median of " + iterations + " warm runs (core in-process after 1 warm-up; rg as a process)");
        printRow(head, w);
        StringBuilder sep = new StringBuilder();
        for (int x : w) {
            sep.append("-".repeat(x)).append("  ");
        }
        System.out.println(sep.toString().trim());
        for (String[] row : rows) {
            printRow(row, w);
        }
        System.out.println("(info) rows are extra; targets: literal <= 2x, regex <= 3x, glob <= 2x");
    }

    private static void printRow(String[] row, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            String cell = row[i];
            sb.append(i == 0 ? String.format("%-" + w[i] + "s", cell) : String.format("%" + w[i] + "s", cell));
            sb.append("  ");
        }
        System.out.println(sb.toString().stripTrailing());
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Runs rg with -n --no-heading, output to a temp file; returns output line count when asked. */
    private static long rg(List<String> args, boolean count) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("rg", "-n", "--no-heading", "--color", "never"));
        cmd.addAll(args);
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "filesearch-bench-rg.out");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int rc = p.waitFor();
        if (rc > 1) {
            throw new IllegalStateException("rg failed: " + cmd);
        }
        if (!count) {
            return -1;
        }
        try (var lines = Files.lines(out, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static String rgVersion() {
        try {
            Process p = new ProcessBuilder("rg", "--version").start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("rg ?");
            p.waitFor();
            return v;
        } catch (IOException | InterruptedException e) {
            return "rg ?";
        }
    }

    private static long[] treeSize(Path dir) throws IOException {
        long[] t = new long[3];
        try (var s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/.git/"))
                    .forEach(p -> {
                        t[0]++;
                        try {
                            t[1] += Files.size(p);
                        } catch (IOException e) {
                            // ignore
                        }
                        if (p.toString().endsWith(".log")) {
                            t[2]++;
                        }
                    });
        }
        return t;
    }
}
