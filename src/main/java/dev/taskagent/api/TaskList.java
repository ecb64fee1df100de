package dev.taskagent.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of {@code GET /v1/tasks}: the newest tasks first, without their steps and answers. */
@RegisterForReflection
public record TaskList(List<TaskResponse> tasks) {}
