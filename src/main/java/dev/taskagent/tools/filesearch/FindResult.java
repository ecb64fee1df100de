package dev.taskagent.tools.filesearch;

/**
 * Result of {@link FileSearch#find}.
 *
 * @param files        matching files in the requested order, at most the requested/limit count
 * @param totalMatched how many files matched in total (a lower bound when the walk was stopped by a limit)
 * @param truncated    true when files were left out or the walk was stopped by a limit
 * @param note         short explanation for the model, or null when there is nothing to say
 */
public record FindResult(java.util.List<FileEntry> files, int totalMatched, boolean truncated, String note) {}
