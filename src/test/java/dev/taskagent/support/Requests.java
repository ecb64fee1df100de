package dev.taskagent.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Requests many tests make the same way. */
public final class Requests {

    private Requests() {}

    /** Posts a task that must be refused as invalid (400 problem+json); the response, for checks of its detail. */
    public static ValidatableResponse refusedTask(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
    }

    /** Posts a background task that must be accepted (202); its id. */
    public static String acceptedTask(String body) {
        return acceptedTask(given(), body);
    }

    /** The same, for a request that carries more (a key). */
    public static String acceptedTask(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** Posts a task that must complete (200); the task as the API returned it. */
    public static JsonPath completedTask(String body) {
        return completedTask(given(), body);
    }

    /** The same, for a request that carries more (a key). */
    public static JsonPath completedTask(RequestSpecification request, String body) {
        return request.contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/v1/tasks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
