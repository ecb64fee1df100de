package dev.taskagent.tools.filesearch;

/** A file found by {@link FileSearch#find}: display path, size in bytes, last modification time. */
public record FileEntry(String path, long size, java.time.Instant modified) {}
