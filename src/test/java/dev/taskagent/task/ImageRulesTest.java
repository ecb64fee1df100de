package dev.taskagent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.agent.ImageInput;
import dev.taskagent.config.TaskAgentConfig;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRulesTest {

    static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    final ImageRules rules = new ImageRules(new TaskAgentConfig.Images() {
        @Override
        public int maxCount() {
            return 2;
        }

        @Override
        public int maxBytes() {
            return 100;
        }

        @Override
        public List<String> allowedTypes() {
            return List.of("image/png", "image/jpeg", "image/gif", "image/webp");
        }

        @Override
        public int maxUrlLength() {
            return 60;
        }
    });

    @Test
    void acceptsHttpsUrlsAndInlineImagesOfTheirDeclaredType() {
        List<ImageInput> images = rules.check(List.of("https://example.com/a.png", "data:image/png;base64," + PNG));

        assertEquals("https://example.com/a.png", images.get(0).url());
        assertNull(images.get(1).url());
        assertEquals("image/png", images.get(1).mimeType());
        assertEquals(PNG, images.get(1).base64Data());
    }

    @Test
    void acceptsNoImages() {
        assertEquals(List.of(), rules.check(null));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "file:///etc/passwd                         | must be an http(s) URL",
                "ftp://example.com/a.png                    | must be an http(s) URL",
                "https://                                   | is not a valid URL",
                "'   '                                      | is empty",
                "data:image/png,iVBORw0KGgo=                | must be a base64 data URL",
                "data:image/svg+xml;base64,PHN2Zz4=         | has type 'image/svg+xml'",
                "data:image/png;base64,not*base64           | is not valid base64",
                "data:image/jpeg;base64,iVBORw0KGgoAAAA=     | says image/jpeg but its bytes are not",
            })
    void refusesImagesWithAClearReason(String image, String reason) {
        TaskFailure.InvalidTask e = assertThrows(TaskFailure.InvalidTask.class, () -> rules.check(List.of(image)));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void refusesMoreImagesThanAllowed() {
        TaskFailure.InvalidTask e = assertThrows(
                TaskFailure.InvalidTask.class, () -> rules.check(Collections.nCopies(3, "https://example.com/a.png")));

        assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    }

    @Test
    void refusesInlineImagesOverTheSizeLimit() {
        byte[] big = new byte[101];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        String image = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(big);

        TaskFailure.InvalidTask e = assertThrows(TaskFailure.InvalidTask.class, () -> rules.check(List.of(image)));

        assertTrue(e.getMessage().contains("the limit is 100 bytes"), e.getMessage());
    }

    @Test
    void refusesUrlsOverTheLengthLimit() {
        String url = "https://example.com/" + "a".repeat(50);

        TaskFailure.InvalidTask e = assertThrows(TaskFailure.InvalidTask.class, () -> rules.check(List.of(url)));

        assertTrue(e.getMessage().contains("the limit is 60"), e.getMessage());
    }

    @Test
    void knowsWebpByItsRiffHeader() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        ImageInput image = rules.check(
                        List.of("data:image/webp;base64," + Base64.getEncoder().encodeToString(webp)))
                .getFirst();

        assertEquals("image/webp", image.mimeType());
    }
}
