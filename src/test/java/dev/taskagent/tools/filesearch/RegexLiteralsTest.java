package dev.taskagent.tools.filesearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexLiteralsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiterString = "=>",
            nullValues = "NONE",
            value = {
                "hello                  => hello",
                "foo\\d+barbaz          => barbaz",
                "needle_[a-z]+_[0-9]{3} => needle_",
                "abc?def                => def",
                "abcd*ef                => abc",
                "ab+cdef                => cdef",
                "x{0,3}yz               => yz",
                "wxyz{2}                => wxyz",
                "(foo|bar)baz           => baz",
                "foo|bar                => foo,bar",
                "\\b(TODO|FIXME)\\b     => TODO,FIXME",
                "(?i)todo|fixme         => todo,fixme",
                "(foo)?barx             => barx",
                "x(foo|)y               => x",
                "(ab|cd)+               => ab,cd",
                "(ab|cd)*ef             => ef",
                "(?P<n>abc)d            => abc",
                "a{x                    => a",
                "abc|[a-z]+             => NONE",
                "(abc|def)|ghi          => abc,def,ghi",
                "[a-z]+                 => NONE",
                "\\bword\\b             => word",
                "a\\.b\\.c              => a.b.c",
                "^start                 => start",
                "end$                   => end",
                "\\Qa.b*c\\E            => a.b*c",
                "\\p{Greek}+omega       => omega",
                "(?i)Case               => Case",
                "(?:ab)+cd              => ab",
                "[]x]yz                 => yz",
                "a.c                    => a",
            })
    void extractsTheLongestRequiredLiteral(String pattern, String expected) {
        RegexLiterals.Required r = RegexLiterals.requiredLiteral(pattern.strip(), false);
        if (expected == null) {
            assertNull(r);
        } else {
            assertEquals(expected.strip(), String.join(",", r.literals()));
        }
    }

    @Test
    void inlineCaseFlagMakesThePrefilterCaseInsensitive() {
        assertTrue(RegexLiterals.requiredLiteral("(?i)Case", false).caseInsensitive());
        assertTrue(RegexLiterals.requiredLiteral("ab(?i)cd", false).caseInsensitive());
        assertEquals("Case", RegexLiterals.requiredLiteral("(?i)Case", false).literal());
    }

    @Test
    void caseInsensitivePrefilterUsesAsciiOnly() {
        assertEquals("ber", RegexLiterals.requiredLiteral("\u00fcber", true).literal());
    }

    /** Every line an RE2/J pattern matches must contain the extracted literal: random differential check. */
    @Test
    void prefilterNeverRejectsAMatchingLine() {
        String[] patterns = {
            "ab+c",
            "a(b|c)d",
            "x?yz",
            "[xy]z+w",
            "abc|xyz",
            "a.c",
            "(?i)ABc",
            "ab{0,2}c",
            "ab{1,2}c",
            "\\bab\\b",
            "a\\.c",
            "a*b*c",
            "(ab)+c",
            "z?y?x",
            "c$",
            "^ab",
            "b[^a]c",
            "\\Qa.c\\E",
            "abc?",
            "(?i)b+C",
            "ab|xy",
            "(ab|xz)c",
            "(?:a|b)+c",
            "x(ab|)y",
            "(?i:ab)c|zz",
            "(a(b|c))+",
            "w{0}ab",
            "a{2}b|c{1,}z"
        };
        Random rnd = new Random(7);
        String alphabet = "abcxyzwABC. ";
        for (String p : patterns) {
            for (boolean ci : new boolean[] {false, true}) {
                Pattern re = Pattern.compile(p, ci ? Pattern.CASE_INSENSITIVE : 0);
                RegexLiterals.Required req = RegexLiterals.requiredLiteral(p, ci);
                for (int i = 0; i < 3000; i++) {
                    StringBuilder sb = new StringBuilder();
                    int len = rnd.nextInt(12);
                    for (int k = 0; k < len; k++) {
                        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                    String line = sb.toString();
                    if (req != null && re.matcher(line).find()) {
                        boolean contains = req.literals().stream()
                                .anyMatch(l -> req.caseInsensitive()
                                        ? line.toLowerCase(Locale.ROOT).contains(l.toLowerCase(Locale.ROOT))
                                        : line.contains(l));
                        assertTrue(contains, p + " matched '" + line + "' without any of " + req.literals());
                    }
                }
            }
        }
    }
}
