package dev.taskagent.config;

import dev.langchain4j.data.image.Image;
import dev.taskagent.tools.calculator.Calculation;
import dev.taskagent.tools.fetch.FetchedPage;
import dev.taskagent.tools.filesearch.FileEntry;
import dev.taskagent.tools.filesearch.FileSlice;
import dev.taskagent.tools.filesearch.FindResult;
import dev.taskagent.tools.filesearch.Match;
import dev.taskagent.tools.filesearch.SearchResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types the tools return and the model client serialises to JSON, kept for reflection in the native image. Listed
 * here so the tool cores stay plain classes without Quarkus annotations. Also {@link Image}: the AI service looks up
 * the element type of {@code TaskAgent.run}'s {@code List<Image>} parameter by name at run time.
 */
@RegisterForReflection(
        targets = {
            Calculation.class,
            FindResult.class,
            FileEntry.class,
            SearchResult.class,
            Match.class,
            FileSlice.class,
            FetchedPage.class,
            Image.class
        })
public final class NativeRegistrations {

    private NativeRegistrations() {}
}
