package dev.taskagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build writes to target/task-agent: which JDK it runs, and what it says when there is none. Fake
 * JDKs (a release file and a bin/java that prints who it is and its arguments) stand in for real ones.
 */
class LauncherTest {

    private static final Path SOURCE = Path.of("src/main/launcher/task-agent");

    @TempDir
    Path dir;

    private Path app;

    @BeforeEach
    void packagedApplication() throws IOException {
        app = Files.createDirectories(dir.resolve("target/quarkus-app"));
        Files.writeString(app.resolve("quarkus-run.jar"), "");
    }

    @Test
    void theBuildWritesTheLauncherExecutableWithItsOwnJdk() throws IOException {
        Path written = Path.of("target/task-agent");

        assertTrue(Files.isExecutable(written), "target/task-agent is written by process-resources, executable");
        String text = Files.readString(written);
        assertTrue(text.contains("build_jdk='" + System.getProperty("java.home") + "'"), text);
        assertFalse(text.contains("@java.home@"), text);
    }

    @Test
    void runsTheJdkOfTheBuildWhenJavaHomeIsUnsetNotTheJavaOnPath() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Path onPath = fakeJdk("path-jdk", "25.0.1");

        Result result = launch(buildJdk, env("PATH", onPath.resolve("bin") + ":/usr/bin:/bin"), "--version");

        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("build-jdk "), result.out());
        assertTrue(
                result.out().contains("-jar " + app.toRealPath().resolve("quarkus-run.jar") + " --version"),
                result.out());
    }

    @Test
    void prefersJavaHomeWhenItIsNewEnoughAndPassesJavaOpts() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Path home = fakeJdk("home-jdk", "21.0.5");

        Result result = launch(buildJdk, env("JAVA_HOME", home.toString(), "JAVA_OPTS", "-Xmx64m"), "serve");

        assertTrue(result.out().startsWith("home-jdk "), result.out());
        assertTrue(result.out().contains("-Xmx64m -jar "), result.out());
    }

    @Test
    void fallsBackToTheBuildJdkWhenJavaHomeIsTooOld() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Path old = fakeJdk("old-jdk", "17.0.12");

        Result result = launch(buildJdk, env("JAVA_HOME", old.toString()), "serve");

        assertTrue(result.out().startsWith("build-jdk "), result.out());
    }

    @Test
    void saysWhatToDoWhenItFindsNoUsableJdk() throws Exception {
        Path old = fakeJdk("old-jdk", "17.0.12");

        Result result = launch(dir.resolve("gone-jdk"), env("JAVA_HOME", old.toString()), "serve");

        assertEquals(1, result.exit());
        assertEquals("", result.out());
        assertTrue(result.err().contains("no JDK 21 or newer found"), result.err());
        assertTrue(result.err().contains("(JDK 17)"), result.err());
        assertTrue(result.err().contains("set JAVA_HOME to a JDK 25"), result.err());
    }

    @Test
    void saysHowToBuildWhenThePackagedApplicationIsMissing() throws Exception {
        Files.delete(app.resolve("quarkus-run.jar"));

        Result result = launch(fakeJdk("build-jdk", "25.0.1"), env(), "serve");

        assertEquals(1, result.exit());
        assertTrue(result.err().contains("./mvnw -B package -DskipTests"), result.err());
    }

    @Test
    void usesTheAotCacheOnlyWithTheJdkThatRecordedItAndNoOlderThanTheJar() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Path aot = app.resolve("app.aot");
        Files.writeString(aot, "");
        Files.writeString(app.resolve("app.aot.jdk"), buildJdk.toRealPath() + "\n");
        Files.setLastModifiedTime(
                app.resolve("quarkus-run.jar"), FileTime.from(Instant.now().minusSeconds(60)));

        assertTrue(launch(buildJdk, env(), "serve")
                .out()
                .contains("-XX:AOTCache=" + app.toRealPath().resolve("app.aot")));
        Path other = fakeJdk("other-jdk", "25.0.1");
        assertFalse(launch(buildJdk, env("JAVA_HOME", other.toString()), "serve")
                .out()
                .contains("AOTCache"));

        Files.setLastModifiedTime(aot, FileTime.from(Instant.now().minusSeconds(120)));
        assertFalse(launch(buildJdk, env(), "serve").out().contains("AOTCache"), "a stale cache is left out");
    }

    @Test
    void leavesOutACacheRecordedByAnotherJdkEvenWhenTheBuildJdkRuns() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Files.writeString(app.resolve("app.aot"), "");
        Files.writeString(app.resolve("app.aot.jdk"), "/opt/some-other-jdk\n");

        assertFalse(launch(buildJdk, env(), "serve").out().contains("AOTCache"));
    }

    @Test
    void recordsTheCacheForTheJdkItRunsWhenAskedTo() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");
        Files.writeString(app.resolve("app.aot"), "an old cache");

        String out =
                launch(buildJdk, env("TASK_AGENT_AOT_RECORD", "true"), "serve").out();

        assertTrue(out.contains("-XX:AOTCacheOutput=" + app.toRealPath().resolve("app.aot")), out);
        assertFalse(Files.exists(app.resolve("app.aot")), "the old cache is removed before recording");
        assertEquals(buildJdk.toRealPath() + "\n", Files.readString(app.resolve("app.aot.jdk")));
    }

    @Test
    void runsWithTheRecommendedJvmOptionsUnlessJavaOptsIsSet() throws Exception {
        Path buildJdk = fakeJdk("build-jdk", "25.0.1");

        assertTrue(launch(buildJdk, env(), "serve").out().contains("-XX:+UseSerialGC -Xms16m"));
        String custom =
                launch(buildJdk, env("JAVA_OPTS", "-XX:+UseG1GC"), "serve").out();
        assertTrue(custom.contains("-XX:+UseG1GC") && !custom.contains("UseSerialGC"), custom);
    }

    private record Result(int exit, String out, String err) {}

    private Result launch(Path buildJdk, Map<String, String> env, String... arguments) throws Exception {
        Path launcher = dir.resolve("target/task-agent");
        Files.writeString(launcher, Files.readString(SOURCE).replace("@java.home@", buildJdk.toString()));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(launcher.toString());
        builder.command().addAll(java.util.List.of(arguments));
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = process.waitFor();
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    /** A JDK directory whose java prints its name and its arguments. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"" + name + " $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
