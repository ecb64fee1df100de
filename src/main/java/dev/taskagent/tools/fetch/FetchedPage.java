package dev.taskagent.tools.fetch;

import java.util.List;

/**
 * Result of {@link WebFetcher#fetch(String, int, FetchPolicy)}.
 *
 * @param requestedUrl   URL as given by the caller (trimmed)
 * @param finalUrl       normalised URL after redirects
 * @param status         HTTP status of the final response (non-2xx is not an error)
 * @param contentType    media type without parameters, lower case; empty when the server sent none
 * @param title          HTML title, null when absent or not HTML
 * @param text           the page of text starting at {@code startIndex}, at most {@code maxChars} characters
 * @param startIndex     index of the first character of {@code text} within the whole extracted text
 * @param totalChars     length of the whole extracted text
 * @param truncated      true when more text follows this page
 * @param nextStartIndex start index of the next page, null when this is the last page
 * @param links          absolute http(s) links of an HTML page (main content first, at most 50), else empty
 */
public record FetchedPage(
        String requestedUrl,
        String finalUrl,
        int status,
        String contentType,
        String title,
        String text,
        int startIndex,
        int totalChars,
        boolean truncated,
        Integer nextStartIndex,
        List<String> links) {

    public FetchedPage {
        links = links == null ? List.of() : List.copyOf(links);
        contentType = contentType == null ? "" : contentType;
        text = text == null ? "" : text;
    }
}
