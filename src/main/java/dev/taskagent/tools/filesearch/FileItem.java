package dev.taskagent.tools.filesearch;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A regular file found by the walker.
 *
 * @param path    real path to open (no symlink in it)
 * @param display path shown to the model
 * @param size    size in bytes at walk time
 * @param mtime   last modification time
 */
record FileItem(Path path, String display, long size, FileTime mtime) {}
