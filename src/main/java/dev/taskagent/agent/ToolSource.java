package dev.taskagent.agent;

import java.util.List;

/**
 * Tool sets that come and go while the service runs (the tools of configured MCP servers), found by
 * {@link ToolCatalog} next to the built-in ones. Asked again on every look-up, so a set can change its functions or
 * become disabled (with its reason) at any time.
 */
public interface ToolSource {

    /** The sets as they are now, each named uniquely across all sources and the built-in tools. */
    List<ToolCatalog.Entry> entries();
}
