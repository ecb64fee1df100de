package dev.taskagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema a task's answer must match: the subset of draft 2020-12 that models handle (objects, properties,
 * required, enums, arrays, nested objects, descriptions, simple bounds, local {@code $defs} references), within size
 * and depth limits. The model delivers its answer by calling {@value #TOOL} with the answer as arguments — the one
 * channel every OpenAI-compatible endpoint forwards (Puter drops {@code response_format} but keeps tools) — and the
 * answer is checked here with networknt's validator.
 * <p>
 * Everything outside the subset is refused, among it {@code pattern} (a regular expression of the client's, run
 * against the model's text) and any {@code $ref} or {@code $schema} that would make the validator load a document
 * from elsewhere.
 */
public final class OutputSchema {

    /** Name of the function through which the model gives its typed answer. */
    public static final String TOOL = "final_answer";

    /** The dialects a schema may name in {@code $schema}; both are built into the validator, nothing is fetched. */
    static final Set<String> DIALECTS =
            Set.of("https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#");

    private static final Set<String> KEYWORDS = Set.of(
            "type",
            "properties",
            "required",
            "enum",
            "const",
            "items",
            "prefixItems",
            "additionalProperties",
            "description",
            "title",
            "default",
            "examples",
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "anyOf",
            "$defs",
            "definitions",
            "$ref",
            "$schema");
    private static final Set<String> TYPES =
            Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** Bounds on what a client may send. */
    public record Limits(int maxChars, int maxDepth) {}

    /** The schema is not one the service accepts; the message says why, for the client. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonNode json;
    private final Schema schema;

    private OutputSchema(JsonNode json) {
        this.json = json;
        this.schema = REGISTRY.getSchema(json.toString(), InputFormat.JSON);
    }

    /**
     * Checks {@code json} against the supported subset and the limits; {@code name} is how the client's request calls
     * it, for messages ({@code 'output_schema'}).
     */
    public static OutputSchema of(JsonNode json, Limits limits, String name) {
        if (json == null || !json.isObject()) {
            throw new Unsupported(name + " must be a JSON Schema object");
        }
        int chars = json.toString().length();
        if (chars > limits.maxChars()) {
            throw new Unsupported(name + " has " + chars + " characters of JSON; the limit is " + limits.maxChars());
        }
        if (!json.path("type").asText("").equals("object")) {
            throw new Unsupported(name + " must describe an object (\"type\": \"object\" at its root): the model "
                    + "gives its answer as the arguments of a function call, which are always an object");
        }
        new Checker(name, limits.maxDepth()).check(json, "", 1);
        try {
            return new OutputSchema(json.deepCopy());
        } catch (RuntimeException invalid) {
            throw new Unsupported(name + " is not a valid JSON Schema: " + invalid.getMessage());
        }
    }

    public JsonNode json() {
        return json;
    }

    /**
     * Why {@code value} does not match, one line per problem, each with the place in the value (a JSON pointer, or
     * {@code (root)} for the value as a whole); empty when it does.
     */
    public List<String> validate(JsonNode value) {
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(value.toString(), InputFormat.JSON)) {
            String where = error.getInstanceLocation().toString();
            problems.add((where.isEmpty() ? "(root)" : where) + ": " + error.getMessage());
        }
        return problems;
    }

    /** The function the model calls with its answer; its parameters are this schema. */
    public ToolSpecification toolSpecification() {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        json.path("properties")
                .properties()
                .forEach(property -> parameters.addProperty(property.getKey(), raw(property.getValue())));
        List<String> required = new ArrayList<>();
        json.path("required").forEach(name -> required.add(name.asText()));
        parameters.required(required);
        if (json.has("description")) {
            parameters.description(json.get("description").asText());
        }
        if (json.path("additionalProperties").isBoolean()) {
            parameters.additionalProperties(json.get("additionalProperties").asBoolean());
        }
        Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
        for (String defs : List.of("$defs", "definitions")) {
            json.path(defs).properties().forEach(d -> definitions.put(d.getKey(), raw(d.getValue())));
        }
        if (!definitions.isEmpty()) {
            parameters.definitions(definitions);
        }
        return ToolSpecification.builder()
                .name(TOOL)
                .description("Give your final answer by calling this function once, at the end, with the answer as "
                        + "its arguments; they must match its parameters exactly. Do not write the answer as text.")
                .parameters(parameters.build())
                .build();
    }

    private static JsonRawSchema raw(JsonNode schema) {
        return JsonRawSchema.from(schema.toString());
    }

    /** Walks the schema, refusing what is outside the subset. */
    private record Checker(String name, int maxDepth) {

        void check(JsonNode node, String at, int depth) {
            if (node.isBoolean()) {
                return;
            }
            if (!node.isObject()) {
                throw refuse(at, "a schema must be an object");
            }
            if (depth > maxDepth) {
                throw new Unsupported(
                        name + " nests schemas deeper than " + maxDepth + " levels (at " + where(at) + ")");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String keyword = member.getKey();
                JsonNode value = member.getValue();
                String path = at + "/" + keyword;
                if (!KEYWORDS.contains(keyword)) {
                    throw refuse(path, "'" + keyword + "' is not supported; use " + String.join(", ", sorted()));
                }
                switch (keyword) {
                    case "properties", "$defs", "definitions" -> {
                        if (!value.isObject()) {
                            throw refuse(path, "'" + keyword + "' must be an object of schemas");
                        }
                        value.properties().forEach(p -> check(p.getValue(), path + "/" + p.getKey(), depth + 1));
                    }
                    case "items", "additionalProperties" -> check(value, path, depth + 1);
                    case "anyOf", "prefixItems" -> {
                        if (!value.isArray() || value.isEmpty()) {
                            throw refuse(path, "'" + keyword + "' must be a non-empty array of schemas");
                        }
                        for (int i = 0; i < value.size(); i++) {
                            check(value.get(i), path + "/" + i, depth + 1);
                        }
                    }
                    case "type" -> checkType(value, path);
                    case "required" -> {
                        if (!value.isArray()) {
                            throw refuse(path, "'required' must be an array of property names");
                        }
                    }
                    case "$ref" -> {
                        String ref = value.asText("");
                        if (!ref.startsWith("#/$defs/") && !ref.startsWith("#/definitions/")) {
                            throw refuse(path, "'$ref' may only point into this schema's own $defs (#/$defs/...)");
                        }
                    }
                    case "$schema" -> {
                        if (!DIALECTS.contains(value.asText(""))) {
                            throw refuse(path, "'$schema' may only be one of " + String.join(", ", DIALECTS));
                        }
                    }
                    default -> {
                        // annotations and bounds: the validator checks their values
                    }
                }
            }
        }

        private void checkType(JsonNode type, String path) {
            List<JsonNode> types = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(types::add);
            } else {
                types.add(type);
            }
            for (JsonNode t : types) {
                if (!TYPES.contains(t.asText(""))) {
                    throw refuse(
                            path,
                            "'type' must be one of "
                                    + String.join(", ", TYPES.stream().sorted().toList()));
                }
            }
        }

        private Unsupported refuse(String at, String why) {
            return new Unsupported(name + " is not supported at " + where(at) + ": " + why);
        }

        private static String where(String at) {
            return at.isEmpty() ? "its root" : at;
        }

        private static List<String> sorted() {
            return KEYWORDS.stream().sorted().toList();
        }
    }
}
