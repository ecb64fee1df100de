package dev.taskagent.limits;

import dev.taskagent.config.TaskAgentConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Caps request bodies that come without a Content-Length (chunked): the body is counted as the endpoint reads it,
 * and reading past {@code task-agent.limits.max-body-size} fails with {@link BodyTooLarge}, a 413 problem. Bodies
 * with a length are refused earlier, by {@link RequestLimitsFilter}, without being read.
 */
public class BodySizeLimit {

    private final long maxBodyBytes;

    public BodySizeLimit(TaskAgentConfig config) {
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
    }

    @ServerRequestFilter
    public void bound(ContainerRequestContext request) {
        if (request.getLength() < 0 && request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream(), maxBodyBytes));
        }
    }

    /** The body went over the cap while it was read. */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long max) {
            super(RequestLimitsFilter.tooLarge(max), null, false, false);
        }
    }

    static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new BodyTooLarge(max);
            }
        }
    }
}
