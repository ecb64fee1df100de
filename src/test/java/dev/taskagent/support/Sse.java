package dev.taskagent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole Server-Sent Events body as a client would. */
public final class Sse {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its {@code id}, {@code event} name and {@code data} parsed as JSON (text when it is not JSON). */
    public record Event(String id, String name, String rawData) {

        public long number() {
            return Long.parseLong(id);
        }

        public JsonNode data() {
            try {
                return JSON.readTree(rawData);
            } catch (Exception e) {
                throw new IllegalStateException("event data is not JSON: " + rawData, e);
            }
        }
    }

    private Sse() {}

    /** The events of {@code body}, in order; comment lines are skipped. */
    public static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        String id = null;
        String name = null;
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, name, data.toString()));
                }
                id = null;
                name = null;
                data = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            }
        }
        return events;
    }

    /** How many comment lines ({@code : ...}) the body holds. */
    public static long comments(String body) {
        return body.lines().filter(line -> line.startsWith(":")).count();
    }
}
