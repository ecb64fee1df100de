package dev.taskagent.tools.filesearch;

/**
 * Lines read from a file.
 *
 * @param path       display path
 * @param startLine  1-based number of the first returned line
 * @param endLine    number of the last returned line ({@code startLine - 1} when no line was returned)
 * @param totalLines lines in the file, or -1 when not counted (file larger than the per-file limit)
 * @param lines      the lines, each cut to the width limit ("…" marks cuts)
 * @param truncated  true when more of the file remains after {@code endLine} (the range or the line limit ended
 *                   before the file did, or a scan limit stopped the read early)
 */
public record FileSlice(
        String path, int startLine, int endLine, int totalLines, java.util.List<String> lines, boolean truncated) {}
