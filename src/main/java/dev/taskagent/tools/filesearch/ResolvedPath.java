package dev.taskagent.tools.filesearch;

/**
 * A path confined to the workspace.
 *
 * @param root the (real) workspace root that contains {@code path}
 * @param path the real path (symlinks resolved), inside {@code root}
 */
public record ResolvedPath(java.nio.file.Path root, java.nio.file.Path path) {}
