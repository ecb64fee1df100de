package dev.taskagent.mcp.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an MCP tool result into the text the model reads: text blocks as they are, structured content as JSON when
 * there is no text, other blocks named by kind (an image is not pasted in as base64), cut to a size cap.
 */
final class RemoteResult {

    private RemoteResult() {}

    static String text(McpSchema.CallToolResult result, ObjectMapper mapper, int maxChars) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(describe(content));
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            try {
                parts.add(mapper.writeValueAsString(result.structuredContent()));
            } catch (JsonProcessingException e) {
                parts.add(String.valueOf(result.structuredContent()));
            }
        }
        return cap(String.join("\n", parts), maxChars);
    }

    static String cap(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "\n[cut: " + (text.length() - maxChars) + " more characters]";
    }

    private static String describe(McpSchema.Content content) {
        return switch (content) {
            case McpSchema.TextContent text -> text.text();
            case McpSchema.ImageContent image -> "[image " + image.mimeType() + "]";
            case McpSchema.AudioContent audio -> "[audio " + audio.mimeType() + "]";
            case McpSchema.ResourceLink link -> "[resource " + link.uri() + "]";
            case McpSchema.EmbeddedResource embedded ->
                embedded.resource() instanceof McpSchema.TextResourceContents text
                        ? text.text()
                        : "[resource " + embedded.resource().uri() + "]";
            default -> "[" + content.type() + "]";
        };
    }
}
