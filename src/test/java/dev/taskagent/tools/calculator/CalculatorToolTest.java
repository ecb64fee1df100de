package dev.taskagent.tools.calculator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskagent.config.TaskAgentConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CalculatorToolTest {

    @Test
    void tellsTheModelTheConfiguredExpressionLength() {
        // given
        // the service's own mapping, with the converters Quarkus registers for its durations and sizes
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TaskAgentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValue("task-agent.tools.calculator.max-expression-length", "777")
                .build();

        // when
        String guide = new CalculatorTool(config.getConfigMapping(TaskAgentConfig.class)).promptGuide();

        // then
        assertTrue(guide.startsWith("- calculator: "), guide);
        assertTrue(guide.contains("Expressions up to 777 characters"), guide);
    }
}
