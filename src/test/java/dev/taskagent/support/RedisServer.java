package dev.taskagent.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's; {@code .ci/run} installs it) on a free loopback port, in memory only. It can
 * be stopped and started again on the same port, to test what the service does while Redis is away.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port and waits until it accepts connections. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(freePort());
        server.startAgain();
        return server;
    }

    /** A port where nothing listens (yet), for a Redis that is down from the start. */
    public static RedisServer notStarted() {
        return new RedisServer(freePort());
    }

    public int port() {
        return port;
    }

    /** The address as {@code quarkus.redis.hosts} takes it. */
    public String url() {
        return "redis://localhost:" + port;
    }

    /** Starts the server (again) on its port. */
    public void startAgain() {
        try {
            Path dir = Files.createTempDirectory("redis-test");
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not start (is it installed? .ci/run installs it)", e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 20 s");
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a network partition. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused server answer again (SIGCONT), its data intact. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Kills the server; its data is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
