package dev.taskagent.tools.calculator;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.taskagent.config.TaskAgentConfig;
import dev.taskagent.tools.AgentTool;
import dev.taskagent.tools.ToolFailure;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code calculator} tool: exact arithmetic for the model, over {@link Calculator}. */
// What its @Tool methods return, kept for reflection in the native image (the model client writes it as JSON)
@RegisterForReflection(targets = {Calculation.class})
@ApplicationScoped
public class CalculatorTool implements AgentTool {

    private final Calculator calculator;
    private final int maxUses;
    private final int maxExpressionLength;

    public CalculatorTool(TaskAgentConfig config) {
        TaskAgentConfig.Calculator limits = config.tools().calculator();
        this.calculator = new Calculator(new CalculatorLimits(
                limits.maxExpressionLength(),
                limits.maxExponent(),
                limits.maxFactorial(),
                limits.maxResultDigits(),
                limits.timeout()));
        this.maxUses = limits.maxUses();
        this.maxExpressionLength = limits.maxExpressionLength();
    }

    @Override
    public String promptGuide() {
        return "- calculator: evaluates one arithmetic expression exactly (BigDecimal). Use it for every computation"
                + " instead of calculating in your head. Expressions up to " + maxExpressionLength
                + " characters; exponents, factorials and result sizes are bounded.";
    }

    @Override
    public String name() {
        return "calculator";
    }

    @Override
    public String summary() {
        return "Exact arithmetic (BigDecimal): operators, functions and constants, bounded against huge results.";
    }

    @Override
    public int maxUses() {
        return maxUses;
    }

    @Tool(name = "calculator", value = """
            Evaluate one arithmetic expression exactly and return its value. \
            Supports + - * / % ^ and parentheses; sqrt, pow, exp, log and ln (natural), log10, \
            sin cos tan asin acos atan (radians), min, max, abs, round(x, decimals), floor, ceil, fact; \
            constants pi and e. Write every multiplication with * (2*pi, not 2pi); factorial is fact(n). \
            At most 1000 characters; huge powers, factorials and results are refused.""")
    public Calculation calculate(
            @P(value = "the expression, for example (1234 * 5678) / 2 or sqrt(2) + pi", required = true)
                    String expression) {
        try {
            return calculator.evaluate(expression);
        } catch (CalculationException e) {
            throw new ToolFailure(e.getMessage());
        }
    }
}
