package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regexes whose compiled program would explode are refused before RE2/J compiles them. */
class RegexBudgetTest {

    @ParameterizedTest(name = "too complex: {0}")
    @ValueSource(
            strings = {
                "((a{1000}){1000}){1000}", // the reported one: RE2/J compile dies with OutOfMemoryError
                "(a{1000}){1000}",
                "(?:a{100}){100}",
                "((((a{10}){10}){10}){10})",
                "(a{1000}|b){1000}",
                "(?i)(x{1000}){6}",
                "[a-z]{1000}[0-9]{1000}[A-Z]{1000}[a-z]{1000}[0-9]{1000}[a-z]{1000}",
                "(\\Qabcdefghij\\E){1000}",
                "(\\p{L}\\d\\s\\w){999}",
                "((a*){1000}){10}",
                "(a{1000}){1000}?",
                "(?P<x>a{1000}){1000}",
                "(a{2,1000}){2,1000}",
                "(a{1000,}){1000,}"
            })
    void refusesPatternsThatWouldCompileTooBig(String pattern) {
        FileSearchException e = assertThrows(FileSearchException.class, () -> RegexBudget.check(pattern));
        assertTrue(e.getMessage().startsWith("pattern too complex: it would compile to"), e.getMessage());
        assertTrue(e.getMessage().contains("limit " + RegexBudget.MAX_INSTRUCTIONS), e.getMessage());
    }

    @Test
    void refusesDeepNesting() {
        String deep = "(".repeat(60) + "a" + ")".repeat(60);
        FileSearchException e = assertThrows(FileSearchException.class, () -> RegexBudget.check(deep));
        assertTrue(e.getMessage().startsWith("pattern too complex: groups nested more than"), e.getMessage());
    }

    @ParameterizedTest(name = "allowed: {0}")
    @ValueSource(
            strings = {
                "a{1000}",
                "TODO|FIXME|XXX",
                "\\d{4}-\\d{2}-\\d{2}",
                "(?:\\d{1,3}\\.){3}\\d{1,3}",
                "\\b[0-9a-f]{40}\\b",
                "(?i)(foo|bar){1,3}baz",
                "[{]{2}\\w+[}]{2}",
                "a{,5}", // not a repeat for RE2: literal braces
                "(\\w+\\s+){50}"
            })
    void acceptsOrdinaryPatterns(String pattern) {
        assertDoesNotThrow(() -> RegexBudget.check(pattern));
    }

    @Test
    void acceptsManyAlternativesWithinTheLengthLimit() {
        String words = String.join("|", java.util.Collections.nCopies(140, "word"));
        assertTrue(words.length() <= ContentMatcher.MAX_PATTERN_CHARS);
        assertDoesNotThrow(() -> RegexBudget.check(words));
    }

    @Test
    void refusesLongPatternsAndHugeSingleRepeatsWithClearErrors() {
        assertTrue(assertThrows(
                        FileSearchException.class,
                        () -> ContentMatcher.create("a".repeat(ContentMatcher.MAX_PATTERN_CHARS + 1), true, false))
                .getMessage()
                .startsWith("pattern is too long"));
        assertTrue(assertThrows(FileSearchException.class, () -> ContentMatcher.create("a{100000}", true, false))
                .getMessage()
                .startsWith("invalid regex: "));
        assertTrue(assertThrows(FileSearchException.class, () -> ContentMatcher.create("a{1001}", true, false))
                .getMessage()
                .startsWith("invalid regex: "));
    }

    @Test
    void searchAnswersTheModelWithTheErrorInsteadOfDying(@TempDir Path root) {
        Fixtures.write(root, "a.txt", "aaa\n");
        FileSearch fs = new FileSearch(new Workspace(List.of(root)), FileSearchLimits.defaults());
        FileSearchException e = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> assertThrows(
                        FileSearchException.class,
                        () -> fs.search(new SearchQuery("((a{1000}){1000}){1000}", true, false, null, 0, 0))));
        assertTrue(e.getMessage().startsWith("pattern too complex"), e.getMessage());
    }
}
