package dev.taskagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OutputSchema.Limits LIMITS = new OutputSchema.Limits(16_000, 8);
    static final String SCHEMA = """
            {"type":"object","description":"a capital","properties":{
              "city":{"type":"string"},
              "population":{"type":"integer","minimum":0},
              "tags":{"type":"array","items":{"$ref":"#/$defs/tag"},"maxItems":3}},
             "required":["city","population"],"additionalProperties":false,
             "$defs":{"tag":{"type":"string","enum":["big","old"]}}}""";

    @Test
    void acceptsAMatchingValue() {
        OutputSchema schema = schema(SCHEMA);

        assertEquals(List.of(), schema.validate(json("{\"city\":\"Paris\",\"population\":2,\"tags\":[\"old\"]}")));
    }

    @Test
    void namesEachProblemWithItsPlaceInTheValue() {
        OutputSchema schema = schema(SCHEMA);

        List<String> errors = schema.validate(json("{\"city\":3,\"tags\":[\"new\"],\"extra\":true}"));

        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("city")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("population")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("tags")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("extra")), errors.toString());
    }

    @Test
    void placesAProblemOfTheWholeAnswerAtItsRoot() {
        List<String> errors = schema(SCHEMA).validate(json("{\"city\":\"Paris\",\"population\":-1}"));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("/population: ") && errors.get(0).contains("0"), errors.toString());
        List<String> missing = schema(SCHEMA).validate(json("{\"city\":\"Paris\"}"));
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith("(root): ") && missing.get(0).contains("population"), missing.toString());
    }

    @Test
    void makesTheSchemaTheParametersOfFinalAnswer() {
        ToolSpecification tool = schema(SCHEMA).toolSpecification();

        assertEquals("final_answer", tool.name());
        assertEquals(List.of("city", "population"), tool.parameters().required());
        assertEquals("a capital", tool.parameters().description());
        JsonNode population =
                json(((JsonRawSchema) tool.parameters().properties().get("population")).schema());
        assertEquals(0, population.path("minimum").asInt());
        assertTrue(tool.parameters().definitions().containsKey("tag"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"array\"}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}",
                "{\"type\":\"object\",\"patternProperties\":{\"^a\":{}}}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/s.json\"}}}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"file:///etc/passwd\"}}}",
                "{\"type\":\"object\",\"$id\":\"https://example.com/s.json\"}",
                "{\"type\":\"object\",\"$schema\":\"https://example.com/meta\"}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{\"type\":\"string\"}]}}}",
                "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{},\"then\":{}}}}",
                "{\"type\":\"object\",\"properties\":[]}"
            })
    void refusesWhatIsOutsideTheSubset(String schema) {
        OutputSchema.Unsupported e = assertThrows(OutputSchema.Unsupported.class, () -> schema(schema));

        assertTrue(e.getMessage().startsWith("'output_schema'"), e.getMessage());
    }

    @Test
    void refusesSchemasOverTheSizeAndDepthLimits() {
        String deep = "{\"type\":\"string\"}";
        for (int i = 0; i < 8; i++) {
            deep = "{\"type\":\"object\",\"properties\":{\"n\":" + deep + "}}";
        }
        String tooDeep = deep;
        assertThrows(OutputSchema.Unsupported.class, () -> schema(tooDeep));
        String big = "{\"type\":\"object\",\"description\":\"" + "x".repeat(16_000) + "\"}";
        OutputSchema.Unsupported e = assertThrows(OutputSchema.Unsupported.class, () -> schema(big));
        assertTrue(e.getMessage().contains("the limit is 16000"), e.getMessage());
    }

    @Test
    void acceptsTheDraft07SchemasZodProduces() {
        OutputSchema schema = schema("{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"ok\"],\"additionalProperties\":false,"
                + "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");

        assertEquals(1, schema.validate(json("{}")).size());
    }

    private static OutputSchema schema(String json) {
        return OutputSchema.of(json(json), LIMITS, "'output_schema'");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
