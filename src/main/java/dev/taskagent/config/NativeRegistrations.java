package dev.taskagent.config;

import dev.langchain4j.data.image.Image;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@link Image}, kept for reflection in the native image: the AI service looks up the element type of
 * {@code TaskAgent.run}'s {@code List<Image>} parameter by name at run time. (What the tools return is registered
 * on each tool bean, so a tool's native needs live in its own package.)
 */
@RegisterForReflection(targets = {Image.class})
public final class NativeRegistrations {

    private NativeRegistrations() {}
}
