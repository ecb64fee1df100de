package dev.taskagent.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test that extends a {@code @QuarkusTest} class to run it against the packaged application: failsafe
 * runs only its {@link Smoke} checks (tag expression {@code smoke | !rerun}, pom.xml), since the class already ran all
 * of them in-process. Integration tests of their own carry no such tag and run whole.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("rerun")
public @interface SmokeRerun {}
