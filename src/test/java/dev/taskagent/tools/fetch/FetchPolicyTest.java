package dev.taskagent.tools.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchPolicyTest {

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|is empty",
                "'   '|is empty",
                "exa mple.com|contains a space",
                "'example.com '|contains a space",
                "*|is a wildcard",
                "*.example.com|is a wildcard",
                "ex*ample.com|is a wildcard",
                "https://example.com|has a scheme",
                "mailto:someone|has a scheme",
                "example.com:8080|has a port",
                "example.com/path|has a path",
                "example.com?q=1|has a path",
                ".example.com|starts with a dot",
                "exa_mple.com|is not a valid host name",
                "-example.com|is not a valid host name",
                "example..com|is not a valid host name",
                "xn--zz.com|is not a valid host name",
                "ex%41mple.com|is not a valid host name"
            })
    void givenAnEntryThatIsNotAHostName_whenChecked_thenTheReasonIsNamed(String entry, String reason) {
        Optional<String> problem = FetchPolicy.entryProblem(entry);

        assertTrue(problem.isPresent(), entry + " was accepted");
        assertTrue(problem.get().startsWith(reason), problem.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "Docs.Example.COM", "example.com.", "bücher.de", "192.0.2.7", "localhost"})
    void givenAHostName_whenChecked_thenItIsAccepted(String entry) {
        assertEquals(Optional.empty(), FetchPolicy.entryProblem(entry));
    }
}
