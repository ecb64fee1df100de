package dev.taskagent.tools.filesearch;

/** Cutting long lines for display; "…" marks removed text. */
final class Text {

    static final String ELLIPSIS = "…";

    private Text() {}

    /** At most {@code width} chars of {@code s} from its start; {@code alreadyCut} when the source was longer. */
    static String cutEnd(String s, int width, boolean alreadyCut) {
        if (s.length() <= width && !alreadyCut) {
            return s;
        }
        int end = Math.min(width, s.length());
        if (end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    /** A window of at most {@code width} chars of {@code s} that shows the text at {@code idx}. */
    static String around(String s, int idx, int width) {
        int len = s.length();
        if (len <= width) {
            return s;
        }
        int start = Math.max(0, Math.min(idx, len) - width / 4);
        int end = Math.min(len, start + width);
        start = Math.max(0, end - width);
        if (start > 0 && Character.isLowSurrogate(s.charAt(start))) {
            start++;
        }
        if (end < len && end > start && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return (start > 0 ? ELLIPSIS : "") + s.substring(start, end) + (end < len ? ELLIPSIS : "");
    }
}
