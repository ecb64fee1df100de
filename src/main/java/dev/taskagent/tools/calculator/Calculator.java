package dev.taskagent.tools.calculator;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.config.FunctionDictionaryIfc;
import com.ezylang.evalex.config.MapBasedFunctionDictionary;
import com.ezylang.evalex.config.MapBasedOperatorDictionary;
import com.ezylang.evalex.config.OperatorDictionaryIfc;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.functions.FunctionIfc;
import com.ezylang.evalex.functions.FunctionParameterDefinition;
import com.ezylang.evalex.operators.OperatorIfc;
import com.ezylang.evalex.operators.booleans.InfixAndOperator;
import com.ezylang.evalex.operators.booleans.InfixOrOperator;
import com.ezylang.evalex.operators.booleans.PrefixNotOperator;
import com.ezylang.evalex.parser.ASTNode;
import com.ezylang.evalex.parser.ParseException;
import com.ezylang.evalex.parser.Token;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Evaluates one arithmetic expression exactly with BigDecimal; EvalEx only parses, every operator and function is
 * replaced by a bounded implementation in {@link Arithmetic}.
 *
 * <p>Semantics: {@code + - * / % ^}, parentheses, unary minus and comparisons; {@code × · ÷ −} and {@code **} are
 * accepted. {@code ^} is right-associative and binds tighter than unary minus ({@code -2^2 = -4},
 * {@code 2^3^2 = 512}); {@code %} keeps the dividend's sign. Functions (any letter case): sqrt, pow, exp, log and ln
 * (natural), log10, sin cos tan asin acos atan in radians (EvalEx's own SIN etc. use degrees and are not
 * registered), min, max, abs, round(x[, decimals]) half away from zero, floor, ceil, fact/factorial; constants pi
 * (π) and e. Integers stay exact; inexact values carry 80 digits and are shown with 64. Implicit multiplication
 * such as {@code 2(3)} or {@code 2pi} is a syntax error, so an expression never means something unintended.
 */
public final class Calculator {

    private static final Map<String, String> FRIENDLY_SYNTAX_MESSAGES = Map.of(
            "Closing brace not found", "missing closing parenthesis",
            "Unexpected closing brace", "unexpected closing parenthesis",
            "Empty expression", "empty expression",
            "Too many operands", "missing operator between operands",
            "Undefined operator '!'", "undefined operator '!', write fact(n) for a factorial");

    // Whole-expression problems: EvalEx passes the entire text as the "token", so a position would mislead.
    private static final Set<String> WHOLE_EXPRESSION_MESSAGES =
            Set.of("Closing brace not found", "Closing array not found", "Empty expression", "Too many operands");

    private static final Map<String, FunctionSpec> FUNCTIONS = functionSpecs();

    private static final Map<String, EvaluationValue> CONSTANTS = constants();

    private final CalculatorLimits limits;
    private final Executor evaluator;

    /** Creates a calculator bounded by the given limits; instances are thread-safe. */
    public Calculator(CalculatorLimits limits) {
        this(limits, work -> Thread.ofVirtual().name("calculator").start(work));
    }

    /** @param evaluator runs each evaluation on a thread of its own, so a runaway one can be abandoned */
    Calculator(CalculatorLimits limits, Executor evaluator) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    }

    /**
     * Evaluates the expression, or throws {@link CalculationException} with a short reason. The time limit counts
     * from the moment the evaluation starts running, not from when it was handed over: on a busy machine its thread
     * may wait for a while before it runs, and that wait says nothing about the expression.
     */
    public Calculation evaluate(String expression) {
        String text = normalise(expression);
        CountDownLatch running = new CountDownLatch(1);
        FutureTask<String> task = new FutureTask<>(() -> {
            running.countDown();
            return evaluateNow(text, System.nanoTime() + timeoutNanos());
        });
        evaluator.execute(task);
        try {
            running.await();
            return new Calculation(expression, task.get(timeoutNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new CalculationException("evaluation took longer than " + describe(limits.timeout()));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new CalculationException("evaluation was interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private String normalise(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new CalculationException("empty expression");
        }
        if (expression.length() > limits.maxExpressionLength()) {
            throw new CalculationException("expression longer than " + limits.maxExpressionLength() + " characters");
        }
        // Replacements keep the length so that error positions still point into the caller's text.
        StringBuilder text = new StringBuilder(expression.length());
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            text.append(
                    switch (c) {
                        case '×', '·', '⋅', '∗' -> '*';
                        case '÷', '∕' -> '/';
                        case '−', '–' -> '-';
                        default -> Character.isSpaceChar(c) ? ' ' : c;
                    });
        }
        return text.toString().replace("**", "^ ");
    }

    private String evaluateNow(String text, long deadlineNanos) throws EvaluationException {
        // Operators and functions are bound to a fresh Arithmetic because it records whether anything was rounded.
        Arithmetic arithmetic = new Arithmetic(limits, deadlineNanos);
        Expression expression = new Expression(text, configuration(arithmetic));
        ASTNode root;
        try {
            root = expression.getAbstractSyntaxTree();
        } catch (ParseException e) {
            throw syntaxError(e);
        }
        validate(root, arithmetic);
        EvaluationValue value;
        try {
            value = expression.evaluate();
        } catch (ParseException e) {
            throw syntaxError(e);
        }
        if (value.isBooleanValue()) {
            return value.getBooleanValue() ? "true" : "false";
        }
        if (!value.isNumberValue()) {
            throw new CalculationException("result is not a number");
        }
        return arithmetic.format(value.getNumberValue());
    }

    private static ExpressionConfiguration configuration(Arithmetic arithmetic) {
        return ExpressionConfiguration.builder()
                .mathContext(arithmetic.literalContext())
                .operatorDictionary(operators(arithmetic))
                .functionDictionary(functionDictionary(arithmetic))
                .defaultConstants(CONSTANTS)
                .arraysAllowed(false)
                .structuresAllowed(false)
                .implicitMultiplicationAllowed(false)
                .singleQuoteStringLiteralsAllowed(false)
                .allowOverwriteConstants(false)
                .stripTrailingZeros(false)
                .build();
    }

    /** Checks literals, names and argument counts before any arithmetic runs, to report them precisely. */
    private static void validate(ASTNode root, Arithmetic arithmetic) {
        Deque<ASTNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            ASTNode node = pending.pop();
            Token token = node.getToken();
            switch (token.getType()) {
                case NUMBER_LITERAL -> arithmetic.literal(token.getValue());
                case STRING_LITERAL ->
                    throw new CalculationException("syntax error at position " + token.getStartPosition()
                            + ": text in quotes is not supported");
                case VARIABLE_OR_CONSTANT -> {
                    EvaluationValue constant = CONSTANTS.get(token.getValue());
                    if (constant == null) {
                        throw unknownName(token.getValue());
                    }
                    if (constant.isNumberValue()) {
                        // pi and e are rounded, so any result using them is shown rounded too.
                        arithmetic.markInexact();
                    }
                }
                case FUNCTION -> {
                    FunctionSpec spec = FUNCTIONS.get(token.getValue());
                    int count = node.getParameters().size();
                    if (spec != null && (count < spec.minArgs() || (spec.maxArgs() >= 0 && count > spec.maxArgs()))) {
                        throw new CalculationException(spec.arity(token.getValue()));
                    }
                }
                default -> {
                    // Operators need no checks of their own; their operands are visited below.
                }
            }
            node.getParameters().forEach(pending::push);
        }
    }

    private static CalculationException unknownName(String name) {
        if (FUNCTIONS.containsKey(name)) {
            return new CalculationException(name + " is a function, write " + name + "(...)");
        }
        return new CalculationException("unknown variable " + Arithmetic.excerpt(name));
    }

    private static CalculationException syntaxError(ParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String token = e.getTokenString();
        if (message.startsWith("Undefined function")) {
            return new CalculationException("unknown function " + Arithmetic.excerpt(token));
        }
        if (message.startsWith("Not enough parameters") || message.startsWith("Too many parameters")) {
            FunctionSpec spec = FUNCTIONS.get(token);
            if (spec != null) {
                return new CalculationException(spec.arity(token));
            }
        }
        String friendly = FRIENDLY_SYNTAX_MESSAGES.getOrDefault(message, lowerFirst(message));
        if (WHOLE_EXPRESSION_MESSAGES.contains(message) || e.getStartPosition() < 1) {
            return new CalculationException("syntax error: " + friendly);
        }
        return new CalculationException("syntax error at position " + e.getStartPosition() + ": " + friendly);
    }

    private static CalculationException translate(Throwable failure) {
        if (failure instanceof CalculationException calculation) {
            return calculation;
        }
        if (failure instanceof EvaluationException evaluation) {
            String message = evaluation.getMessage() == null ? "" : evaluation.getMessage();
            if (message.startsWith("Max recursion depth")) {
                return new CalculationException("expression is nested too deeply");
            }
            return new CalculationException(lowerFirst(message));
        }
        if (failure instanceof StackOverflowError) {
            return new CalculationException("expression is nested too deeply");
        }
        if (failure instanceof ArithmeticException) {
            return new CalculationException("number out of range");
        }
        return new CalculationException("the expression could not be evaluated");
    }

    private long timeoutNanos() {
        try {
            return limits.timeout().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Renders a timeout for messages: whole seconds as "2 s", anything else in milliseconds. */
    static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        if (millis >= 1000 && millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return Math.max(millis, 1) + " ms";
    }

    private static String lowerFirst(String message) {
        if (message.isEmpty()) {
            return "invalid expression";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static Map<String, EvaluationValue> constants() {
        Map<String, EvaluationValue> constants = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        constants.put("pi", EvaluationValue.numberValue(Arithmetic.pi()));
        constants.put("π", EvaluationValue.numberValue(Arithmetic.pi()));
        constants.put("e", EvaluationValue.numberValue(Arithmetic.e()));
        constants.put("true", EvaluationValue.booleanValue(true));
        constants.put("false", EvaluationValue.booleanValue(false));
        return Collections.unmodifiableMap(constants);
    }

    @SuppressWarnings("unchecked")
    private static OperatorDictionaryIfc operators(Arithmetic a) {
        return MapBasedOperatorDictionary.ofOperators(
                Map.entry("+", new Prefix("+", UnaryOperator.identity())),
                Map.entry("-", new Prefix("-", a::negate)),
                Map.entry("+", new Infix("+", OperatorIfc.OPERATOR_PRECEDENCE_ADDITIVE, true, a::add)),
                Map.entry("-", new Infix("-", OperatorIfc.OPERATOR_PRECEDENCE_ADDITIVE, true, a::subtract)),
                Map.entry("*", new Infix("*", OperatorIfc.OPERATOR_PRECEDENCE_MULTIPLICATIVE, true, a::multiply)),
                Map.entry("/", new Infix("/", OperatorIfc.OPERATOR_PRECEDENCE_MULTIPLICATIVE, true, a::divide)),
                Map.entry("%", new Infix("%", OperatorIfc.OPERATOR_PRECEDENCE_MULTIPLICATIVE, true, a::remainder)),
                Map.entry("^", new Infix("^", OperatorIfc.OPERATOR_PRECEDENCE_POWER_HIGHER, false, a::power)),
                Map.entry("=", new Relation("=", true, a, c -> c == 0)),
                Map.entry("==", new Relation("==", true, a, c -> c == 0)),
                Map.entry("!=", new Relation("!=", true, a, c -> c != 0)),
                Map.entry("<>", new Relation("<>", true, a, c -> c != 0)),
                Map.entry(">", new Relation(">", false, a, c -> c > 0)),
                Map.entry(">=", new Relation(">=", false, a, c -> c >= 0)),
                Map.entry("<", new Relation("<", false, a, c -> c < 0)),
                Map.entry("<=", new Relation("<=", false, a, c -> c <= 0)),
                Map.entry("&&", new InfixAndOperator()),
                Map.entry("||", new InfixOrOperator()),
                Map.entry("!", new PrefixNotOperator()));
    }

    private static Map<String, FunctionSpec> functionSpecs() {
        Map<String, FunctionSpec> specs = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        specs.put("sqrt", FunctionSpec.unary(Arithmetic::sqrt));
        specs.put("pow", new FunctionSpec(2, 2, (a, args) -> a.power(args.get(0), args.get(1))));
        specs.put("exp", FunctionSpec.unary(Arithmetic::exp));
        specs.put("log", FunctionSpec.unary(Arithmetic::ln));
        specs.put("ln", FunctionSpec.unary(Arithmetic::ln));
        specs.put("log10", FunctionSpec.unary(Arithmetic::log10));
        specs.put("sin", FunctionSpec.unary(Arithmetic::sin));
        specs.put("cos", FunctionSpec.unary(Arithmetic::cos));
        specs.put("tan", FunctionSpec.unary(Arithmetic::tan));
        specs.put("asin", FunctionSpec.unary(Arithmetic::asin));
        specs.put("acos", FunctionSpec.unary(Arithmetic::acos));
        specs.put("atan", FunctionSpec.unary(Arithmetic::atan));
        specs.put("min", new FunctionSpec(1, -1, Arithmetic::min));
        specs.put("max", new FunctionSpec(1, -1, Arithmetic::max));
        specs.put("abs", FunctionSpec.unary(Arithmetic::abs));
        specs.put(
                "round",
                new FunctionSpec(
                        1, 2, (a, args) -> a.round(args.get(0), args.size() > 1 ? args.get(1) : BigDecimal.ZERO)));
        specs.put("floor", FunctionSpec.unary(Arithmetic::floor));
        specs.put("ceil", FunctionSpec.unary(Arithmetic::ceil));
        specs.put("ceiling", FunctionSpec.unary(Arithmetic::ceil));
        specs.put("fact", FunctionSpec.unary(Arithmetic::factorial));
        specs.put("factorial", FunctionSpec.unary(Arithmetic::factorial));
        return Collections.unmodifiableMap(specs);
    }

    @SuppressWarnings("unchecked")
    private static FunctionDictionaryIfc functionDictionary(Arithmetic arithmetic) {
        Map.Entry<String, FunctionIfc>[] entries = FUNCTIONS.entrySet().stream()
                .map(entry ->
                        Map.entry(entry.getKey(), (FunctionIfc) new Fn(entry.getKey(), entry.getValue(), arithmetic)))
                .toArray(Map.Entry[]::new);
        return MapBasedFunctionDictionary.ofFunctions(entries);
    }

    private static BigDecimal number(EvaluationValue value, String usedBy) {
        if (!value.isNumberValue()) {
            throw new CalculationException(
                    usedBy + " needs numbers, not " + (value.isBooleanValue() ? "true/false" : "text"));
        }
        return value.getNumberValue();
    }

    /** Argument count and body of one calculator function; maxArgs -1 means unbounded. */
    private record FunctionSpec(int minArgs, int maxArgs, BiFunction<Arithmetic, List<BigDecimal>, BigDecimal> body) {

        static FunctionSpec unary(BiFunction<Arithmetic, BigDecimal, BigDecimal> body) {
            return new FunctionSpec(1, 1, (a, args) -> body.apply(a, args.get(0)));
        }

        String arity(String name) {
            if (maxArgs == minArgs) {
                return name + " takes " + minArgs + (minArgs == 1 ? " argument" : " arguments");
            }
            if (maxArgs < 0) {
                return name + " takes at least " + minArgs + (minArgs == 1 ? " argument" : " arguments");
            }
            return name + " takes " + minArgs + " or " + maxArgs + " arguments";
        }
    }

    /** Adapts a {@link FunctionSpec} to EvalEx; parameter definitions only drive EvalEx's own count checks. */
    private static final class Fn implements FunctionIfc {

        private final String name;
        private final FunctionSpec spec;
        private final Arithmetic arithmetic;
        private final List<FunctionParameterDefinition> parameters;

        Fn(String name, FunctionSpec spec, Arithmetic arithmetic) {
            this.name = name;
            this.spec = spec;
            this.arithmetic = arithmetic;
            List<FunctionParameterDefinition> definitions = new ArrayList<>();
            for (int i = 0; i < spec.minArgs(); i++) {
                definitions.add(
                        FunctionParameterDefinition.builder().name("value" + i).build());
            }
            if (spec.maxArgs() != spec.minArgs()) {
                definitions.add(FunctionParameterDefinition.builder()
                        .name("more")
                        .isVarArg(true)
                        .build());
            }
            this.parameters = List.copyOf(definitions);
        }

        @Override
        public List<FunctionParameterDefinition> getFunctionParameterDefinitions() {
            return parameters;
        }

        @Override
        public EvaluationValue evaluate(Expression expression, Token functionToken, EvaluationValue... values) {
            arithmetic.step();
            List<BigDecimal> arguments =
                    Arrays.stream(values).map(value -> number(value, name)).toList();
            return EvaluationValue.numberValue(spec.body().apply(arithmetic, arguments));
        }

        @Override
        public void validatePreEvaluation(Token token, EvaluationValue... parameterValues) {
            // Domain checks live in Arithmetic so that their messages name the actual problem.
        }

        @Override
        public boolean hasVarArgs() {
            return spec.maxArgs() != spec.minArgs();
        }
    }

    /** What every binary operator here shares: infix, eager operands, one precedence whatever the configuration. */
    private interface BinaryOperatorIfc extends OperatorIfc {

        @Override
        default int getPrecedence(ExpressionConfiguration configuration) {
            return getPrecedence();
        }

        @Override
        default boolean isPrefix() {
            return false;
        }

        @Override
        default boolean isPostfix() {
            return false;
        }

        @Override
        default boolean isInfix() {
            return true;
        }

        @Override
        default boolean isOperandLazy() {
            return false;
        }
    }

    /** A binary arithmetic operator backed by {@link Arithmetic}. */
    private record Infix(String symbol, int precedence, boolean leftAssociative, BinaryOperator<BigDecimal> body)
            implements BinaryOperatorIfc {

        @Override
        public int getPrecedence() {
            return precedence;
        }

        @Override
        public boolean isLeftAssociative() {
            return leftAssociative;
        }

        @Override
        public EvaluationValue evaluate(Expression expression, Token operatorToken, EvaluationValue... operands) {
            String usedBy = "operator " + symbol;
            return EvaluationValue.numberValue(body.apply(number(operands[0], usedBy), number(operands[1], usedBy)));
        }
    }

    /** A comparison of numbers; the equality operators also compare two true/false values. */
    private record Relation(String symbol, boolean equality, Arithmetic arithmetic, IntPredicate holds)
            implements BinaryOperatorIfc {

        @Override
        public int getPrecedence() {
            return equality ? OPERATOR_PRECEDENCE_EQUALITY : OPERATOR_PRECEDENCE_COMPARISON;
        }

        @Override
        public boolean isLeftAssociative() {
            return true;
        }

        @Override
        public EvaluationValue evaluate(Expression expression, Token operatorToken, EvaluationValue... operands) {
            EvaluationValue left = operands[0];
            EvaluationValue right = operands[1];
            if (equality && left.isBooleanValue() && right.isBooleanValue()) {
                return EvaluationValue.booleanValue(
                        holds.test(left.getBooleanValue() == right.getBooleanValue() ? 0 : 1));
            }
            String usedBy = "operator " + symbol;
            int comparison = arithmetic.compare(number(left, usedBy), number(right, usedBy));
            return EvaluationValue.booleanValue(holds.test(comparison));
        }
    }

    /**
     * Unary plus or minus. Its precedence equals {@code ^} and it is right-associative: then EvalEx's shunting yard
     * neither lets it steal the base of a power ({@code -2^2 = -4}) nor pops a pending power when it follows one
     * ({@code 2^-1 = 0.5}); with EvalEx's own unary precedence {@code -2^2} would be 4.
     */
    private record Prefix(String symbol, UnaryOperator<BigDecimal> body) implements OperatorIfc {

        @Override
        public int getPrecedence() {
            return OPERATOR_PRECEDENCE_POWER_HIGHER;
        }

        @Override
        public int getPrecedence(ExpressionConfiguration configuration) {
            return OPERATOR_PRECEDENCE_POWER_HIGHER;
        }

        @Override
        public boolean isLeftAssociative() {
            return false;
        }

        @Override
        public boolean isPrefix() {
            return true;
        }

        @Override
        public boolean isPostfix() {
            return false;
        }

        @Override
        public boolean isInfix() {
            return false;
        }

        @Override
        public boolean isOperandLazy() {
            return false;
        }

        @Override
        public EvaluationValue evaluate(Expression expression, Token operatorToken, EvaluationValue... operands) {
            return EvaluationValue.numberValue(body.apply(number(operands[0], "operator " + symbol)));
        }
    }
}
