package dev.taskagent.tools.filesearch;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.tools.AgentTool;
import dev.taskagent.tools.ToolFailure;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The {@code file_search} tool set: find, search and read files under the workspace roots, over {@link FileSearch}. */
// What its @Tool methods return, kept for reflection in the native image (the model client writes it as JSON)
@RegisterForReflection(targets = {FindResult.class, FileEntry.class, SearchResult.class, Match.class, FileSlice.class})
@ApplicationScoped
public class FileSearchTool implements AgentTool {

    private static final Logger LOG = Logger.getLogger(FileSearchTool.class);

    private final FileSearch search;
    private final FileSearchLimits limits;
    private final String disabledReason;
    private final int maxUses;

    public FileSearchTool(TaskAgentConfig config) {
        TaskAgentConfig.FileSearch settings = config.tools().fileSearch();
        this.maxUses = settings.maxUses();
        List<Path> roots = settings.roots().orElse(List.of());
        FileSearch ready = null;
        FileSearchLimits configured = FileSearchLimits.defaults();
        String reason = null;
        if (roots.isEmpty()) {
            reason = "no workspace roots configured (set task-agent.tools.file-search.roots "
                    + "or TASK_AGENT_TOOLS_FILE_SEARCH_ROOTS)";
        } else {
            try {
                configured = new FileSearchLimits(
                        settings.maxResults(),
                        settings.maxLineWidth(),
                        settings.maxContextLines(),
                        settings.maxFileBytes(),
                        settings.maxBytesScanned(),
                        settings.maxWallTime(),
                        settings.maxReadLines());
                ready = new FileSearch(new Workspace(roots, settings.allowHardLinks()), configured);
            } catch (IllegalArgumentException e) {
                reason = "file search settings unusable: " + e.getMessage();
                LOG.warnf("file_search disabled: %s", reason);
            }
        }
        this.limits = configured;
        this.search = ready;
        this.disabledReason = reason;
    }

    @Override
    public String name() {
        return "file_search";
    }

    @Override
    public String promptGuide() {
        return "- find_files, search_files, read_file (file search): look only inside the user's workspace roots;"
                + " paths are relative to a root. Results are capped; when a result says it was truncated, narrow"
                + " the search.";
    }

    @Override
    public String summary() {
        return "Find files by glob, search their contents by text or regex, and read line ranges, "
                + "confined to the configured workspace roots.";
    }

    @Override
    public int maxUses() {
        return maxUses;
    }

    @Override
    public Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    @Tool(name = "find_files", value = """
            Find files in the workspace whose path matches a glob. Returns at most 200 files with size and \
            modification time, newest first unless order is "path". A glob without "/" matches file names at \
            any depth; with "/" it matches paths relative to the workspace root.""")
    public FindResult findFiles(
            @P(value = "glob such as **/*.java, docs/*.md or *.txt", required = true) String glob,
            @P(value = "\"newest\" (default) or \"path\"", required = false) String order) {
        FileOrder fileOrder = "path".equalsIgnoreCase(order) ? FileOrder.PATH : FileOrder.NEWEST_FIRST;
        return call(() -> ready().find(glob, fileOrder, limits.maxResults()));
    }

    @Tool(name = "search_files", value = """
            Search the contents of workspace files for a literal text (default) or an RE2 regular expression. \
            Returns matching lines with path and line number (at most 200 matches, lines trimmed to 300 \
            characters), optional context lines, totals and whether the search was truncated. Binary files, \
            files over 10 MiB, .git, node_modules, target and .gitignore'd paths are skipped.""")
    public SearchResult searchFiles(
            @P(value = "the text or regular expression to look for", required = true) String pattern,
            @P(value = "true to treat pattern as a regular expression (RE2 syntax)", required = false) Boolean regex,
            @P(value = "true to ignore case", required = false) Boolean ignoreCase,
            @P(value = "only search files matching this glob, e.g. **/*.md", required = false) String glob,
            @P(value = "lines of context before and after each match, 0 to 5", required = false) Integer contextLines) {
        SearchQuery query = new SearchQuery(
                pattern,
                Boolean.TRUE.equals(regex),
                Boolean.TRUE.equals(ignoreCase),
                glob == null || glob.isBlank() ? null : glob,
                contextLines == null ? 0 : Math.max(0, Math.min(contextLines, limits.maxContextLines())),
                limits.maxResults());
        return call(() -> ready().search(query));
    }

    @Tool(name = "read_file", value = """
            Read a range of lines of one workspace file, by its path relative to the workspace root. \
            Returns at most 400 lines with the range actually read and whether more remains.""")
    public FileSlice readFile(
            @P(value = "path of the file, relative to the workspace root", required = true) String path,
            @P(value = "first line to read, 1-based (default 1)", required = false) Integer startLine,
            @P(value = "number of lines to read (default and maximum 400)", required = false) Integer lineCount) {
        int start = startLine == null || startLine < 1 ? 1 : startLine;
        int count = lineCount == null || lineCount < 1 ? limits.maxReadLines() : lineCount;
        return call(() -> ready().read(path, start, count));
    }

    private FileSearch ready() {
        if (search == null) {
            throw new ToolFailure("file search is disabled: " + disabledReason);
        }
        return search;
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (FileSearchException e) {
            throw new ToolFailure(e.getMessage());
        }
    }
}
