package dev.taskagent.api;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code GET /v1/tasks}: the newest tasks first, without their steps and answers. */
@RegisterForReflection
public record TaskList(List<TaskResponse> tasks) {
}
