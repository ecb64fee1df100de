package dev.taskagent.tools.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/** Turns a response body into readable text (package-private helper of {@link WebFetcher}). */
final class ContentConverter {

    static final int MAX_LINKS = 50;
    private static final int MAX_LINK_LENGTH = 2048;
    private static final int MAX_TITLE = 300;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)); // keep numbers as written (1.10 stays 1.10)

    /** Never text: removed before anything else. */
    private static final String DROPPED = "script, style, noscript, template, svg, math, iframe, frame, frameset, "
            + "object, embed, canvas, audio, video, select, textarea, button, [hidden], [aria-hidden=true]";
    /** Navigation chrome: its links are still collected (after the main content's), its text is dropped. */
    private static final String CHROME = "nav, footer";

    private static final Set<String> PARAGRAPH_BLOCKS = Set.of(
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
            "blockquote",
            "table",
            "ul",
            "ol",
            "dl",
            "figure",
            "hr",
            "section",
            "article",
            "main",
            "header",
            "aside",
            "address",
            "details",
            "fieldset",
            "form");
    private static final Set<String> LINE_BLOCKS = Set.of(
            "div",
            "li",
            "tr",
            "dt",
            "dd",
            "figcaption",
            "summary",
            "caption",
            "center",
            "legend",
            "body",
            "html",
            "thead",
            "tbody",
            "tfoot",
            "option");

    enum Kind {
        HTML,
        JSON,
        TEXT,
        UNSUPPORTED
    }

    record Converted(String title, String text, List<String> links) {}

    private ContentConverter() {}

    /** Media type without parameters, lower case; empty when absent. */
    static String mimeType(String contentTypeHeader) {
        if (contentTypeHeader == null) {
            return "";
        }
        int semi = contentTypeHeader.indexOf(';');
        String m = (semi >= 0 ? contentTypeHeader.substring(0, semi) : contentTypeHeader).strip();
        return m.toLowerCase(Locale.ROOT);
    }

    /** Charset parameter of a Content-Type header; null when absent or unknown. */
    static Charset charset(String contentTypeHeader) {
        if (contentTypeHeader == null) {
            return null;
        }
        for (String param : contentTypeHeader.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).strip();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static Kind kindOf(String mime) {
        if (mime.equals("text/html") || mime.equals("application/xhtml+xml")) {
            return Kind.HTML;
        }
        if (mime.equals("application/json") || mime.equals("text/json") || mime.endsWith("+json")) {
            return Kind.JSON;
        }
        if (mime.startsWith("text/") || mime.equals("application/xml") || mime.endsWith("+xml")) {
            return Kind.TEXT;
        }
        return Kind.UNSUPPORTED;
    }

    /** Content sniffing when the server sent no Content-Type. */
    static Kind sniff(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        int n = Math.min(body.length, 4096);
        for (int j = 0; j < n; j++) {
            if (body[j] == 0) {
                return Kind.UNSUPPORTED;
            }
        }
        String head = new String(body, i, Math.min(body.length - i, 64), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        if (head.startsWith("<!doctype html")
                || head.startsWith("<html")
                || head.startsWith("<head")
                || head.startsWith("<body")) {
            return Kind.HTML;
        }
        if (head.startsWith("{") || head.startsWith("[")) {
            return Kind.JSON;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, n));
            return Kind.TEXT;
        } catch (CharacterCodingException e) {
            // a multi-byte sequence cut at the sniff boundary is fine, anything earlier is binary
            return n == body.length ? Kind.UNSUPPORTED : Kind.TEXT;
        }
    }

    static Converted convert(Kind kind, byte[] body, Charset charset, String baseUrl) {
        return switch (kind) {
            case HTML -> html(body, charset, baseUrl);
            case JSON -> new Converted(null, prettyJson(decode(body, charset)), List.of());
            case TEXT -> new Converted(null, decode(body, charset), List.of());
            case UNSUPPORTED -> throw new IllegalArgumentException("unsupported");
        };
    }

    static String decode(byte[] body, Charset charset) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        String s = new String(body, cs); // malformed input is replaced, never thrown
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
        }
        return s;
    }

    static String prettyJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                return text;
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException | RuntimeException e) {
            return text; // not valid JSON: keep as is
        }
    }

    // ------------------------------------------------------------------------------------------------ HTML

    static Converted html(byte[] body, Charset charset, String baseUrl) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(body), charset == null ? null : charset.name(), baseUrl);
        } catch (IOException e) {
            throw new FetchException("could not parse HTML");
        }
        String title = doc.title().strip();
        if (title.isEmpty()) {
            title = null;
        } else if (title.length() > MAX_TITLE) {
            title = title.substring(0, MAX_TITLE) + "...";
        }
        doc.select(DROPPED).remove();
        List<Element> roots = contentRoots(doc);

        Set<String> links = new LinkedHashSet<>();
        for (Element root : roots) {
            collectLinks(root, links);
        }
        collectLinks(doc, links);
        doc.select(CHROME).remove();

        StringBuilder sb = new StringBuilder();
        for (Element root : roots) {
            render(root, sb, false);
            blankLine(sb);
        }
        return new Converted(title, tidy(sb), new ArrayList<>(links));
    }

    /** {@code <main>} (or role=main), else the top-level {@code <article>}s, else the body. */
    private static List<Element> contentRoots(Document doc) {
        Element main = doc.selectFirst("main, [role=main]");
        if (main != null && !main.text().isBlank()) {
            return List.of(main);
        }
        Elements articles = doc.select("article");
        List<Element> top = new ArrayList<>();
        for (Element a : articles) {
            if (a.parents().stream().noneMatch(p -> p.normalName().equals("article"))
                    && !a.text().isBlank()) {
                top.add(a);
            }
        }
        if (!top.isEmpty()) {
            return top;
        }
        return List.of(doc.body() != null ? doc.body() : doc);
    }

    private static void collectLinks(Element root, Set<String> out) {
        for (Element a : root.select("a[href]")) {
            if (out.size() >= MAX_LINKS) {
                return;
            }
            String abs = a.absUrl("href");
            if (abs.length() > MAX_LINK_LENGTH) {
                continue;
            }
            String lower = abs.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                out.add(abs);
            }
        }
    }

    private static void render(Node node, StringBuilder sb, boolean pre) {
        if (node instanceof TextNode t) {
            appendText(sb, t.getWholeText(), pre);
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        switch (tag) {
            case "br" -> {
                sb.append('\n');
                return;
            }
            case "hr" -> {
                blankLine(sb);
                sb.append("---");
                blankLine(sb);
                return;
            }
            case "img" -> {
                return;
            }
            default -> {}
        }
        boolean para = PARAGRAPH_BLOCKS.contains(tag);
        boolean line = LINE_BLOCKS.contains(tag);
        if (para) {
            blankLine(sb);
        } else if (line) {
            newLine(sb);
        }
        if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
            sb.append("#".repeat(tag.charAt(1) - '0')).append(' ');
        } else if (tag.equals("li")) {
            sb.append("- ");
        } else if ((tag.equals("td") || tag.equals("th")) && !atLineStart(sb)) {
            sb.append(" | ");
        }
        boolean childPre = pre || tag.equals("pre") || tag.equals("textarea");
        for (Node child : e.childNodes()) {
            render(child, sb, childPre);
        }
        if (para) {
            blankLine(sb);
        } else if (line) {
            newLine(sb);
        }
    }

    private static void appendText(StringBuilder sb, String text, boolean pre) {
        if (pre) {
            sb.append(text);
            return;
        }
        StringBuilder norm = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00A0') {
                space = true;
            } else {
                if (space) {
                    norm.append(' ');
                    space = false;
                }
                norm.append(c);
            }
        }
        if (space) {
            norm.append(' ');
        }
        String s = norm.toString();
        if (s.isEmpty()) {
            return;
        }
        if (s.charAt(0) == ' ' && (atLineStart(sb) || sb.charAt(sb.length() - 1) == ' ')) {
            s = s.substring(1);
        }
        sb.append(s);
    }

    private static boolean atLineStart(StringBuilder sb) {
        return sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n';
    }

    private static void newLine(StringBuilder sb) {
        trimTrailingSpaces(sb);
        if (!atLineStart(sb)) {
            sb.append('\n');
        }
    }

    private static void blankLine(StringBuilder sb) {
        trimTrailingSpaces(sb);
        if (sb.length() == 0) {
            return;
        }
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        if (sb.length() < 2 || sb.charAt(sb.length() - 2) != '\n') {
            sb.append('\n');
        }
    }

    private static void trimTrailingSpaces(StringBuilder sb) {
        int len = sb.length();
        while (len > 0 && (sb.charAt(len - 1) == ' ' || sb.charAt(len - 1) == '\t')) {
            len--;
        }
        sb.setLength(len);
    }

    /** Trailing spaces per line removed, at most one blank line in a row, trimmed. */
    static String tidy(CharSequence raw) {
        String[] lines = raw.toString().split("\n", -1);
        StringBuilder out = new StringBuilder(raw.length());
        int blank = 0;
        for (String l : lines) {
            String line = l.stripTrailing();
            if (line.isBlank()) {
                blank++;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(line);
        }
        return out.toString();
    }
}
