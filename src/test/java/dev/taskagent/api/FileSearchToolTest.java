package dev.taskagent.api;

import static dev.taskagent.support.OpenAiMock.answer;
import static dev.taskagent.support.OpenAiMock.toolCall;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskagent.support.InjectOpenAiMock;
import dev.taskagent.support.OpenAiMock;
import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** file_search end to end over the fixture workspace in src/test/resources/workspace. */
@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class FileSearchToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOpenAiMock
    OpenAiMock model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void searchesFilesAndSendsRealMatchesToModel() throws Exception {
        model.replies(
                toolCall("call_1", "search_files", "{\"pattern\":\"8080\",\"glob\":\"*.md\"}"),
                answer("It listens on port 8080."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"Which port does the service use?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].tool", equalTo("search_files"))
                .body("steps[0].error", nullValue());

        JsonNode sent = JSON.readTree(model.lastMessage(1).path("content").asText());
        JsonNode matches = sent.path("matches");
        assertEquals(2, matches.size(), sent.toString());
        assertEquals("docs/faq.md", matches.get(0).path("path").asText());
        assertEquals(4, matches.get(0).path("line").asInt());
        assertEquals("docs/guide.md", matches.get(1).path("path").asText());
        assertEquals(3, matches.get(1).path("line").asInt());
        assertTrue(matches.get(1).path("text").asText().contains("listens on port 8080"));
    }

    @Test
    void honoursGitignoreInSearches() throws Exception {
        model.replies(toolCall("call_1", "search_files", "{\"pattern\":\"port 8080\"}"), answer("ok"));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"find port 8080\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200);

        String sent = model.lastMessage(1).path("content").asText();
        assertTrue(sent.contains("src/app/Main.java"), sent);
        assertFalse(sent.contains("ignored/notes.txt"), "gitignored files are skipped: " + sent);
    }

    @Test
    void findsFilesByGlob() throws Exception {
        model.replies(
                toolCall("call_1", "find_files", "{\"glob\":\"**/*.java\",\"order\":\"path\"}"),
                answer("There is one Java file."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"list java files\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].error", nullValue());

        JsonNode sent = JSON.readTree(model.lastMessage(1).path("content").asText());
        assertEquals(1, sent.path("files").size(), sent.toString());
        assertEquals("src/app/Main.java", sent.path("files").get(0).path("path").asText());
    }

    @Test
    void readsLinesOfAFile() throws Exception {
        model.replies(
                toolCall("call_1", "read_file", "{\"path\":\"docs/guide.md\",\"startLine\":3,\"lineCount\":2}"),
                answer("Release 4.2 is planned for 12 March."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"when is release 4.2?\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps[0].error", nullValue());

        String sent = model.lastMessage(1).path("content").asText();
        assertTrue(sent.contains("Release 4.2 is planned for 12 March."), sent);
    }

    @Test
    void refusesPathOutsideWorkspace() {
        model.replies(
                toolCall("call_1", "read_file", "{\"path\":\"../../../../etc/passwd\"}"),
                answer("I cannot read that."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"show /etc/passwd\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("steps", hasSize(1))
                .body("steps[0].error", containsString("outside the workspace"))
                .body("steps[0].result", nullValue())
                .body(not(containsString("root:x:0:0")));
    }

    @Test
    void givenARegexTooComplexToCompileWhenSearchedThenTheModelGetsAToolErrorAndTheTaskEnds() {
        model.replies(
                toolCall("call_1", "search_files", "{\"pattern\":\"((a{1000}){1000}){1000}\",\"regex\":true}"),
                answer("That pattern is too complex."));

        given().contentType(ContentType.JSON)
                .body("{\"input\":\"search for a lot of a\"}")
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("steps[0].tool", equalTo("search_files"))
                .body("steps[0].error", containsString("pattern too complex"));

        assertTrue(
                model.lastMessage(1).path("content").asText().contains("pattern too complex"),
                model.lastMessage(1).toString());
    }
}
