package dev.taskagent.tools.calculator;

/**
 * One evaluated expression: the expression as given and its value as text, {@code true}/{@code false} for
 * comparisons; exact values in full plain notation, rounded ones to 64 significant digits (scientific notation
 * below 1e-20 and for rounded values beyond 64 integer digits).
 */
public record Calculation(String expression, String result) {}
