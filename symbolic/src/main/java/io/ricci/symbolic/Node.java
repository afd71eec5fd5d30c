package io.ricci.symbolic;

import java.util.List;

/**
 * A real-valued expression lowered once from Symja's tree, so that bulk evaluation never goes
 * through Symja's boxed evaluator. Records give structural equality, which {@link Program#compile}
 * uses to evaluate each distinct subexpression once per point (common-subexpression elimination).
 */
sealed interface Node {

    /** A number. */
    record Const(double value) implements Node {
    }

    /** The {@code index}-th coordinate of the evaluation point. */
    record Var(int index) implements Node {
    }

    /** {@code terms[0] + terms[1] + ...}. */
    record Sum(List<Node> terms) implements Node {
        public Sum {
            terms = List.copyOf(terms);
        }
    }

    /** {@code factors[0] * factors[1] * ...}. */
    record Product(List<Node> factors) implements Node {
        public Product {
            factors = List.copyOf(factors);
        }
    }

    /** {@code base^exponent} for an integer exponent (repeated squaring; negative means reciprocal). */
    record PowInt(Node base, int exponent) implements Node {
    }

    /** {@code base^exponent} through {@link Math#pow}. */
    record Pow(Node base, Node exponent) implements Node {
    }

    /** {@code fn(arg)} for an element-wise function. */
    record Call(Fn fn, Node arg) implements Node {
    }

    /** 1 when {@code left op right} holds, else 0. */
    record Compare(Cmp op, Node left, Node right) implements Node {
    }

    /** And / Or of 0/1 operands, or Not of the single operand; 1 for true, 0 for false. */
    record Logic(LogicOp op, List<Node> operands) implements Node {
        public Logic {
            operands = List.copyOf(operands);
        }
    }

    /** The largest ({@code max}) or smallest of the operands. */
    record Extremum(boolean max, List<Node> operands) implements Node {
        public Extremum {
            operands = List.copyOf(operands);
        }
    }

    /** Piecewise: {@code values[i]} for the first non-zero {@code conditions[i]}, else {@code otherwise}. */
    record Select(List<Node> conditions, List<Node> values, Node otherwise) implements Node {
        public Select {
            conditions = List.copyOf(conditions);
            values = List.copyOf(values);
            if (conditions.size() != values.size()) {
                throw new IllegalArgumentException("piecewise: " + conditions.size() + " conditions for "
                        + values.size() + " values");
            }
        }
    }

    /** A subexpression with no numeric lowering; compiling a program that contains it fails. */
    record Unsupported(String expression) implements Node {
    }

    /** Element-wise functions; {@link #apply} is the scalar definition used per point. */
    enum Fn {
        EXP, LOG, SQRT, SIN, COS, TAN, SEC, CSC, COT, SINH, COSH, TANH, SECH, CSCH, COTH,
        ASIN, ACOS, ATAN, SIGMOID, ABS, SIGN, STEP;

        double apply(double x) {
            return switch (this) {
                case EXP -> Math.exp(x);
                case LOG -> Math.log(x);
                case SQRT -> Math.sqrt(x);
                case SIN -> Math.sin(x);
                case COS -> Math.cos(x);
                case TAN -> Math.tan(x);
                case SEC -> 1 / Math.cos(x);
                case CSC -> 1 / Math.sin(x);
                case COT -> 1 / Math.tan(x);
                case SINH -> Math.sinh(x);
                case COSH -> Math.cosh(x);
                case TANH -> Math.tanh(x);
                case SECH -> 1 / Math.cosh(x);
                case CSCH -> 1 / Math.sinh(x);
                case COTH -> 1 / Math.tanh(x);
                case ASIN -> Math.asin(x);
                case ACOS -> Math.acos(x);
                case ATAN -> Math.atan(x);
                // exp of a non-positive argument only, so neither branch overflows.
                case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
                case ABS -> Math.abs(x);
                case SIGN -> Math.signum(x);
                case STEP -> x >= 0 ? 1 : Double.isNaN(x) ? Double.NaN : 0;
            };
        }
    }

    /** Comparison operators. */
    enum Cmp {
        LT, LE, GT, GE, EQ, NE;

        boolean test(double a, double b) {
            return switch (this) {
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
                case EQ -> a == b;
                case NE -> a != b;
            };
        }
    }

    /** Boolean connectives over 0/1 values. */
    enum LogicOp {
        AND, OR, NOT
    }
}
