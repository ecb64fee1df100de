package dev.taskagent.tools.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorTest {

    private static final String PI = "3.141592653589793238462643383279502884197169399375105820974944592";
    private static final String E = "2.718281828459045235360287471352662497757247093699959574966967628";
    private static final String SQRT_2 = "1.414213562373095048801688724209698078569671875376948073176679738";

    private static final Calculator CALCULATOR = new Calculator(CalculatorLimits.defaults());

    private static String result(String expression) {
        return CALCULATOR.evaluate(expression).result();
    }

    private static String failure(Calculator calculator, String expression) {
        return assertThrows(CalculationException.class, () -> calculator.evaluate(expression))
                .getMessage();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1 + 2                                                       | 3
            1234*5678                                                   | 7006652
            2^64 - 1                                                    | 18446744073709551615
            0.1+0.2                                                     | 0.3
            1 - 0.9                                                     | 0.1
            0.1 * 0.1                                                   | 0.01
            10/4                                                        | 2.5
            1/3                                                         | 0.3333333333333333333333333333333333333333333333333333333333333333
            2/3                                                         | 0.6666666666666666666666666666666666666666666666666666666666666667
            1/3*3                                                       | 1
            100/7*7                                                     | 100
            7 % 3                                                       | 1
            -7 % 3                                                      | -1
            5.5 % 2                                                     | 1.5
            1e3 + 1                                                     | 1001
            0x1F                                                        | 31
            123456789012345678901234567890 * 987654321098765432109876543210 | 121932631137021795226185032733622923332237463801111263526900
            """)
    void computesArithmeticExactly(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2 + 3 * 4      | 14
            (2 + 3) * 4    | 20
            10 - 4 - 3     | 3
            100 / 10 / 5   | 2
            2 ^ 3 ^ 2      | 512
            2 + 3 * 4 ^ 2  | 50
            -2^2           | -4
            (-2)^2         | 4
            2^-1           | 0.5
            2 * -3         | -6
            3 - -2         | 5
            --2            | 2
            -(1 + 2)       | -3
            """)
    void followsPrecedenceAndAssociativity(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            6 × 7     | 42
            8 ÷ 2     | 4
            5 − 3     | 2
            3 · 4     | 12
            2**10     | 1024
            """)
    void acceptsUnicodeAndPythonStyleOperators(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sqrt(16)          | 4
            sqrt(2)           | 1.414213562373095048801688724209698078569671875376948073176679738
            sqrt(2)^2         | 2
            2^0.5             | 1.414213562373095048801688724209698078569671875376948073176679738
            pow(2, 10)        | 1024
            exp(0)            | 1
            exp(1)            | 2.718281828459045235360287471352662497757247093699959574966967628
            exp(2.5)          | 12.18249396070347343807017595116796618318276779006316131156039834
            log(e)            | 1
            ln(1)             | 0
            log(10)           | 2.302585092994045684017991454684364207601101488628772976033327901
            ln(10)            | 2.302585092994045684017991454684364207601101488628772976033327901
            log10(1000)       | 3
            log10(2)          | 0.3010299956639811952137388947244930267681898814621085413104274611
            min(3, 1, 2)      | 1
            max(3, 1, 2)      | 3
            abs(-5.5)         | 5.5
            round(2.345, 2)   | 2.35
            round(2.675, 2)   | 2.68
            round(2.5)        | 3
            round(-2.5)       | -3
            round(1234, -2)   | 1200
            floor(-2.5)       | -3
            ceil(2.1)         | 3
            fact(5)           | 120
            factorial(20)     | 2432902008176640000
            SQRT(4)           | 2
            Max(1, 2)         | 2
            """)
    void evaluatesFunctions(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sin(0)      | 0
            sin(pi)     | 0
            sin(pi/2)   | 1
            sin(pi/6)   | 0.5
            cos(pi)     | -1
            cos(pi/2)   | 0
            tan(pi/4)   | 1
            sin(30)     | -0.9880316240928617899877489072944581504868079482212127883664291339
            sin(1)      | 0.84147098480789650665250232163029899962256306079837106567275171
            cos(1)      | 0.5403023058681397174009366074429766037323104206179222276700972554
            tan(1)      | 1.557407724654902230506974807458360173087250772381520038383946606
            sin(1e6)    | -0.3499935021712929521176524867807714690614066053287162738570590546
            cos(1e300)  | -0.1682144443742450728518756644355558445330508876680522622794198858
            asin(1)     | 1.570796326794896619231321691639751442098584699687552910487472296
            asin(0.5)   | 0.5235987755982988730771072305465838140328615665625176368291574321
            acos(1)     | 0
            acos(0.5)   | 1.047197551196597746154214461093167628065723133125035273658314864
            atan(1)*4   | 3.141592653589793238462643383279502884197169399375105820974944592
            atan(-2)    | -1.107148717794090503017065460178537040070047645401432646676539207
            """)
    void usesRadiansForTrigonometry(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pi", "PI", "Pi", "π"})
    void knowsPi(String expression) {
        assertEquals(PI, result(expression));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e", "E", "exp(1)"})
    void knowsEulersNumber(String expression) {
        assertEquals(E, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1 < 2                  | true
            2 == 3                 | false
            1 + 1 = 2              | true
            !(1 < 2)               | false
            2 >= 2 && 3 > 4        | false
            sqrt(2)^2 == 2         | true
            1/3 < 0.34             | true
            (1 < 2) == (3 < 4)     | true
            (1 < 2) != true        | false
            """)
    void comparesToBooleans(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10^21        | 1000000000000000000000
            1e-25        | 1E-25
            1e70/3       | 3.333333333333333333333333333333333333333333333333333333333333333E+69
            0.5^100      | 7.888609052210118054117285652827862296732064351090230047702789306640625E-31
            1.5^5000     | 2.85953409027139816053359444693736243710751450605829411473664329E+880
            1.1^1000     | 246993291800582633412408838508522147770973.3385238396234869182952
            """)
    void formatsExactValuesInFullAndRoundedValuesScientifically(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @Test
    void keepsLargeIntegersExact() {
        assertEquals(BigInteger.TWO.pow(3000).toString(), result("2^3000"));
        assertEquals(
                IntStream.rangeClosed(1, 100)
                        .mapToObj(BigInteger::valueOf)
                        .reduce(BigInteger.ONE, BigInteger::multiply)
                        .toString(),
                result("fact(100)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1/0                | division by zero
            5 % 0              | division by zero
            0^-1               | division by zero
            foo(1)             | unknown function foo
            x + 1              | unknown variable x
            sin                | sin is a function, write sin(...)
            2^99999999         | exponent 99999999 exceeds limit 10000
            2^-20000           | exponent -20000 exceeds limit 10000
            pow(10, 100000)    | exponent 100000 exceeds limit 10000
            9^9^9              | exponent 387420489 exceeds limit 10000
            fact(100000)       | factorial of 100000 exceeds limit 1000
            fact(5000)         | factorial of 5000 exceeds limit 1000
            fact(-1)           | factorial needs a non-negative whole number
            fact(2.5)          | factorial needs a non-negative whole number
            fact(500)          | result has more than 1000 digits
            10^1000            | result has more than 1000 digits
            2^5000             | result has more than 1000 digits
            10^999 * 10        | result has more than 1000 digits
            exp(10000)         | result has more than 1000 digits
            exp(-10000)        | result is too close to zero (below 1e-1000)
            1e5000             | number 1e5000 has more than 1000 digits
            1e-5000            | number 1e-5000 is too close to zero (below 1e-1000)
            sqrt(-1)           | square root of a negative number
            log(0)             | logarithm of zero or a negative number
            ln(-1)             | logarithm of zero or a negative number
            asin(2)            | asin needs a value between -1 and 1
            acos(-1.5)         | acos needs a value between -1 and 1
            tan(pi/2)          | tan is undefined at this angle
            (-8)^(1/3)         | fractional power of a negative number is not a real number
            round(1.5, 0.5)    | round needs a whole number of decimals
            round(1, 5000)     | round decimals must be between -1000 and 1000
            sqrt(1, 2)         | sqrt takes 1 argument
            sqrt()             | sqrt takes 1 argument
            pow(2)             | pow takes 2 arguments
            round(1, 2, 3)     | round takes 1 or 2 arguments
            min()              | min takes at least 1 argument
            1 + (2 < 3)        | operator + needs numbers, not true/false
            1 < (2 < 3)        | operator < needs numbers, not true/false
            "abc"              | syntax error at position 1: text in quotes is not supported
            1 +                | syntax error at position 3: missing second operand for operator
            (1 + 2             | syntax error: missing closing parenthesis
            1 + 2)             | syntax error at position 6: unexpected closing parenthesis
            2 3                | syntax error: missing operator between operands
            2(3)               | syntax error at position 2: missing operator
            1 # 2              | syntax error at position 3: undefined operator '#'
            2pi                | syntax error at position 2: missing operator
            1..2               | syntax error at position 1: number contains more than one decimal point
            1e5e5              | invalid number 1e5e5
            ()                 | syntax error: empty expression
            """)
    void refusesWithShortMessage(String expression, String message) {
        assertEquals(message, failure(CALCULATOR, expression));
    }

    @Test
    void pointsPostfixFactorialToTheFactFunction() {
        assertEquals(
                "syntax error at position 2: undefined operator '!', write fact(n) for a factorial",
                failure(CALCULATOR, "5!"));
    }

    // Each refusal names its limit: had the value been computed, the evaluation timeout would have answered instead.
    @Test
    void refusesHugeExponentBeforeComputingIt() {
        assertEquals("exponent 99999999 exceeds limit 10000", failure(CALCULATOR, "2^99999999"));
    }

    @Test
    void refusesPowerTowerBeforeComputingIt() {
        assertEquals("exponent 387420489 exceeds limit 10000", failure(CALCULATOR, "9^9^9"));
    }

    @Test
    void refusesHugeFactorialBeforeComputingIt() {
        assertEquals("factorial of 100000 exceeds limit 1000", failure(CALCULATOR, "fact(100000)"));
    }

    @Test
    void refusesHugeNestedExpression() {
        String nested = "(".repeat(600) + "1" + ")".repeat(600);
        assertEquals("expression longer than 1000 characters", failure(CALCULATOR, nested));
    }

    @Test
    void evaluatesDeepNestingWithinTheLengthLimit() {
        assertEquals("1", result("(".repeat(499) + "1" + ")".repeat(499)));
        assertEquals("500", result("1+".repeat(499) + "1"));
    }

    @Test
    void refusesRepeatedSquaringThatWouldExplode() {
        assertEquals("result has more than 1000 digits", failure(CALCULATOR, "((((((2^64)^64)^64)^64)^64)^64)"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void refusesEmptyExpression(String expression) {
        assertEquals("empty expression", failure(CALCULATOR, expression));
    }

    @Test
    void refusesEvaluationThatTakesTooLong() {
        Calculator impatient = new Calculator(new CalculatorLimits(100_000, 10_000, 1000, 1000, Duration.ofMillis(1)));
        String slow =
                IntStream.rangeClosed(1, 3000).mapToObj(i -> "sin(" + i + ")").collect(Collectors.joining("+"));
        assertEquals("evaluation took longer than 1 ms", failure(impatient, slow));
    }

    @Test
    void stopsAnAbandonedEvaluationInsteadOfLettingItRunOn() throws Exception {
        // given: evaluations on platform threads, whose CPU time can be read, and an expression that runs for long
        List<Thread> workers = new CopyOnWriteArrayList<>();
        Executor platform = work -> {
            Thread thread =
                    Thread.ofPlatform().daemon().name("calculator-probe").unstarted(work);
            workers.add(thread);
            thread.start();
        };
        Calculator calculator =
                new Calculator(new CalculatorLimits(100_000, 10_000, 1000, 1000, Duration.ofMillis(1)), platform);
        String slow = manyLogarithmsOfTinyNumbers();

        // when: it is answered with a timeout
        assertEquals("evaluation took longer than 1 ms", failure(calculator, slow));

        // then: its thread stops soon after, rather than burning CPU for the rest of the expression
        Thread worker = workers.getFirst();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuAtAnswer = threads.getThreadCpuTime(worker.threadId());
        worker.join(Duration.ofSeconds(5));
        long cpuSince = threads.getThreadCpuTime(worker.threadId()) - cpuAtAnswer;
        assertFalse(
                worker.isAlive(),
                "the abandoned evaluation still runs, " + cpuSince / 1_000_000 + " ms of CPU after its answer");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stopsAtItsTimeLimitEvenWithoutAnInterrupt() {
        // given: an evaluation whose thread is never interrupted (it runs on the caller's thread)
        Calculator calculator =
                new Calculator(new CalculatorLimits(100_000, 10_000, 1000, 1000, Duration.ofMillis(1)), Runnable::run);
        String slow = manyLogarithmsOfTinyNumbers();

        // when / then: it stops itself at its limit
        assertEquals("evaluation took longer than 1 ms", failure(calculator, slow));
    }

    /**
     * 2000 logarithms as the arguments of one max(...): far longer than the 1 ms limits above on any machine (each
     * logarithm of a tiny number takes a fraction of a millisecond), yet nested only two deep.
     */
    private static String manyLogarithmsOfTinyNumbers() {
        return IntStream.range(0, 2000).mapToObj(i -> "ln(1e-999)").collect(Collectors.joining(",", "max(", ")"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ln(1e-999) / ln(10)                          | -999
            ln(1e999) + ln(1e-999)                       | 0
            atan(1e999) == pi/2                          | true
            atan(-1e999) == -pi/2                        | true
            asin(0.99999999999999999999999999999999) > 1.57 | true
            """)
    void answersFunctionsOfExtremeArgumentsWithinTheTimeLimit(String expression, String expected) {
        assertEquals(expected, result(expression));
    }

    @Test
    void answersSixtyLogarithmsOfTinyNumbersInOneExpression() {
        // the expression of issue 11 that kept a thread busy for tens of seconds after its 2 s timeout
        String sixty = IntStream.range(0, 60).mapToObj(i -> "ln(1e-999)").collect(Collectors.joining("+"));
        assertEquals("-59940", result("(" + sixty + ") / ln(10)"));
    }

    @Test
    void countsTheTimeLimitFromWhenTheEvaluationStartsNotFromWhenItWaitsForAThread() {
        // a busy machine: the evaluation's thread gets to run only after 300 ms, six times the limit
        Executor busy = work -> Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            work.run();
        });
        Calculator calculator =
                new Calculator(new CalculatorLimits(1000, 10_000, 1000, 1000, Duration.ofMillis(50)), busy);

        assertEquals("7006652", calculator.evaluate("1234*5678").result());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT2S, 2 s", "PT0.5S, 500 ms", "PT1.5S, 1500 ms", "PT0.000001S, 1 ms"})
    void describesTimeoutsReadably(Duration timeout, String description) {
        assertEquals(description, Calculator.describe(timeout));
    }

    static Stream<Arguments> configuredLimits() {
        Duration second = Duration.ofSeconds(1);
        return Stream.of(
                Arguments.of(
                        new CalculatorLimits(5, 10_000, 1000, 1000, second),
                        "123456",
                        "expression longer than 5 characters"),
                Arguments.of(
                        new CalculatorLimits(1000, 100, 1000, 1000, second), "2^101", "exponent 101 exceeds limit 100"),
                Arguments.of(
                        new CalculatorLimits(1000, 10_000, 10, 1000, second),
                        "fact(11)",
                        "factorial of 11 exceeds limit 10"),
                Arguments.of(
                        new CalculatorLimits(1000, 10_000, 1000, 10, second),
                        "fact(14)",
                        "result has more than 10 digits"),
                Arguments.of(
                        new CalculatorLimits(1000, 10_000, 1000, 10, second),
                        "99999 * 999999",
                        "result has more than 10 digits"));
    }

    @ParameterizedTest
    @MethodSource("configuredLimits")
    void enforcesConfiguredLimits(CalculatorLimits limits, String expression, String message) {
        assertEquals(message, failure(new Calculator(limits), expression));
    }

    @Test
    void allowsResultsRightAtTheDigitLimit() {
        Calculator tenDigits = new Calculator(new CalculatorLimits(1000, 10_000, 1000, 10, Duration.ofSeconds(1)));
        assertEquals("6227020800", tenDigits.evaluate("fact(13)").result());
        assertEquals("9999999999", tenDigits.evaluate("99999 * 100001").result());
    }

    @Test
    void returnsTheExpressionAsGiven() {
        Calculation calculation = CALCULATOR.evaluate("6 × 7");
        assertEquals(new Calculation("6 × 7", "42"), calculation);
    }

    @Test
    void keepsMessagesShortAndFreeOfJavaInternals() {
        Stream.of(
                        "1/0",
                        "foo(1)",
                        "x",
                        "2^99999999",
                        "fact(100000)",
                        "(((",
                        "1 +",
                        "[1]",
                        "a.b",
                        "\"s\" + 1",
                        "0x",
                        "1e",
                        "sqrt(\"a\")",
                        "1 && 2 + true")
                .forEach(expression -> {
                    String message = failure(CALCULATOR, expression);
                    assertTrue(message.length() < 100, message);
                    assertFalse(message.matches("(?s).*(Exception|java\\.|com\\.|\\bat \\w+\\.).*"), message);
                    assertFalse(message.contains("\n"), message);
                });
    }

    @Test
    void evaluatesConcurrently() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            var futures = IntStream.range(0, 64)
                    .mapToObj(i -> pool.submit(
                            () -> CALCULATOR.evaluate(i + " * 1/3 * 3").result()))
                    .toList();
            for (int i = 0; i < futures.size(); i++) {
                Future<String> future = futures.get(i);
                assertEquals(Integer.toString(i), future.get());
            }
        }
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new CalculatorLimits(0, 10_000, 1000, 1000, Duration.ofSeconds(2)));
        assertThrows(
                IllegalArgumentException.class, () -> new CalculatorLimits(1000, 10_000, 1000, 1000, Duration.ZERO));
    }

    @Test
    void defaultLimitsMatchTheDocumentedValues() {
        assertEquals(
                new CalculatorLimits(1000, 10_000, 1000, 1000, Duration.ofSeconds(2)), CalculatorLimits.defaults());
        assertEquals(SQRT_2, result("sqrt(2)"));
    }
}
