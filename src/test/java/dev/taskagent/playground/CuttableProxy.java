package dev.taskagent.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A TCP proxy on a free loopback port in front of the service, so a browser test can break every open connection at
 * once — as a dropped network would — and see what the client sent when it came back.
 */
final class CuttableProxy implements AutoCloseable {

    private static final int CAPTURED = 64 * 1024;
    private static final Pattern REQUEST_HEAD = Pattern.compile("(?m)^[A-Z]+ /\\S* HTTP/1\\.1\r\n(?:.+\r\n)*\r\n");

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<StringBuilder> requests = new CopyOnWriteArrayList<>();

    CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection open now; new ones are still accepted. */
    void cutAll() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        open.clear();
    }

    /**
     * The request line and headers of each request clients sent, connection by connection in the order they were
     * opened (a browser sends several requests on one connection); from the first 64 KiB of each connection.
     */
    List<String> requestHeads() {
        return requests.stream()
                .flatMap(sent -> REQUEST_HEAD.matcher(sent).results().map(MatchResult::group))
                .toList();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                StringBuilder head = new StringBuilder();
                requests.add(head);
                Thread.ofVirtual().start(() -> pump(client, server, head));
                Thread.ofVirtual().start(() -> pump(server, client, null));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, StringBuilder head) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (head != null && head.length() < CAPTURED) {
                    head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the connection was cut or closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
