package dev.taskagent.tools.filesearch;

/**
 * A content search.
 *
 * @param pattern         literal text, or an RE2 regular expression when {@code regex} is true; matched per line
 * @param regex           whether {@code pattern} is a regular expression (RE2 syntax, linear time)
 * @param caseInsensitive case-insensitive matching (ASCII folding for literals, Unicode folding for regexes)
 * @param glob            optional file filter; without '/' it matches the file name at any depth, with '/' the path
 *                        relative to its root; null or blank for all files
 * @param contextLines    lines of context before and after each match (capped by the limits)
 * @param maxResults      most matches to return; 0 or less means the limit's default
 */
public record SearchQuery(
        String pattern, boolean regex, boolean caseInsensitive, String glob, int contextLines, int maxResults) {

    /** Literal, case-sensitive search of all files without context. */
    public static SearchQuery literal(String text) {
        return new SearchQuery(text, false, false, null, 0, 0);
    }
}
