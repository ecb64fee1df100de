package dev.taskagent.events;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events to a response body, each flushed at once. {@link #event} writes typed, numbered events;
 * {@link #data} bare {@code data:} lines as OpenAI's chunk streams use; {@link #comment} the lines that keep an idle
 * stream open.
 */
public final class SseStream {

    public static final String MEDIA_TYPE = "text/event-stream";

    private final OutputStream out;

    public SseStream(OutputStream out) {
        this.out = out;
    }

    /** A 200 response whose body {@code writer} streams; proxies are asked not to cache or buffer it. */
    public static Response.ResponseBuilder response(StreamingOutput writer) {
        return Response.ok(writer)
                .type(MEDIA_TYPE)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
    }

    public void event(long id, String name, String data) throws IOException {
        write("id: " + id + "\nevent: " + name + "\n" + dataLines(data) + "\n");
    }

    public void data(String data) throws IOException {
        write(dataLines(data) + "\n");
    }

    public void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private static String dataLines(String data) {
        StringBuilder lines = new StringBuilder();
        for (String line : data.split("\r\n|\r|\n", -1)) {
            lines.append("data: ").append(line).append('\n');
        }
        return lines.toString();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
