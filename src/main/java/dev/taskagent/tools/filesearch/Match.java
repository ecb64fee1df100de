package dev.taskagent.tools.filesearch;

/**
 * One matching line.
 *
 * @param path   display path of the file
 * @param line   1-based line number
 * @param text   the line, cut to the width limit around the match ("…" marks cuts)
 * @param before context lines before the match, oldest first
 * @param after  context lines after the match
 */
public record Match(String path, int line, String text, java.util.List<String> before, java.util.List<String> after) {}
