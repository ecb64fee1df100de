package dev.taskagent.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskagent.task.TaskSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** A background task's request as it waits in the shared queue, for whichever replica takes it. */
@RegisterForReflection
record QueuedTask(
        String input,
        List<String> tools,
        Integer maxToolCalls,
        Map<String, Integer> maxToolUses,
        List<String> fetchAllowedDomains,
        List<String> images,
        String reasoning,
        String session,
        String model,
        JsonNode outputSchema,
        long createdAtMillis) {

    static QueuedTask of(TaskSpec spec, long createdAtMillis) {
        return new QueuedTask(
                spec.input(),
                spec.tools(),
                spec.maxToolCalls(),
                spec.maxToolUses(),
                spec.fetchAllowedDomains(),
                spec.images(),
                spec.reasoning(),
                spec.session(),
                spec.model(),
                spec.outputSchema(),
                createdAtMillis);
    }

    TaskSpec spec() {
        return new TaskSpec(
                input,
                tools,
                maxToolCalls,
                maxToolUses,
                fetchAllowedDomains,
                images,
                reasoning,
                session,
                null,
                null,
                model,
                outputSchema);
    }
}
