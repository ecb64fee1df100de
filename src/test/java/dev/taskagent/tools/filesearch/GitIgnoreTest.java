package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.tools.filesearch.GitIgnore.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitIgnoreTest {

    private static boolean ignored(String rules, String path, boolean dir) {
        return GitIgnore.parse(rules).match(path, dir) == Result.IGNORED;
    }

    @ParameterizedTest(name = "{0} vs {1} (dir={2}) -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // plain names match at any depth
                "*.log            | app.log            | false | true",
                "*.log            | a/b/app.log        | false | true",
                "*.log            | app.log.txt        | false | false",
                "build            | build              | true  | true",
                "build            | src/build          | true  | true",
                "build            | src/build          | false | true",
                // trailing slash: directories only
                "build/           | build              | true  | true",
                "build/           | build              | false | false",
                "build/           | a/build            | true  | true",
                // leading slash anchors to the .gitignore directory
                "/build           | build              | true  | true",
                "/build           | src/build          | true  | false",
                "/todo.txt        | todo.txt           | false | true",
                "/todo.txt        | a/todo.txt         | false | false",
                // a middle slash anchors too
                "doc/frotz        | doc/frotz          | false | true",
                "doc/frotz        | a/doc/frotz        | false | false",
                "doc/*.txt        | doc/x.txt          | false | true",
                "doc/*.txt        | doc/sub/x.txt      | false | false",
                // ? and classes
                "file?.txt        | file1.txt          | false | true",
                "file?.txt        | file10.txt         | false | false",
                "file[0-9].txt    | file7.txt          | false | true",
                "file[!0-9].txt   | file7.txt          | false | false",
                "file[!0-9].txt   | fileA.txt          | false | true",
                // ** forms
                "**/foo           | foo                | false | true",
                "**/foo           | a/b/foo            | false | true",
                "**/foo/bar       | x/foo/bar          | false | true",
                "**/foo/bar       | foo/bar            | false | true",
                "abc/**           | abc/x              | false | true",
                "abc/**           | abc/x/y/z          | false | true",
                "abc/**           | abc                | true  | false",
                "a/**/b           | a/b                | false | true",
                "a/**/b           | a/x/b              | false | true",
                "a/**/b           | a/x/y/b            | false | true",
                "a/**/b           | b                  | false | false",
                // escapes
                "\\#notcomment    | #notcomment        | false | true",
                "\\!important     | !important         | false | true",
            })
    void matchesLikeGit(String rules, String path, boolean dir, boolean expected) {
        assertEquals(expected, ignored(rules.strip(), path.strip(), dir));
    }

    @Test
    void blankLinesAndCommentsAreIgnored() {
        GitIgnore g = GitIgnore.parse("\n# comment\n   \n#*.txt\n");
        assertTrue(g.isEmpty());
        assertEquals(Result.NONE, g.match("a.txt", false));
    }

    @Test
    void negationReincludesAndLastRuleWins() {
        String rules = "*.tmp\n!keep.tmp\n";
        assertTrue(ignored(rules, "x.tmp", false));
        assertEquals(Result.INCLUDED, GitIgnore.parse(rules).match("keep.tmp", false));
        assertTrue(ignored("!keep.tmp\n*.tmp\n", "keep.tmp", false), "a later rule overrides an earlier negation");
    }

    @Test
    void trailingSpacesAreTrimmedUnlessEscaped() {
        assertTrue(ignored("foo.txt   \n", "foo.txt", false));
        assertTrue(ignored("foo\\ \n", "foo ", false));
        assertFalse(ignored("foo\\ \n", "foo", false));
    }

    @Test
    void crlfLinesWork() {
        assertTrue(ignored("*.log\r\nbuild/\r\n", "a.log", false));
        assertTrue(ignored("*.log\r\nbuild/\r\n", "build", true));
    }

    @Test
    void nestedFilesApplyToTheirSubtreeAndDeeperFilesWin() {
        GitIgnore.Chain top = GitIgnore.Chain.push(null, GitIgnore.parse("*.gen\n/out/\n"), "");
        GitIgnore.Chain sub = GitIgnore.Chain.push(top, GitIgnore.parse("!keep.gen\n/local.txt\n"), "pkg");
        assertTrue(GitIgnore.Chain.isIgnored(sub, "pkg/a.gen", false));
        assertFalse(GitIgnore.Chain.isIgnored(sub, "pkg/keep.gen", false), "deeper negation wins");
        assertTrue(GitIgnore.Chain.isIgnored(top, "keep.gen", false), "outside pkg the negation does not apply");
        assertTrue(GitIgnore.Chain.isIgnored(sub, "pkg/local.txt", false));
        assertFalse(GitIgnore.Chain.isIgnored(sub, "pkg/deeper/local.txt", false), "anchored to pkg/");
        assertFalse(GitIgnore.Chain.isIgnored(top, "local.txt", false));
        assertTrue(GitIgnore.Chain.isIgnored(top, "out", true));
        assertFalse(GitIgnore.Chain.isIgnored(sub, "pkg/out", true), "/out/ is anchored to the top directory");
    }

    @Test
    void brokenPatternsAreSkipped() {
        GitIgnore g = GitIgnore.parse("[unclosed\n*.o\n");
        assertEquals(Result.IGNORED, g.match("x.o", false));
        assertEquals(Result.NONE, g.match("[unclosed", false));
    }
}
