package io.ricci.symbolic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.form.output.OutputFormFactory;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;
import org.matheclipse.parser.client.SyntaxError;
import org.matheclipse.parser.client.math.MathException;

/**
 * The only class that touches Symja (org.matheclipse, LGPL-3). It exchanges plain strings with the
 * rest of the module: "canonical" texts are Symja input strings with exact numbers only (the
 * {@link Source} rewriting turns decimals into fractions), so they parse back without loss on any
 * thread. One evaluator per thread, created on first use: Symja's EvalEngine is thread-local and
 * concurrent use of one engine gives wrong derivatives (symja#1498).
 */
final class SymjaFacade {
    private static final ThreadLocal<SymjaFacade> PER_THREAD = ThreadLocal.withInitial(SymjaFacade::new);

    /**
     * Simplify only results up to this many leaves: Symja's Simplify took seconds on a 1,200-leaf
     * Hessian here, and larger results are rarely shortened enough to matter.
     */
    private static final int SIMPLIFY_LEAF_LIMIT = 100;

    /** Builtin symbols a function may use as values. */
    private static final Set<String> CONSTANTS = Set.of("E", "Pi");

    /** Functions the caller may write that Symja does not know; rewritten before evaluation. */
    private static final Set<String> OWN_FUNCTIONS = Set.of("relu", "sigmoid");

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

    private final ExprEvaluator evaluator;
    private final IExpr sigmoidRule;
    private final IExpr sigmoidExpansion;

    private SymjaFacade() {
        evaluator = new ExprEvaluator(false, (short) 100);
        // Symja prints evaluation messages (e.g. "Set: Symbol ... is Protected") unless quiet.
        evaluator.getEvalEngine().setQuietMode(true);
        // 1/(1+e^v) is sigmoid(-v) for every v; as LogisticSigmoid, D gives the σ(1-σ) form.
        sigmoidRule = evaluator.parse("1/(1+E^(v_)) :> LogisticSigmoid(-v)");
        sigmoidExpansion = evaluator.parse("LogisticSigmoid(u_) :> 1/(1+E^(-u))");
    }

    /** The calling thread's facade (and Symja engine), created on first use. */
    static SymjaFacade current() {
        return PER_THREAD.get();
    }

    /** A derived or given expression in every form the module hands out. */
    record Entry(String canonical, String text, String latex, Node node) {
    }

    /**
     * Checks that every name is a usable variable name: an identifier that Symja does not reserve.
     *
     * @throws SymbolicException naming the first bad name
     */
    void checkNames(String op, List<String> names) {
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
     * Parses {@code source} (functions separated by top-level commas) into canonical texts, one per
     * function: relu, max, min and abs become Piecewise, sigmoid and {@code 1/(1+exp(-u))} become
     * LogisticSigmoid.
     *
     * @throws SymbolicException for a syntax error, an unknown variable or function or a wrong
     *     argument count, naming the token and its 1-based position in {@code source}
     */
    List<String> prepare(String op, String source, List<String> symbols) {
        List<String> out = new ArrayList<>();
        for (Source.Piece piece : Source.split(op, source)) {
            IExpr parsed;
            try {
                parsed = evaluator.parse(piece.text());
            } catch (SyntaxError e) {
                int pos = piece.originalPosition(e.getStartOffset());
                String token = pos - 1 < source.length() ? String.valueOf(source.charAt(pos - 1)) : "end of input";
                throw new SymbolicException(op + ": syntax error at position " + pos + " ('" + token + "') in \""
                        + source + "\": " + e.getError(), token, pos);
            } catch (MathException | IllegalArgumentException e) {
                throw new SymbolicException(op + ": cannot parse \"" + source + "\": " + e.getMessage());
            }
            validate(op, source, piece, parsed, new HashSet<>(symbols), symbols);
            IExpr value = eval(rewrite(op, source, piece, parsed));
            value = eval(F.ReplaceAll(value, sigmoidRule));
            out.add(print(value));
        }
        return out;
    }

    private void validate(String op, String source, Source.Piece piece, IExpr e, Set<String> symbols,
            List<String> symbolList) {
        if (e.isNumber()) {
            return;
        }
        if (e.isSymbol()) {
            String name = name(e);
            if (symbols.contains(name) || (e.isBuiltInSymbol() && CONSTANTS.contains(name))) {
                return;
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
        if (e.isAST()) {
            IAST ast = (IAST) e;
            IExpr head = ast.head();
            if (!head.isSymbol()) {
                throw new SymbolicException(op + ": unsupported expression " + e + " in \"" + source + "\"");
            }
            String name = name(head);
            if (!head.isBuiltInSymbol() && !OWN_FUNCTIONS.contains(name.toLowerCase())) {
                Source.Ident at = find(piece, name, true, true);
                int pos = at == null ? 0 : at.position() + 1;
                String token = at == null ? name : at.name();
                throw new SymbolicException(op + ": unknown function '" + token + "' at position " + pos
                        + " in \"" + source + "\"", token, pos);
            }
            for (int i = 1; i < ast.size(); i++) {
                validate(op, source, piece, ast.get(i), symbols, symbolList);
            }
            return;
        }
        throw new SymbolicException(op + ": unsupported expression " + e + " in \"" + source + "\"");
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

    /** Replaces the non-smooth functions by Piecewise and sigmoid by LogisticSigmoid, bottom-up. */
    private IExpr rewrite(String op, String source, Source.Piece piece, IExpr e) {
        if (!e.isAST()) {
            return e;
        }
        IAST ast = (IAST) e;
        IExpr result = ast;
        for (int i = 1; i < ast.size(); i++) {
            IExpr arg = rewrite(op, source, piece, ast.get(i));
            if (arg != ast.get(i)) {
                result = ((IAST) result).setAtCopy(i, arg);
            }
        }
        IAST a = (IAST) result;
        String name = name(a.head()).toLowerCase();
        int args = a.argSize();
        switch (name) {
            case "relu" -> {
                arity(op, source, piece, name, args, 1);
                return F.Piecewise(F.List(F.List(a.arg1(), F.Greater(a.arg1(), F.C0))), F.C0);
            }
            case "sigmoid" -> {
                arity(op, source, piece, name, args, 1);
                return F.LogisticSigmoid(a.arg1());
            }
            case "abs" -> {
                arity(op, source, piece, name, args, 1);
                return F.Piecewise(F.List(F.List(a.arg1(), F.GreaterEqual(a.arg1(), F.C0))), F.Negate(a.arg1()));
            }
            case "max", "min" -> {
                if (args < 1) {
                    arity(op, source, piece, name, args, 1);
                }
                IExpr folded = a.get(args);
                for (int i = args - 1; i >= 1; i--) {
                    IExpr x = a.get(i);
                    IExpr cond = name.equals("max") ? F.GreaterEqual(x, folded) : F.LessEqual(x, folded);
                    folded = F.Piecewise(F.List(F.List(x, cond)), folded);
                }
                return folded;
            }
            default -> {
                return a;
            }
        }
    }

    private static void arity(String op, String source, Source.Piece piece, String name, int got, int want) {
        if (got == want) {
            return;
        }
        Source.Ident at = find(piece, name, true, true);
        int pos = at == null ? 0 : at.position() + 1;
        throw new SymbolicException(op + ": " + name + " at position " + pos + " in \"" + source + "\" takes "
                + want + " argument" + (want == 1 ? "" : "s") + ", got " + got, name, pos);
    }

    /**
     * The derivative of canonical {@code f} with respect to {@code var}, simplified when small.
     *
     * @throws SymbolicException when Symja leaves a derivative unevaluated (never returns 0 for it)
     */
    String differentiate(String op, String f, String var, String display) {
        IExpr fx = evaluator.parse(f);
        IExpr d = eval(F.D(fx, evaluator.parse(var)));
        IExpr left = underived(d);
        if (left != null) {
            throw new SymbolicException(op + ": cannot differentiate " + display + " with respect to " + var
                    + ": Symja leaves " + displayText(print(left)) + " unevaluated");
        }
        if (d.leafCount() <= SIMPLIFY_LEAF_LIMIT) {
            IExpr s = eval(F.Simplify(d));
            if (s.leafCount() <= d.leafCount() && underived(s) == null) {
                d = s;
            }
        }
        return print(d);
    }

    /** {@code sum_j v[j] * D(f, vars[j])} for canonical {@code f}, simplified when small. */
    String directional(String op, String f, List<String> vars, double[] v, String display) {
        IExpr sum = F.C0;
        for (int j = 0; j < vars.size(); j++) {
            if (v[j] != 0) {
                IExpr dj = evaluator.parse(differentiate(op, f, vars.get(j), display));
                sum = F.Plus(sum, F.Times(exact(op, v[j]), dj));
            }
        }
        IExpr d = eval(sum);
        if (d.leafCount() <= SIMPLIFY_LEAF_LIMIT) {
            IExpr s = eval(F.Simplify(d));
            if (s.leafCount() <= d.leafCount()) {
                d = s;
            }
        }
        return print(d);
    }

    private IExpr exact(String op, double x) {
        // The shortest decimal that round-trips, read as an exact fraction (as Source does).
        List<Source.Piece> p = Source.split(op, Double.toString(x).replace("E", "e"));
        return eval(evaluator.parse(p.get(0).text()));
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

    /** Plain text, LaTeX and the lowered tree of canonical {@code f}. */
    Entry entry(String f, List<String> symbols) {
        IExpr e = evaluator.parse(f);
        e = eval(e);
        return new Entry(f, displayText(f), tex(e), lower(e, symbols));
    }

    /**
     * LaTeX of {@code e}. Symja prints Piecewise as {@code \text{Piecewise}(\{\{...\}\})}; each
     * one is swapped for a placeholder symbol, printed, and replaced by a {@code cases} block.
     */
    private String tex(IExpr e) {
        List<String> cases = new ArrayList<>();
        IExpr replaced = replacePiecewise(e, cases);
        String t = eval(F.TeXForm(replaced)).toString().replace("\n", " ").trim();
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
    boolean equivalent(String a, String b) {
        IExpr diff = eval(F.Subtract(evaluator.parse(a), evaluator.parse(b)));
        if (diff.isZero() || eval(F.Simplify(diff)).isZero()) {
            return true;
        }
        IExpr expanded = eval(F.ReplaceAll(diff, sigmoidExpansion));
        return eval(F.Simplify(expanded)).isZero() || eval(F.PossibleZeroQ(expanded)).isTrue();
    }

    /**
     * Evaluates {@code e}, turning Symja's own failures (recursion or iteration limits, argument
     * errors) into a {@link SymbolicException} that names the expression.
     */
    private IExpr eval(IExpr e) {
        try {
            return evaluator.eval(e);
        } catch (SymbolicException ex) {
            throw ex;
        } catch (RuntimeException | StackOverflowError ex) {
            String shown = displayText(print(e));
            if (shown.length() > 200) {
                shown = shown.substring(0, 200) + "...";
            }
            throw new SymbolicException("Symja failed on " + shown + ": " + ex);
        }
    }

    /** A symbol's name as printed ({@code getSymbolName} lower-cases builtins: "times"). */
    private static String name(IExpr symbol) {
        return symbol.toString();
    }

    /** Symja's one-line input form; the factory breaks lines at 80 columns, which carry no meaning. */
    private static String print(IExpr e) {
        StringBuilder sb = new StringBuilder();
        OutputFormFactory.get(true, false).convert(sb, e);
        return sb.toString().replace("\n", "");
    }

    /** The canonical text as shown to people: LogisticSigmoid reads as sigmoid. */
    static String displayText(String canonical) {
        return canonical.replace("LogisticSigmoid(", "sigmoid(");
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
                return new Node.Product(args);
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
            return new Node.Call(fn, args.get(0));
        }
        return new Node.Unsupported(displayText(print(e)));
    }
}
