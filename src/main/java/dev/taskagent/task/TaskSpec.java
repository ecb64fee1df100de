package dev.taskagent.task;

import java.util.List;

/**
 * What a client asked for, before validation: the input, the tool sets (null = all enabled), the tool-call budget,
 * and the domains http_fetch is narrowed to (null = not narrowed).
 */
public record TaskSpec(String input, List<String> tools, Integer maxToolCalls, List<String> fetchAllowedDomains) {
}
