package dev.taskagent.security;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request: the label of the API key it carried, or {@code anonymous} when authentication is off. Limits
 * are kept per caller. Never holds the key itself.
 */
public record Caller(String id) {

    public static final Caller ANONYMOUS = new Caller("anonymous");

    private static final String KEY = "task-agent.caller";

    /** The caller the authentication filter recognised for this request. */
    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx == null ? null : ctx.get(KEY);
        return caller == null ? ANONYMOUS : caller;
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(KEY, this);
    }
}
