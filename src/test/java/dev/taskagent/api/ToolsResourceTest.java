package dev.taskagent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import dev.taskagent.support.OpenAiMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(OpenAiMockResource.class)
class ToolsResourceTest {

    @Test
    void listsEveryToolWithItsFunctionsAndSchemas() {
        given().when()
                .get("/v1/tools")
                .then()
                .statusCode(200)
                .body("tools.name", contains("calculator", "file_search", "http_fetch"))
                .body("tools.find { it.name == 'calculator' }.enabled", equalTo(true))
                .body("tools.find { it.name == 'calculator' }.disabled_reason", nullValue())
                .body("tools.find { it.name == 'calculator' }.functions[0].name", equalTo("calculator"))
                .body("tools.find { it.name == 'calculator' }.functions[0].parameters.type", equalTo("object"))
                .body(
                        "tools.find { it.name == 'calculator' }.functions[0].parameters.properties.expression.type",
                        equalTo("string"))
                // quarkus-langchain4j only marks a parameter required when @P says so explicitly
                .body("tools.find { it.name == 'calculator' }.functions[0].parameters.required", contains("expression"))
                .body(
                        "tools.find { it.name == 'file_search' }.functions.find { it.name == 'search_files' }"
                                + ".parameters.required",
                        contains("pattern"))
                .body("tools.find { it.name == 'http_fetch' }.functions[0].parameters.required", contains("url"))
                .body("tools.find { it.name == 'file_search' }.enabled", equalTo(true))
                .body(
                        "tools.find { it.name == 'file_search' }.functions.name",
                        hasItems("find_files", "search_files", "read_file"))
                .body(
                        "tools.find { it.name == 'http_fetch' }.functions[0].parameters.properties.url.type",
                        equalTo("string"));
    }
}
