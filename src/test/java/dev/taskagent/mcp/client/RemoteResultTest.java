package dev.taskagent.mcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the model reads of an MCP tool result: text as it is, binary content named, everything cut to the cap. */
class RemoteResultTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void joinsTextBlocks() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .addTextContent("first")
                .addTextContent("second")
                .build();

        assertEquals("first\nsecond", RemoteResult.text(result, mapper, 100));
    }

    @Test
    void namesAnImageInsteadOfPastingItsBytes() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .addTextContent("a logo:")
                .addContent(new McpSchema.ImageContent(null, "iVBORw0KGgoAAAANSUhEUgAA", "image/png"))
                .build();

        assertEquals("a logo:\n[image image/png]", RemoteResult.text(result, mapper, 100));
    }

    @Test
    void givesStructuredContentAsJsonWhenThereIsNoText() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .structuredContent(Map.of("sum", 5))
                .build();

        assertEquals("{\"sum\":5}", RemoteResult.text(result, mapper, 100));
    }

    @Test
    void cutsALongResultAtTheCapWithANote() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .addTextContent("x".repeat(250))
                .build();

        assertEquals("x".repeat(100) + "\n[cut: 150 more characters]", RemoteResult.text(result, mapper, 100));
    }
}
