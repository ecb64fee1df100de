package dev.taskagent.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A check of a {@code @QuarkusTest} class that also runs against the packaged application: an integration test that
 * re-runs such a class ({@link SmokeRerun}) runs only these, one smoke subset per area, instead of every check again.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("smoke")
public @interface Smoke {}
