package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*.java          | Main.java              | true",
                "*.java          | Main.javax             | false",
                "*.java          | src/Main.java          | false",
                "**/*.java       | Main.java              | true",
                "**/*.java       | src/a/Main.java        | true",
                "src/*.java      | src/Main.java          | true",
                "src/*.java      | src/a/Main.java        | false",
                "src/**          | src/a/b/c.txt          | true",
                "src/**/*.md     | src/x.md               | true",
                "src/**/*.md     | src/a/b/x.md           | true",
                "*.{java,kt}     | A.kt                   | true",
                "*.{java,kt}     | A.scala                | false",
                "?.txt           | a.txt                  | true",
                "?.txt           | ab.txt                 | false",
                "[abc]*.txt      | b1.txt                 | true",
                "[!abc]*.txt     | b1.txt                 | false",
                "a\\*b           | a*b                    | true",
                "a\\*b           | axb                    | false",
                "README          | README                 | true",
                "README*         | README.md              | true",
                "a+b(c).txt      | a+b(c).txt             | true",
            })
    void globSyntax(String glob, String path, boolean expected) {
        assertEquals(expected, Glob.compile(glob.strip(), Glob.Mode.GLOB).matches(path.strip()));
    }

    @Test
    void filterMatchesNameAtAnyDepthWithoutSlashAndRelativePathWithSlash() {
        GlobFilter byName = GlobFilter.of("*.md");
        assertTrue(byName.matches("docs/deep/x.md", "x.md", "docs/deep/x.md"));
        GlobFilter byPath = GlobFilter.of("docs/*.md");
        assertTrue(byPath.matches("docs/x.md", "x.md", "docs/x.md"));
        assertFalse(byPath.matches("other/docs/x.md", "x.md", "other/docs/x.md"));
        GlobFilter anchored = GlobFilter.of("/x.md");
        assertTrue(anchored.matches("x.md", "x.md", "x.md"));
        assertFalse(anchored.matches("a/x.md", "x.md", "a/x.md"));
        assertEquals(null, GlobFilter.of("  "));
        assertEquals(null, GlobFilter.of(null));
    }

    @Test
    void invalidGlobsAreRefusedWithAShortMessage() {
        assertTrue(assertThrows(FileSearchException.class, () -> Glob.compile("[abc", Glob.Mode.GLOB))
                .getMessage()
                .startsWith("invalid glob"));
        assertTrue(assertThrows(FileSearchException.class, () -> Glob.compile("{a,{b}}", Glob.Mode.GLOB))
                .getMessage()
                .startsWith("invalid glob"));
        assertThrows(FileSearchException.class, () -> Glob.compile("x".repeat(2000), Glob.Mode.GLOB));
    }

    @Test
    void pathologicalGlobRunsInLinearTime() {
        // java.util.regex-based glob matchers backtrack exponentially on this; RE2/J does not
        Glob g = Glob.compile("*a*a*a*a*a*a*a*a*a*a*a*a*b", Glob.Mode.GLOB);
        String name = "a".repeat(250);
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> g.matches(name)));
    }
}
