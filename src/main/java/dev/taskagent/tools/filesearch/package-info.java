/**
 * Read-only file tools for the language model: find files by glob, search their contents (literal or RE2 regex),
 * read line ranges — all confined to configured workspace roots.
 * <p>
 * Entry points: {@link dev.taskagent.tools.filesearch.Workspace} (confinement of model-supplied paths) and
 * {@link dev.taskagent.tools.filesearch.FileSearch} (the three operations, bounded by
 * {@link dev.taskagent.tools.filesearch.FileSearchLimits}). Plain classes without CDI: the integrating layer creates
 * one {@code Workspace} and one {@code FileSearch} from configuration and maps
 * {@link dev.taskagent.tools.filesearch.FileSearchException} messages to tool errors shown to the model.
 * <p>
 * Design notes:
 * <ul>
 * <li>Confinement: every path is normalised and its real path (all symlinks resolved, dangling ones included) must be
 * inside a root by whole path components; refusals of outside paths all read "path is outside the workspace".
 * That check only plans: files and directories are then reached through directory handles
 * ({@link dev.taskagent.tools.filesearch.Dir}, openat-style, no symlink followed at any component), only regular
 * files and directories are opened, hard-linked files are refused unless allowed, and an open that a FIFO swapped in
 * would block is released by {@link dev.taskagent.tools.filesearch.OpenWatchdog}.</li>
 * <li>Walking: one fork/join pool per call (walk and search interleaved, work stealing per directory); symlinked
 * directories are never followed, symlinked files only when their target is a regular file inside a root;
 * {@code .git}, {@code node_modules}, {@code target}, {@code .hg}, {@code .svn} are skipped and {@code .gitignore}
 * files honoured ({@link dev.taskagent.tools.filesearch.GitIgnore}); devices, FIFOs and sockets are never opened.</li>
 * <li>Matching: literals are searched in the raw UTF-8 bytes with the JDK's vectorised {@code String.indexOf}
 * intrinsics over a Latin-1 view; regexes use RE2/J (linear time) behind a literal prefilter extracted from the
 * pattern ({@link dev.taskagent.tools.filesearch.RegexLiterals}); globs are compiled to RE2/J too. A regex whose
 * compiled program would be too big is refused before compiling ({@link dev.taskagent.tools.filesearch.RegexBudget}).
 * </li>
 * <li>Limits never throw: results come back with {@code truncated = true} and a note. Capped results are the first
 * ones in (path, line) order whatever the thread timing, so they are deterministic.</li>
 * </ul>
 */
package dev.taskagent.tools.filesearch;
