package io.ricci.symbolic;

import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A caller's function after the allow-list check: the only form in which user input is kept and
 * handed to Symja. It can hold exact numbers, the caller's own variables, the constants e and π and
 * the mathematical heads of {@link Head}, nothing else: no strings, no assignments, no patterns, no
 * Symja built-in outside the list. Derivations rebuild Symja's tree from it in a fresh engine, so
 * no text is ever parsed twice. Subtrees may be shared (relu, max and abs repeat their argument).
 */
sealed interface Expr {

    /** An exact rational number {@code num/den} ({@code den > 0}, {@code 1} for integers). */
    record Num(BigInteger num, BigInteger den) implements Expr {
    }

    /** A caller's variable or parameter, by the name Symja's parser gave it. */
    record Var(String name) implements Expr {
    }

    /** e or π. */
    record Constant(boolean pi) implements Expr {
    }

    /** {@code head(args...)}. */
    record Call(Head head, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * The allow-list: every head a caller may write (after relu, sigmoid, abs, max and min are
     * rewritten), with its argument count. Names are Symja's built-in symbols.
     */
    enum Head {
        PLUS("Plus", 0, Integer.MAX_VALUE), TIMES("Times", 0, Integer.MAX_VALUE), POWER("Power", 2, 2),
        EXP("Exp", 1, 1), SQRT("Sqrt", 1, 1), LOG("Log", 1, 2),
        SIN("Sin", 1, 1), COS("Cos", 1, 1), TAN("Tan", 1, 1), SEC("Sec", 1, 1), CSC("Csc", 1, 1),
        COT("Cot", 1, 1), SINH("Sinh", 1, 1), COSH("Cosh", 1, 1), TANH("Tanh", 1, 1), SECH("Sech", 1, 1),
        CSCH("Csch", 1, 1), COTH("Coth", 1, 1), ARCSIN("ArcSin", 1, 1), ARCCOS("ArcCos", 1, 1),
        ARCTAN("ArcTan", 1, 1), LOGISTIC_SIGMOID("LogisticSigmoid", 1, 1), SIGN("Sign", 1, 1),
        UNIT_STEP("UnitStep", 1, 1), PIECEWISE("Piecewise", 1, 2), LIST("List", 0, Integer.MAX_VALUE),
        LESS("Less", 2, Integer.MAX_VALUE), LESS_EQUAL("LessEqual", 2, Integer.MAX_VALUE),
        GREATER("Greater", 2, Integer.MAX_VALUE), GREATER_EQUAL("GreaterEqual", 2, Integer.MAX_VALUE),
        EQUAL("Equal", 2, Integer.MAX_VALUE), UNEQUAL("Unequal", 2, Integer.MAX_VALUE),
        AND("And", 1, Integer.MAX_VALUE), OR("Or", 1, Integer.MAX_VALUE), NOT("Not", 1, 1);

        final String symja;
        final int minArgs, maxArgs;

        Head(String symja, int minArgs, int maxArgs) {
            this.symja = symja;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }
    }

    /**
     * The number of leaves {@code e} has written out as a tree (shared subtrees counted each time
     * they occur), or {@code limit + 1} as soon as it passes {@code limit}; linear in the number of
     * distinct nodes, so a deep nest of shared arguments is measured without being walked.
     */
    static long treeSize(Expr e, long limit) {
        return treeSize(e, limit, new IdentityHashMap<>());
    }

    private static long treeSize(Expr e, long limit, Map<Expr, Long> memo) {
        if (!(e instanceof Call c)) {
            return 1;
        }
        Long known = memo.get(e);
        if (known != null) {
            return known;
        }
        long size = 1;
        for (Expr a : c.args()) {
            size = Math.min(limit + 1, size + treeSize(a, limit, memo));
        }
        memo.put(e, size);
        return size;
    }
}
