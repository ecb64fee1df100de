package dev.taskagent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileNameEncodingTest {

    @Test
    void givenTheCLocale_whenStarting_thenOneLineSaysHowToFixIt() {
        String warning = FileNameEncoding.warning("ANSI_X3.4-1968", null, "C").orElseThrow();

        assertTrue(warning.contains("ANSI_X3.4-1968") && warning.contains("LANG=C)"), warning);
        assertTrue(warning.contains("LANG=C.UTF-8"), warning);
        assertEquals(1, warning.lines().count());
    }

    @Test
    void givenLcAll_whenStarting_thenTheWarningNamesIt() {
        assertTrue(FileNameEncoding.warning("ISO-8859-1", "de_DE", "C.UTF-8")
                .orElseThrow()
                .contains("LC_ALL=de_DE"));
    }

    @Test
    void givenAUtf8Locale_whenStarting_thenNothingIsSaid() {
        assertEquals(Optional.empty(), FileNameEncoding.warning("UTF-8", null, "C.UTF-8"));
    }
}
