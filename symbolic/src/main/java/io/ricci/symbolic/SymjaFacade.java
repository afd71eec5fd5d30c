package io.ricci.symbolic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.form.output.OutputFormFactory;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IBuiltInSymbol;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IFraction;
import org.matheclipse.core.interfaces.IInteger;
import org.matheclipse.parser.client.SyntaxError;
import org.matheclipse.parser.client.math.MathException;

/**
 * The only class that touches Symja (org.matheclipse, LGPL-3), and the boundary that keeps a
 * caller's text from running anything but mathematics (docs/security.md):
 * <ul>
 *   <li>text is parsed once, and the parsed tree is admitted into an {@link Expr} only if every
 *       node is an exact number, a declared variable, e, π or a head of the allow-list
 *       {@link Expr.Head}; strings, assignments, patterns and every other Symja function are
 *       refused with their position before anything is evaluated;</li>
 *   <li>each derivation runs in a fresh engine made from the admitted tree ({@link #run}), so no
 *       definition, assignment or cached state survives a call or crosses threads, and no derived
 *       text is ever parsed again;</li>
 *   <li>each evaluation step has a deadline (a watchdog asks the engine to stop), results are
 *       bounded in size and integer length, and Symja's own global switches are set to refuse
 *       unprotecting built-ins and file access, and to stop integers at
 *       {@link SymbolicLimits#HARD_INTEGER_BITS} bits.</li>
 * </ul>
 * A fresh engine costs about a millisecond once Symja's classes are loaded (about 1-2 s, once per JVM).
 */
final class SymjaFacade {
    static {
        // Process-wide Symja switches; Ricci's admitted trees never reach them, they are a second wall.
        Config.UNPROTECT_ALLOWED = false;
        Config.FILESYSTEM_ENABLED = false;
        if (Config.MAX_BIT_LENGTH > SymbolicLimits.HARD_INTEGER_BITS) {
            Config.MAX_BIT_LENGTH = SymbolicLimits.HARD_INTEGER_BITS;
        }
    }

    /** One daemon thread for every engine's deadline: it only flips the engine's stop flag. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ricci-symja-watchdog");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        return w;
    }

    /**
     * Simplify only results up to this many leaves: Symja's Simplify took seconds on a 1,200-leaf
     * Hessian, and larger results are rarely shortened enough to matter.
     */
    private static final int SIMPLIFY_LEAF_LIMIT = 100;

    /** Functions the caller may write that Symja does not know; rewritten on admission. */
    private static final Set<String> OWN_FUNCTIONS = Set.of("relu", "sigmoid");

    /** Symja built-ins the caller may write that are rewritten into Piecewise on admission. */
    private static final Set<String> REWRITTEN_BUILTINS = Set.of("abs", "max", "min");

    /** Symja heads that the parser makes from operators, named as the caller wrote them. */
    private static final Map<String, String> OPERATORS = Map.of("Set", "an assignment ('='; compare with '==')",
            "CompoundExpression", "a sequence of expressions (';')", "Rule", "a rule ('->')",
            "Increment", "an increment ('++')", "Decrement", "a decrement ('--')", "Factorial", "a factorial ('!')",
            "Factorial2", "a double factorial ('!!')", "SameQ", "'==='", "UnsameQ", "'=!='");

    /** The allow-list by Symja name; relu, sigmoid, abs, max and min are rewritten, not listed. */
    private static final Map<String, Expr.Head> ALLOWED = allowed();

    private static Map<String, Expr.Head> allowed() {
        Map<String, Expr.Head> m = new HashMap<>();
        for (Expr.Head h : Expr.Head.values()) {
            m.put(h.symja, h);
        }
        return Map.copyOf(m);
    }

    private static final Map<String, Node.Fn> FUNCTIONS = Map.ofEntries(
            Map.entry("Log", Node.Fn.LOG), Map.entry("Sin", Node.Fn.SIN), Map.entry("Cos", Node.Fn.COS),
            Map.entry("Tan", Node.Fn.TAN), Map.entry("Sec", Node.Fn.SEC), Map.entry("Csc", Node.Fn.CSC),
            Map.entry("Cot", Node.Fn.COT), Map.entry("Sinh", Node.Fn.SINH), Map.entry("Cosh", Node.Fn.COSH),
            Map.entry("Tanh", Node.Fn.TANH), Map.entry("Sech", Node.Fn.SECH), Map.entry("Csch", Node.Fn.CSCH),
            Map.entry("Coth", Node.Fn.COTH), Map.entry("ArcSin", Node.Fn.ASIN),
            Map.entry("ArcCos", Node.Fn.ACOS), Map.entry("ArcTan", Node.Fn.ATAN),
            Map.entry("LogisticSigmoid", Node.Fn.SIGMOID), Map.entry("Abs", Node.Fn.ABS),
            Map.entry("Sign", Node.Fn.SIGN), Map.entry("UnitStep", Node.Fn.STEP));

    private static final Map<String, Node.Cmp> COMPARISONS = Map.of("Less", Node.Cmp.LT, "LessEqual", Node.Cmp.LE,
            "Greater", Node.Cmp.GT, "GreaterEqual", Node.Cmp.GE, "Equal", Node.Cmp.EQ, "Unequal", Node.Cmp.NE);

    private final String op;
    private final SymbolicLimits limits;
    private final ExprEvaluator evaluator;
    private final EvalEngine engine;
    private final Map<String, IExpr> variables = new HashMap<>();
    private IExpr sigmoidRule, sigmoidExpansion;

    private SymjaFacade(String op, SymbolicLimits limits) {
        this.op = op;
        this.limits = limits;
        evaluator = new ExprEvaluator(false, (short) 100);
        engine = evaluator.getEvalEngine();
        // Symja prints evaluation messages (e.g. "Set: Symbol ... is Protected") unless quiet.
        engine.setQuietMode(true);
    }

    /**
     * Runs {@code body} on a fresh Symja engine of its own, which is dropped afterwards: nothing a
     * call does (or tries to do) is seen by the next call or by another thread.
     */
    static <T> T run(String op, SymbolicLimits limits, Function<SymjaFacade, T> body) {
        return body.apply(new SymjaFacade(op, limits));
    }

    /** An expression living in one {@link #run}; only this class can look inside. */
    static final class Term {
        private final IExpr e;

        private Term(IExpr e) {
            this.e = e;
        }
    }

    /** A derived or given expression in every form the module hands out. */
    record Entry(String text, String latex, Node node) {
    }

    /** Admitted functions with their evaluated plain text. */
    record Prepared(List<Expr> functions, List<String> texts) {
    }

    /**
     * Checks that every name is a usable variable name: an identifier that Symja does not reserve.
     *
     * @throws SymbolicException naming the first bad name
     */
    void checkNames(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!Source.isIdentifier(name)) {
                throw new SymbolicException(op + ": variable name '" + name
                        + "' is not an identifier (a letter, then letters and digits)", name, 0);
            }
            if (!seen.add(name)) {
                throw new SymbolicException(op + ": variable '" + name + "' is listed twice", name, 0);
            }
            IExpr parsed = evaluator.parse(name);
            if (!parsed.isSymbol() || parsed.isBuiltInSymbol()) {
                throw new SymbolicException(op + ": variable name '" + name + "' is reserved (Symja reads it as "
                        + parsed + "); choose another name", name, 0);
            }
        }
    }

    /**
     * Parses {@code source} (functions separated by top-level commas) and admits each function
     * through the allow-list: relu, max, min and abs become Piecewise, sigmoid becomes
     * LogisticSigmoid. Nothing is evaluated before the whole function is admitted.
     *
     * @throws SymbolicException for a syntax error, a refused or unknown function or symbol, a
     *     wrong argument count or a function over the limits, naming the token and its 1-based
     *     position in {@code source}
     */
    Prepared prepare(String source, List<String> symbols) {
        List<Expr> functions = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Source.Piece piece : Source.split(op, source)) {
            IExpr parsed;
            try {
                parsed = evaluator.parse(piece.text());
            } catch (SyntaxError e) {
                int pos = piece.originalPosition(e.getStartOffset());
                String token = pos - 1 < source.length() ? String.valueOf(source.charAt(pos - 1)) : "end of input";
                throw new SymbolicException(op + ": syntax error at position " + pos + " ('" + token + "') in \""
                        + source + "\": " + e.getError(), token, pos);
            } catch (MathException | IllegalArgumentException | StackOverflowError e) {
                throw new SymbolicException(op + ": cannot parse \"" + source + "\": " + e.getMessage());
            }
            Expr admitted = new Admission(source, piece, symbols).admit(parsed);
            if (Expr.treeSize(admitted, limits.maxLeaves()) > limits.maxLeaves()) {
                throw tooComplex("\"" + shorten(source) + "\" has more than " + limits.maxLeaves()
                        + " leaves once relu, max, min and abs are written out");
            }
            functions.add(admitted);
            texts.add(displayText(print(function(admitted).e)));
        }
        return new Prepared(functions, texts);
    }

    /** The check of one parsed function against the allow-list, with positions for its errors. */
    private final class Admission {
        private final String source;
        private final Source.Piece piece;
        private final Set<String> symbols;
        private final List<String> symbolList;

        Admission(String source, Source.Piece piece, List<String> symbols) {
            this.source = source;
            this.piece = piece;
            this.symbols = new HashSet<>(symbols);
            this.symbolList = symbols;
        }

        Expr admit(IExpr e) {
            if (e.isString()) {
                throw new SymbolicException(op + ": a string value (" + shorten(e.toString()) + ") in \""
                        + source + "\" is not allowed: functions are mathematics only");
            }
            if (e.isInteger()) {
                return number(((IInteger) e).toBigNumerator(), BigInteger.ONE);
            }
            if (e.isFraction()) {
                IFraction q = (IFraction) e;
                return number(q.toBigNumerator(), q.toBigDenominator());
            }
            if (e.isNumber()) {
                throw new SymbolicException(op + ": unsupported number " + shorten(e.toString()) + " in \"" + source
                        + "\" (only real numbers are allowed)");
            }
            if (e.isSymbol()) {
                return symbol(e);
            }
            if (e.isAST()) {
                return call((IAST) e);
            }
            throw new SymbolicException(op + ": unsupported expression " + shorten(e.toString()) + " in \"" + source
                    + "\"");
        }

        private Expr number(BigInteger num, BigInteger den) {
            if (Math.max(num.bitLength(), den.bitLength()) > limits.maxIntegerBits()) {
                throw tooComplex("a number in \"" + shorten(source) + "\" has more than " + limits.maxIntegerBits()
                        + " bits");
            }
            return new Expr.Num(num, den);
        }

        private Expr symbol(IExpr e) {
            String name = name(e);
            if (!e.isBuiltInSymbol() && symbols.contains(name)) {
                return new Expr.Var(name);
            }
            if (e.isE()) {
                return new Expr.Constant(false);
            }
            if (e.isPi()) {
                return new Expr.Constant(true);
            }
            Source.Ident at = find(piece, name, false, e.isBuiltInSymbol());
            int pos = at == null ? 0 : at.position() + 1;
            String token = at == null ? name : at.name();
            if (e.isBuiltInSymbol()) {
                throw new SymbolicException(op + ": '" + token + "' at position " + pos + " in \"" + source
                        + "\" is Symja's " + name + ", not a variable; rename the variable", token, pos);
            }
            throw new SymbolicException(op + ": unknown variable '" + token + "' at position " + pos + " in \""
                    + source + "\" (variables: " + String.join(", ", symbolList) + ")", token, pos);
        }

        private Expr call(IAST ast) {
            IExpr head = ast.head();
            if (!head.isSymbol()) {
                throw new SymbolicException(op + ": unsupported expression " + shorten(ast.toString()) + " in \""
                        + source + "\"");
            }
            String name = name(head);
            String lower = name.toLowerCase();
            Expr.Head allowed = head.isBuiltInSymbol() ? ALLOWED.get(name) : null;
            boolean rewritten = head.isBuiltInSymbol() ? REWRITTEN_BUILTINS.contains(lower)
                    : OWN_FUNCTIONS.contains(lower);
            if ((allowed == null || allowed == Expr.Head.LIST) && !rewritten) {
                Source.Ident at = find(piece, name, true, true);
                int pos = at == null ? 0 : at.position() + 1;
                String token = at == null ? name : at.name();
                String operator = OPERATORS.get(name);
                if (operator != null) {
                    throw new SymbolicException(op + ": " + operator + " in \"" + source
                            + "\" is not allowed: a function is one mathematical expression", name, 0);
                }
                if (allowed == Expr.Head.LIST || ast.isList()) {
                    pos = source.indexOf('{') + 1;
                    throw new SymbolicException(op + ": a list at position " + pos + " in \"" + source
                            + "\" is allowed only as the cases of Piecewise", "{", pos);
                }
                throw new SymbolicException(op + ": " + (head.isBuiltInSymbol() ? "function '" + token
                        + "' is not allowed" : "unknown function '" + token + "'") + " at position " + pos + " in \""
                        + source + "\" (functions are mathematics only; see docs/security.md for the list)",
                        token, pos);
            }
            int args = ast.argSize();
            if (rewritten) {
                return rewrite(lower, ast, args);
            }
            if (args < allowed.minArgs || args > allowed.maxArgs) {
                arity(source, piece, lower, args, allowed.minArgs);
            }
            if (allowed == Expr.Head.PIECEWISE) {
                return piecewise(ast);
            }
            List<Expr> out = new ArrayList<>(args);
            for (int i = 1; i <= args; i++) {
                out.add(admit(ast.get(i)));
            }
            return new Expr.Call(allowed, out);
        }

        /** {@code Piecewise({{value, condition}, ...}, otherwise)}, the only place a list may stand. */
        private Expr piecewise(IAST ast) {
            IExpr cases = ast.arg1();
            boolean ok = cases.isList();
            List<Expr> pairs = new ArrayList<>();
            for (int i = 1; ok && i < ((IAST) cases).size(); i++) {
                IExpr c = ((IAST) cases).get(i);
                if (!c.isList() || ((IAST) c).argSize() != 2) {
                    ok = false;
                    break;
                }
                pairs.add(new Expr.Call(Expr.Head.LIST, List.of(admit(((IAST) c).arg1()), admit(((IAST) c).arg2()))));
            }
            if (!ok) {
                Source.Ident at = find(piece, "Piecewise", true, true);
                int pos = at == null ? 0 : at.position() + 1;
                throw new SymbolicException(op + ": Piecewise at position " + pos + " in \"" + source
                        + "\" takes a list of {value, condition} pairs", "Piecewise", pos);
            }
            List<Expr> args = new ArrayList<>();
            args.add(new Expr.Call(Expr.Head.LIST, pairs));
            if (ast.argSize() == 2) {
                args.add(admit(ast.arg2()));
            }
            return new Expr.Call(Expr.Head.PIECEWISE, args);
        }

        /** relu and abs as Piecewise, sigmoid as LogisticSigmoid, max and min folded into Piecewise. */
        private Expr rewrite(String name, IAST a, int args) {
            if (!name.equals("max") && !name.equals("min") && args != 1) {
                arity(source, piece, name, args, 1);
            }
            if (args < 1) {
                arity(source, piece, name, args, 1);
            }
            List<Expr> x = new ArrayList<>();
            for (int i = 1; i <= args; i++) {
                x.add(admit(a.get(i)));
            }
            Expr zero = new Expr.Num(BigInteger.ZERO, BigInteger.ONE);
            return switch (name) {
                case "relu" -> cases(x.get(0), new Expr.Call(Expr.Head.GREATER, List.of(x.get(0), zero)), zero);
                case "sigmoid" -> new Expr.Call(Expr.Head.LOGISTIC_SIGMOID, x);
                case "abs" -> cases(x.get(0), new Expr.Call(Expr.Head.GREATER_EQUAL, List.of(x.get(0), zero)),
                        new Expr.Call(Expr.Head.TIMES, List.of(new Expr.Num(BigInteger.ONE.negate(), BigInteger.ONE),
                                x.get(0))));
                default -> {
                    Expr folded = x.get(args - 1);
                    for (int i = args - 2; i >= 0; i--) {
                        Expr.Head cmp = name.equals("max") ? Expr.Head.GREATER_EQUAL : Expr.Head.LESS_EQUAL;
                        folded = cases(x.get(i), new Expr.Call(cmp, List.of(x.get(i), folded)), folded);
                    }
                    yield folded;
                }
            };
        }

        private static Expr cases(Expr value, Expr condition, Expr otherwise) {
            Expr pair = new Expr.Call(Expr.Head.LIST, List.of(value, condition));
            return new Expr.Call(Expr.Head.PIECEWISE, List.of(new Expr.Call(Expr.Head.LIST, List.of(pair)), otherwise));
        }
    }

    /** The first identifier spelled {@code name} (in any case when Symja would fold it) in {@code piece}. */
    private static Source.Ident find(Source.Piece piece, String name, boolean call, boolean anyCase) {
        for (Source.Ident id : piece.idents()) {
            if (id.call() == call && (anyCase ? id.name().equalsIgnoreCase(name) : id.name().equals(name))) {
                return id;
            }
        }
        return null;
    }

    private void arity(String source, Source.Piece piece, String name, int got, int want) {
        Source.Ident at = find(piece, name, true, true);
        int pos = at == null ? 0 : at.position() + 1;
        throw new SymbolicException(op + ": " + name + " at position " + pos + " in \"" + source + "\" takes "
                + want + " argument" + (want == 1 ? "" : "s") + ", got " + got, name, pos);
    }

    /** Symja's tree of an admitted expression, in this engine; shared subtrees stay shared. */
    private IExpr load(Expr e, Map<Expr, IExpr> memo) {
        IExpr known = memo.get(e);
        if (known != null) {
            return known;
        }
        IExpr out = switch (e) {
            case Expr.Num n -> n.den().equals(BigInteger.ONE) ? F.ZZ(n.num()) : F.fraction(n.num(), n.den());
            case Expr.Var v -> variables.computeIfAbsent(v.name(), evaluator::parse);
            case Expr.Constant c -> c.pi() ? S.Pi : S.E;
            case Expr.Call c -> {
                List<IExpr> args = new ArrayList<>(c.args().size());
                for (Expr a : c.args()) {
                    args.add(load(a, memo));
                }
                yield F.ast(symbol(c.head()), args);
            }
        };
        memo.put(e, out);
        return out;
    }

    /** Symja's built-in for each allowed head: the allow-list spelled out against Symja's symbols. */
    private static IBuiltInSymbol symbol(Expr.Head h) {
        return switch (h) {
            case PLUS -> S.Plus;
            case TIMES -> S.Times;
            case POWER -> S.Power;
            case EXP -> S.Exp;
            case SQRT -> S.Sqrt;
            case LOG -> S.Log;
            case SIN -> S.Sin;
            case COS -> S.Cos;
            case TAN -> S.Tan;
            case SEC -> S.Sec;
            case CSC -> S.Csc;
            case COT -> S.Cot;
            case SINH -> S.Sinh;
            case COSH -> S.Cosh;
            case TANH -> S.Tanh;
            case SECH -> S.Sech;
            case CSCH -> S.Csch;
            case COTH -> S.Coth;
            case ARCSIN -> S.ArcSin;
            case ARCCOS -> S.ArcCos;
            case ARCTAN -> S.ArcTan;
            case LOGISTIC_SIGMOID -> S.LogisticSigmoid;
            case SIGN -> S.Sign;
            case UNIT_STEP -> S.UnitStep;
            case PIECEWISE -> S.Piecewise;
            case LIST -> S.List;
            case LESS -> S.Less;
            case LESS_EQUAL -> S.LessEqual;
            case GREATER -> S.Greater;
            case GREATER_EQUAL -> S.GreaterEqual;
            case EQUAL -> S.Equal;
            case UNEQUAL -> S.Unequal;
            case AND -> S.And;
            case OR -> S.Or;
            case NOT -> S.Not;
        };
    }

    /** An admitted function evaluated in this engine, 1/(1+e^-u) folded into LogisticSigmoid. */
    Term function(Expr f) {
        if (sigmoidRule == null) {
            // 1/(1+e^v) is sigmoid(-v) for every v; as LogisticSigmoid, D gives the σ(1-σ) form.
            sigmoidRule = evaluator.parse("1/(1+E^(v_)) :> LogisticSigmoid(-v)");
        }
        IExpr value = eval(load(f, new IdentityHashMap<>()));
        return new Term(eval(F.ReplaceAll(value, sigmoidRule)));
    }

    /**
     * The derivative of {@code f} with respect to {@code var}, simplified when small.
     *
     * @throws SymbolicException when Symja leaves a derivative unevaluated (never returns 0 for it)
     */
    Term derivative(Term f, String var, String display) {
        IExpr d = eval(F.D(f.e, variable(var)));
        IExpr left = underived(d);
        if (left != null) {
            throw new SymbolicException(op + ": cannot differentiate " + display + " with respect to " + var
                    + ": Symja leaves " + displayText(print(left)) + " unevaluated");
        }
        return new Term(simplified(d, true));
    }

    /** {@code sum_j v[j] * D(f, vars[j])}, simplified when small. */
    Term directional(Term f, List<String> vars, double[] v, String display) {
        IExpr sum = F.C0;
        for (int j = 0; j < vars.size(); j++) {
            if (v[j] != 0) {
                sum = F.Plus(sum, F.Times(exact(v[j]), derivative(f, vars.get(j), display).e));
            }
        }
        return new Term(simplified(eval(sum), false));
    }

    private IExpr variable(String name) {
        return variables.computeIfAbsent(name, evaluator::parse);
    }

    /** {@code d} simplified when it is small and Simplify finishes in time and does not grow it. */
    private IExpr simplified(IExpr d, boolean keepDerived) {
        if (d.leafCount() > SIMPLIFY_LEAF_LIMIT) {
            return d;
        }
        IExpr s = evalOrNull(F.Simplify(d));
        if (s != null && s.leafCount() <= d.leafCount() && (!keepDerived || underived(s) == null)) {
            return s;
        }
        return d;
    }

    /** The exact value of the shortest decimal that reads back as {@code x}. */
    private static IExpr exact(double x) {
        BigDecimal d = new BigDecimal(Double.toString(x));
        if (d.scale() <= 0) {
            return F.ZZ(d.toBigIntegerExact());
        }
        return F.fraction(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    /** The first unevaluated {@code D(...)} or {@code f'(...)} inside {@code e}, or {@code null}. */
    private static IExpr underived(IExpr e) {
        if (!e.isAST()) {
            return null;
        }
        IAST ast = (IAST) e;
        if (ast.head().equals(S.D) || ast.head().equals(S.Derivative)) {
            return ast;
        }
        // f'(x) is Derivative(1)[f][x], and may be curried further: look along the chain of heads.
        for (IExpr h = ast.head(); h.isAST(); h = ((IAST) h).head()) {
            if (((IAST) h).head().equals(S.Derivative)) {
                return ast;
            }
        }
        for (int i = 1; i < ast.size(); i++) {
            IExpr inner = underived(ast.get(i));
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    /** Plain text, LaTeX and the lowered tree of {@code t}. */
    Entry entry(Term t, List<String> symbols) {
        return new Entry(displayText(print(t.e)), tex(t.e), lower(t.e, symbols));
    }

    /**
     * LaTeX of {@code e}. Symja prints Piecewise as {@code \text{Piecewise}(\{\{...\}\})}; each
     * one is swapped for a placeholder symbol, printed, and replaced by a {@code cases} block.
     */
    private String tex(IExpr e) {
        List<String> cases = new ArrayList<>();
        IExpr replaced = replacePiecewise(e, cases);
        String t = texForm(replaced).replace("\n", " ").trim();
        for (int k = cases.size() - 1; k >= 0; k--) {
            t = t.replace(placeholder(k), cases.get(k));
        }
        return t;
    }

    private static final int MAX_PLACEHOLDERS = 26;

    private static String placeholder(int k) {
        return "zzricpw" + (char) ('a' + k);
    }

    private IExpr replacePiecewise(IExpr e, List<String> cases) {
        if (!e.isAST()) {
            return e;
        }
        IAST ast = (IAST) e;
        if (ast.head().equals(S.Piecewise) && ast.arg1().isList() && cases.size() < MAX_PLACEHOLDERS) {
            StringBuilder sb = new StringBuilder("\\begin{cases} ");
            IAST list = (IAST) ast.arg1();
            for (int i = 1; i < list.size(); i++) {
                IAST c = (IAST) list.get(i);
                sb.append(tex(c.arg1())).append(" & ").append(tex(c.arg2())).append(" \\\\ ");
            }
            sb.append(ast.argSize() > 1 ? tex(ast.arg2()) : "0").append(" & \\text{otherwise} \\end{cases}");
            cases.add(sb.toString());
            return evaluator.parse(placeholder(cases.size() - 1));
        }
        IExpr result = ast;
        for (int i = 1; i < ast.size(); i++) {
            IExpr arg = replacePiecewise(ast.get(i), cases);
            if (arg != ast.get(i)) {
                result = ((IAST) result).setAtCopy(i, arg);
            }
        }
        return result;
    }

    /**
     * True when {@code a - b} simplifies to 0, first as written, then with sigmoid spelled out as
     * {@code 1/(1+e^-u)}; or when Symja's PossibleZeroQ finds it zero.
     */
    boolean equivalent(Term a, Term b) {
        if (sigmoidExpansion == null) {
            sigmoidExpansion = evaluator.parse("LogisticSigmoid(u_) :> 1/(1+E^(-u))");
        }
        IExpr diff = eval(F.Subtract(a.e, b.e));
        if (diff.isZero() || isZero(F.Simplify(diff))) {
            return true;
        }
        IExpr expanded = eval(F.ReplaceAll(diff, sigmoidExpansion));
        if (isZero(F.Simplify(expanded))) {
            return true;
        }
        IExpr z = evalOrNull(F.PossibleZeroQ(expanded));
        return z != null && z.isTrue();
    }

    private boolean isZero(IExpr e) {
        IExpr r = evalOrNull(e);
        return r != null && r.isZero();
    }

    /**
     * Evaluates {@code e} within the step deadline, turning Symja's own failures (recursion or
     * iteration limits, argument errors) into a {@link SymbolicException} that names the expression,
     * and results over the limits into a "too complex" one.
     */
    private IExpr eval(IExpr e) {
        IExpr r = evalOrNull(e);
        if (r == null) {
            throw tooComplex("evaluation took longer than " + limits.stepTimeout().toMillis() + " ms");
        }
        return r;
    }

    /** Symja's TeXForm of {@code e}, with its function names that are not LaTeX commands fixed ({@link #latexNames}). */
    private String texForm(IExpr e) {
        IExpr r = evalOrNull(F.TeXForm(e), true);
        if (r == null) {
            throw tooComplex("printing LaTeX took longer than " + limits.stepTimeout().toMillis() + " ms");
        }
        return latexNames(r.toString());
    }

    /**
     * Symja prints Sech, Csch and the inverse functions LaTeX has no command for as if it had one
     * ({@code \sech}, {@code \arcsinh}, ...): neither LaTeX nor KaTeX knows them. They become
     * {@code \operatorname{sech}} and so on; {@code \sinh}, {@code \arctan}, ... are LaTeX's own and stay.
     */
    static String latexNames(String tex) {
        return NOT_LATEX.matcher(tex).replaceAll("\\\\operatorname{$1}");
    }

    private static final java.util.regex.Pattern NOT_LATEX = java.util.regex.Pattern.compile(
            "\\\\(arccot|arccsc|arcsec|arcsech|arccosh|arccoth|arccsch|arcsinh|arctanh|csch|sech)(?![A-Za-z])");

    private IExpr evalOrNull(IExpr e) {
        return evalOrNull(e, false);
    }

    /** {@code text}: the result is Symja's printed form (TeXForm), the one string allowed out. */
    private IExpr evalOrNull(IExpr e, boolean text) {
        IExpr r;
        ScheduledFuture<?> deadline = WATCHDOG.schedule(engine::stopRequest, limits.stepTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            r = evaluator.eval(e);
        } catch (SymbolicException ex) {
            throw ex;
        } catch (RuntimeException | StackOverflowError ex) {
            if (engine.isStopRequested()) {
                r = null;
            } else {
                throw new SymbolicException(op + ": Symja failed on " + shorten(displayText(print(e))) + ": " + ex);
            }
        } finally {
            deadline.cancel(false);
        }
        // Symja catches its own timeout in places and returns the expression unevaluated: the flag tells.
        if (engine.isStopRequested()) {
            engine.setStopRequested(false);
            return null;
        }
        if (text) {
            return r;
        }
        check(r, new IdentityHashMap<>());
        if (size(r, new IdentityHashMap<>()) > limits.maxLeaves()) {
            throw tooComplex("a result has more than " + limits.maxLeaves() + " leaves");
        }
        return r;
    }

    /**
     * Refuses a result holding a string, an integer over the bit limit, or an integer power Symja
     * left unevaluated because it would pass Symja's own bit limit (2^(10^9)).
     */
    private void check(IExpr e, Map<IExpr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        if (e.isString()) {
            throw new SymbolicException(op + ": a string value (" + shorten(e.toString())
                    + ") appeared in a result; functions are mathematics only");
        }
        if (e.isInteger() || e.isFraction()) {
            IFraction q = e.isInteger() ? null : (IFraction) e;
            long bits = q == null ? ((IInteger) e).bitLength()
                    : Math.max(q.toBigNumerator().bitLength(), q.toBigDenominator().bitLength());
            if (bits > limits.maxIntegerBits()) {
                throw tooComplex("a result holds a number of " + bits + " bits (limit " + limits.maxIntegerBits() + ")");
            }
            return;
        }
        if (!e.isAST()) {
            return;
        }
        IAST ast = (IAST) e;
        if (ast.isPower() && ast.base().isRational() && integerValued(ast.exponent()) && !ast.base().isZero()
                && !ast.base().isOne() && !ast.base().isMinusOne()) {
            throw tooComplex("the number " + shorten(print(ast)) + " is too large to compute exactly (limit "
                    + limits.maxIntegerBits() + " bits)");
        }
        for (int i = 0; i < ast.size(); i++) {
            check(ast.get(i), seen);
        }
    }

    /** An integer, or sums, products and integer powers of integers (left so by Symja's bit limit). */
    private static boolean integerValued(IExpr e) {
        if (e.isInteger()) {
            return true;
        }
        if (!e.isPlus() && !e.isTimes() && !e.isPower()) {
            return false;
        }
        IAST ast = (IAST) e;
        for (int i = 1; i < ast.size(); i++) {
            if (!integerValued(ast.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Leaves of {@code e} written out as a tree, shared subtrees counted each time, capped past the limit. */
    private long size(IExpr e, Map<IExpr, Long> memo) {
        if (!e.isAST()) {
            return 1;
        }
        Long known = memo.get(e);
        if (known != null) {
            return known;
        }
        IAST ast = (IAST) e;
        long n = 0;
        for (int i = 0; i < ast.size(); i++) {
            n = Math.min(limits.maxLeaves() + 1, n + size(ast.get(i), memo));
        }
        memo.put(e, n);
        return n;
    }

    private SymbolicException tooComplex(String what) {
        return new SymbolicException(op + ": too complex: " + what);
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A symbol's name as printed ({@code getSymbolName} lower-cases builtins: "times"). */
    private static String name(IExpr symbol) {
        return symbol.toString();
    }

    /**
     * Symja's one-line input form: the factory breaks lines at 80 columns, which carry no meaning,
     * and splits long numbers with a backslash-newline, which is removed with them.
     */
    private static String print(IExpr e) {
        StringBuilder sb = new StringBuilder();
        OutputFormFactory.get(true, false).convert(sb, e);
        return sb.toString().replace("\\\n", "").replace("\n", "");
    }

    /** The canonical text as shown to people: LogisticSigmoid reads as sigmoid. */
    static String displayText(String canonical) {
        return canonical.replace("LogisticSigmoid(", "sigmoid(");
    }

    /**
     * {@code log(1 + E^a)} (softplus) as {@code max(a, 0) + log(1 + E^-|a|)}: as written it overflows
     * to inf for a past ~710 while its value is a.
     */
    static Node stableLog(Node arg) {
        if (arg instanceof Node.Sum(List<Node> t) && t.size() == 2) {
            for (int a = 0; a < 2; a++) {
                if (t.get(a) instanceof Node.Const(double one) && one == 1
                        && t.get(1 - a) instanceof Node.Call c && c.fn() == Node.Fn.EXP) {
                    Node x = c.arg();
                    Node small = new Node.Call(Node.Fn.EXP, new Node.Product(List.of(new Node.Const(-1),
                            new Node.Call(Node.Fn.ABS, x))));
                    return new Node.Sum(List.of(new Node.Extremum(true, List.of(x, new Node.Const(0))),
                            new Node.Call(Node.Fn.LOG, new Node.Sum(List.of(new Node.Const(1), small)))));
                }
            }
        }
        return new Node.Call(Node.Fn.LOG, arg);
    }

    /**
     * A product with {@code E^a·(1+E^a)^-k} in it (softplus' derivative, σ' as Symja writes them) as
     * {@code sigmoid(a)·sigmoid(-a)^(k-1)}: evaluated as written it is inf/inf = NaN for a past ~710.
     */
    static Node stableLogistic(List<Node> factors) {
        for (int i = 0; i < factors.size(); i++) {
            if (!(factors.get(i) instanceof Node.PowInt(Node.Sum(List<Node> t), int k) && k < 0 && t.size() == 2)) {
                continue;
            }
            for (int a = 0; a < 2; a++) {
                if (t.get(a) instanceof Node.Const(double one) && one == 1
                        && t.get(1 - a) instanceof Node.Call c && c.fn() == Node.Fn.EXP) {
                    int j = factors.indexOf(c);
                    if (j < 0) {
                        continue;
                    }
                    List<Node> rest = new ArrayList<>(factors);
                    rest.remove(Math.max(i, j));
                    rest.remove(Math.min(i, j));
                    rest.add(new Node.Call(Node.Fn.SIGMOID, c.arg()));
                    if (k < -1) {
                        Node neg = new Node.Product(List.of(new Node.Const(-1), c.arg()));
                        rest.add(new Node.PowInt(new Node.Call(Node.Fn.SIGMOID, neg), -k - 1));
                    }
                    return rest.size() == 1 ? rest.get(0) : new Node.Product(rest);
                }
            }
        }
        return new Node.Product(factors);
    }

    private Node lower(IExpr e, List<String> symbols) {
        if (e.isNumber()) {
            if (e.isComplex() || e.isComplexNumeric()) {
                return new Node.Unsupported(print(e));
            }
            return new Node.Const(e.evalf());
        }
        if (e.isSymbol()) {
            String name = name(e);
            int idx = e.isBuiltInSymbol() ? -1 : symbols.indexOf(name);
            if (idx >= 0) {
                return new Node.Var(idx);
            }
            if (e.isE()) {
                return new Node.Const(Math.E);
            }
            if (e.isPi()) {
                return new Node.Const(Math.PI);
            }
            if (e.isTrue()) {
                return new Node.Const(1);
            }
            if (e.isFalse()) {
                return new Node.Const(0);
            }
            if (e.isIndeterminate()) {
                return new Node.Const(Double.NaN);
            }
            return new Node.Unsupported(displayText(print(e)));
        }
        if (!e.isAST() || !((IAST) e).head().isSymbol()) {
            return new Node.Unsupported(displayText(print(e)));
        }
        IAST ast = (IAST) e;
        String head = name(ast.head());
        List<Node> args = new ArrayList<>();
        for (int i = 1; i < ast.size(); i++) {
            args.add(lower(ast.get(i), symbols));
        }
        int n = args.size();
        switch (head) {
            case "Plus":
                return new Node.Sum(args);
            case "Times":
                return stableLogistic(args);
            case "Power": {
                IExpr base = ast.arg1(), ex = ast.arg2();
                if (base.isE()) {
                    return new Node.Call(Node.Fn.EXP, args.get(1));
                }
                if (ex.isInteger()) {
                    int k = ex.toIntDefault();
                    if (k != Integer.MIN_VALUE) {
                        return new Node.PowInt(args.get(0), k);
                    }
                }
                if (ex.isFraction() && ex.toString().equals("1/2")) {
                    return new Node.Call(Node.Fn.SQRT, args.get(0));
                }
                if (ex.isFraction() && ex.toString().equals("-1/2")) {
                    return new Node.PowInt(new Node.Call(Node.Fn.SQRT, args.get(0)), -1);
                }
                return new Node.Pow(args.get(0), args.get(1));
            }
            case "Log":
                if (n == 2) {
                    return new Node.Product(List.of(new Node.Call(Node.Fn.LOG, args.get(1)),
                            new Node.PowInt(new Node.Call(Node.Fn.LOG, args.get(0)), -1)));
                }
                break;
            case "Piecewise": {
                IExpr cases = ast.arg1();
                if (!cases.isList()) {
                    break;
                }
                List<Node> conds = new ArrayList<>(), values = new ArrayList<>();
                for (int i = 1; i < ((IAST) cases).size(); i++) {
                    IAST c = (IAST) ((IAST) cases).get(i);
                    values.add(lower(c.arg1(), symbols));
                    conds.add(lower(c.arg2(), symbols));
                }
                return new Node.Select(conds, values, n > 1 ? args.get(1) : new Node.Const(0));
            }
            case "And":
                return new Node.Logic(Node.LogicOp.AND, args);
            case "Or":
                return new Node.Logic(Node.LogicOp.OR, args);
            case "Not":
                return new Node.Logic(Node.LogicOp.NOT, args);
            case "Max":
                return new Node.Extremum(true, args);
            case "Min":
                return new Node.Extremum(false, args);
            default:
                break;
        }
        Node.Cmp cmp = COMPARISONS.get(head);
        if (cmp != null && n >= 2) {
            List<Node> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < n; i++) {
                pairs.add(new Node.Compare(cmp, args.get(i), args.get(i + 1)));
            }
            return pairs.size() == 1 ? pairs.get(0) : new Node.Logic(Node.LogicOp.AND, pairs);
        }
        Node.Fn fn = FUNCTIONS.get(head);
        if (fn != null && n == 1) {
            return fn == Node.Fn.LOG ? stableLog(args.get(0)) : new Node.Call(fn, args.get(0));
        }
        return new Node.Unsupported(displayText(print(e)));
    }
}
