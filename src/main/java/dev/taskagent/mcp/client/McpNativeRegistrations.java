package dev.taskagent.mcp.client;

import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The MCP Java SDK reads and writes its protocol records (all nested in {@link McpSchema}) with Jackson, so the native
 * image keeps them for reflection.
 */
@RegisterForReflection(targets = McpSchema.class, ignoreNested = false)
final class McpNativeRegistrations {

    private McpNativeRegistrations() {}
}
