package io.ricci.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matrix notation as matrixcalculus.org takes it ({@code x'*A*x}, {@code norm2(A*x-b)^2},
 * {@code sum(log(vector(1)+exp(-y.*(X*w))))}), checked for shapes and translated to index-notation
 * text that {@link IndexProgram#parse} reads; the derivatives are then taken there.
 *
 * <pre>
 * text    := expr ( 'where' decl ( ',' decl )* )?
 * decl    := NAME ':' ( 'scalar' | 'vector' ( '(' DIM ')' )? | 'matrix' ( '(' DIM ',' DIM ')' )? )
 * expr    := term ( ('+' | '-') term )*
 * term    := unary ( ('*' | '.*' | './' | '/') unary )*
 * unary   := '-' unary | power
 * power   := postfix ( ('^' | '.^') '-'? NUMBER )?
 * postfix := primary "'"*
 * primary := NUMBER | NAME | ('vector' | 'matrix') '(' '1' ')' | FN '(' expr ')' | '(' expr ')'
 * </pre>
 *
 * Every variable is declared (inline after {@code where} or in a separate declaration text); a
 * dimension named in a declaration is rigid, others are symbolic and unified by use, so
 * {@code A*A} makes A square and {@code A(n,m)*A(n,m)} is an error. Vectors are columns;
 * {@code '} makes a row. Each element-wise step becomes a {@code where} definition, so the
 * Einstein summation of the index form only ever contracts what the matrix product contracts.
 */
public final class MatrixNotation {
    /** Element-wise functions of the matrix notation and the index-notation function each maps to. */
    private static final List<String> ELEMENTWISE = List.of("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu",
            "abs", "sign", "sqrt");
    private static final List<String> REDUCTIONS = List.of("tr", "sum", "diag", "norm1", "norm2", "softmax", "logsumexp");
    private static final List<String> LINALG = List.of("inv", "det", "logdet");
    private static final String LETTERS = "ijklmnopqrstuvwxyzabcdefghABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** The translation: declared kinds, the index-notation text and its parsed program. */
    public record Translation(String source, Map<String, String> kinds, String indexText, IndexProgram program) {
    }

    /** A shape: rank 0, 1 (a column, or a row when {@code row}) or 2; dims are union-find ids. */
    private record Shape(int rank, boolean row, int d0, int d1) {
        String describe() {
            return switch (rank) {
                case 0 -> "a scalar";
                case 1 -> row ? "a row vector" : "a column vector";
                default -> "a matrix";
            };
        }
    }

    private sealed interface N permits Leaf, Num, Ones, Un, Bin, Fn, Sum {
        int pos();

        Shape shape();
    }

    private record Leaf(int pos, Shape shape, String name) implements N {
    }

    private record Num(int pos, Shape shape, double v) implements N {
    }

    private record Ones(int pos, Shape shape) implements N {
    }

    /** op: "'" transpose, "-" negation, "^p" power. */
    private record Un(int pos, Shape shape, String op, N a, double p) implements N {
    }

    /** op: "*" matrix product (or scaling), ".*", "./", "+", "-". */
    private record Bin(int pos, Shape shape, String op, N a, N b) implements N {
    }

    private record Fn(int pos, Shape shape, String fn, N a) implements N {
    }

    /** A reduction or structural function: tr, sum, diagv (vector to matrix), diagm, norm1, norm2, softmax, logsumexp. */
    private record Sum(int pos, Shape shape, String fn, N a) implements N {
    }

    private final String s;
    private int p;
    private final Map<String, Shape> vars = new LinkedHashMap<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();
    // union-find over dims, each class with an optional rigid name
    private final List<Integer> parent = new ArrayList<>();
    private final Map<Integer, String> dimName = new HashMap<>();
    private final Map<String, Integer> namedDim = new HashMap<>();
    private int depth;
    /** Where the expression ends (the 'where' clause follows). */
    private int end;

    private MatrixNotation(String s) {
        this.s = s;
        this.end = s.length();
    }

    /** Parses {@code text} (declarations after {@code where}) and translates it. */
    public static Translation translate(String text) {
        return translate(text, "");
    }

    /**
     * Parses {@code text} with the extra {@code declarations} ("A:matrix x:vector s:scalar",
     * separated by spaces or commas) and translates it; errors carry the position of the cause.
     */
    public static Translation translate(String text, String declarations) {
        if (text.length() > IndexParser.MAX_LENGTH) {
            throw new IndexParseException("the expression is " + text.length() + " characters long; at most "
                    + IndexParser.MAX_LENGTH + " are accepted", text, IndexParser.MAX_LENGTH);
        }
        MatrixNotation m = new MatrixNotation(text);
        int where = m.findWhere();
        if (declarations != null && !declarations.isBlank()) {
            MatrixNotation d = new MatrixNotation(declarations);
            d.p = 0;
            d.declarations(declarations.length(), m);
        }
        if (where >= 0) {
            m.p = where + "where".length();
            m.declarations(text.length(), m);
        }
        m.p = 0;
        m.end = where < 0 ? text.length() : where;
        N root = m.expr();
        m.ws();
        if (m.p < m.end) {
            throw m.error("expected an operator or the end of the expression");
        }
        String idx = new Emitter(m).program(root);
        return new Translation(text, java.util.Collections.unmodifiableMap(m.kinds), idx, IndexProgram.parse(idx));
    }

    private int findWhere() {
        int q = 0;
        while ((q = s.indexOf("where", q)) >= 0) {
            boolean before = q == 0 || !isNameChar(s.charAt(q - 1));
            boolean after = q + 5 >= s.length() || !isNameChar(s.charAt(q + 5));
            if (before && after) {
                return q;
            }
            q++;
        }
        return -1;
    }

    private void declarations(int end, MatrixNotation into) {
        while (true) {
            ws();
            if (p >= end) {
                return;
            }
            if (s.charAt(p) == ',' || s.charAt(p) == ';') {
                p++;
                continue;
            }
            int pos = p;
            String name = name();
            if (into.vars.containsKey(name)) {
                throw new IndexParseException(name + " is declared twice", s, pos);
            }
            expect(':');
            ws();
            int kp = p;
            String kind = name();
            Shape sh = switch (kind) {
                case "scalar" -> new Shape(0, false, -1, -1);
                case "vector" -> new Shape(1, false, dimDecl(into, true), -1);
                case "matrix" -> {
                    int r = -1;
                    int c = -1;
                    if (peek() == '(') {
                        p++;
                        r = into.dim(name());
                        expect(',');
                        c = into.dim(name());
                        expect(')');
                    }
                    yield new Shape(2, false, r < 0 ? into.fresh() : r, c < 0 ? into.fresh() : c);
                }
                default -> throw new IndexParseException("'" + kind + "' is not a kind; use scalar, vector or matrix", s, kp);
            };
            if (ELEMENTWISE.contains(name) || REDUCTIONS.contains(name) || LINALG.contains(name)
                    || name.equals("vector") || name.equals("matrix") || name.equals("delta")) {
                throw new IndexParseException(name + " is a function name and cannot be a variable", s, pos);
            }
            into.vars.put(name, sh);
            into.kinds.put(name, kind);
        }
    }

    private int dimDecl(MatrixNotation into, boolean one) {
        if (peek() != '(') {
            return into.fresh();
        }
        p++;
        int d = into.dim(name());
        expect(')');
        return d;
    }

    // ---- dims ----

    private int fresh() {
        parent.add(parent.size());
        return parent.size() - 1;
    }

    private int dim(String name) {
        return namedDim.computeIfAbsent(name, n -> {
            int d = fresh();
            dimName.put(d, n);
            return d;
        });
    }

    private int find(int d) {
        while (parent.get(d) != d) {
            d = parent.get(d);
        }
        return d;
    }

    private String dimText(int d) {
        String n = dimName.get(find(d));
        return n == null ? "a symbolic size" : "size " + n;
    }

    private void unify(int a, int b, int pos, String what) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        String na = dimName.get(ra);
        String nb = dimName.get(rb);
        if (na != null && nb != null) {
            throw new IndexParseException(what + ": size " + na + " does not match size " + nb, s, pos);
        }
        parent.set(ra, rb);
        if (na != null) {
            dimName.put(rb, na);
        }
    }

    // ---- parser ----

    private IndexParseException error(String msg) {
        return new IndexParseException(msg, s, p);
    }

    private void ws() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
    }

    private char peek() {
        ws();
        return p < end ? s.charAt(p) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'" + (p < s.length() ? " but found '" + s.charAt(p) + "'" : " but the text ended"));
        }
        p++;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String name() {
        ws();
        int st = p;
        if (p >= s.length() || !Character.isLetter(s.charAt(p))) {
            throw error("expected a name");
        }
        while (p < s.length() && isNameChar(s.charAt(p))) {
            p++;
        }
        return s.substring(st, p);
    }

    private boolean at(String op) {
        ws();
        return s.startsWith(op, p);
    }

    private N expr() {
        if (++depth > IndexParser.MAX_DEPTH) {
            throw error("nested more than " + IndexParser.MAX_DEPTH + " deep");
        }
        N a = term();
        while (true) {
            char c = peek();
            if (c != '+' && c != '-') {
                break;
            }
            int pos = p++;
            N b = term();
            a = add(pos, String.valueOf(c), a, b);
        }
        depth--;
        return a;
    }

    private N add(int pos, String op, N a, N b) {
        Shape x = a.shape();
        Shape y = b.shape();
        if (x.rank() == 0 || y.rank() == 0) {
            // a scalar is broadcast over the other operand, as 1 + exp(v) is read by matrixcalculus.org
            return new Bin(pos, x.rank() == 0 ? y : x, op, a, b);
        }
        if (x.rank() != y.rank() || x.row() != y.row()) {
            throw new IndexParseException("cannot " + (op.equals("+") ? "add " : "subtract ") + y.describe()
                    + (op.equals("+") ? " to " : " from ") + x.describe(), s, pos);
        }
        unify(x.d0(), y.d0(), pos, "'" + op + "'");
        if (x.rank() == 2) {
            unify(x.d1(), y.d1(), pos, "'" + op + "'");
        }
        return new Bin(pos, x, op, a, b);
    }

    private N term() {
        N a = unary();
        while (true) {
            ws();
            String op;
            if (at(".*")) {
                op = ".*";
            } else if (at("./")) {
                op = "./";
            } else if (at("*")) {
                op = "*";
            } else if (at("/")) {
                op = "/";
            } else {
                break;
            }
            int pos = p;
            p += op.length();
            N b = unary();
            a = product(pos, op, a, b);
        }
        return a;
    }

    private N product(int pos, String op, N a, N b) {
        Shape x = a.shape();
        Shape y = b.shape();
        if (op.equals("/")) {
            if (y.rank() != 0) {
                throw new IndexParseException("'/' divides by a scalar; use './' for element-wise division by "
                        + y.describe(), s, pos);
            }
            return new Bin(pos, x, "./", a, b);
        }
        if (x.rank() == 0 || y.rank() == 0) {
            return new Bin(pos, x.rank() == 0 ? y : x, op.equals("./") ? "./" : ".*", a, b);
        }
        if (!op.equals("*")) {
            if (x.rank() != y.rank() || x.row() != y.row()) {
                throw new IndexParseException("'" + op + "' needs operands of one shape, not " + x.describe() + " and "
                        + y.describe(), s, pos);
            }
            unify(x.d0(), y.d0(), pos, "'" + op + "'");
            if (x.rank() == 2) {
                unify(x.d1(), y.d1(), pos, "'" + op + "'");
            }
            return new Bin(pos, x, op, a, b);
        }
        // matrix product: the inner sizes must agree
        int inner = x.rank() == 2 ? x.d1() : x.row() ? x.d0() : -1;
        int outer = y.rank() == 2 ? y.d0() : !y.row() ? y.d0() : -1;
        Shape out;
        if (x.rank() == 1 && !x.row() && y.rank() == 1 && y.row()) {
            return new Bin(pos, new Shape(2, false, x.d0(), y.d0()), "*", a, b);
        }
        if (inner < 0 || outer < 0) {
            throw new IndexParseException("cannot multiply " + x.describe() + " by " + y.describe()
                    + (x.rank() == 1 && y.rank() == 1 ? "; write x'*y for the inner product or x.*y element-wise" : ""),
                    s, pos);
        }
        if (find(inner) != find(outer) && dimName.get(find(inner)) != null && dimName.get(find(outer)) != null) {
            throw new IndexParseException("'*': the columns of the left operand (" + dimText(inner)
                    + ") do not match the rows of the right operand (" + dimText(outer) + ")", s, pos);
        }
        unify(inner, outer, pos, "'*'");
        if (x.rank() == 2 && y.rank() == 2) {
            out = new Shape(2, false, x.d0(), y.d1());
        } else if (x.rank() == 2) {
            out = new Shape(1, false, x.d0(), -1);
        } else if (y.rank() == 2) {
            out = new Shape(1, true, y.d1(), -1);
        } else {
            out = new Shape(0, false, -1, -1);
        }
        return new Bin(pos, out, "*", a, b);
    }

    private N unary() {
        if (peek() == '-') {
            int pos = p++;
            if (++depth > IndexParser.MAX_DEPTH) {
                throw error("nested more than " + IndexParser.MAX_DEPTH + " deep");
            }
            N a = unary();
            depth--;
            return new Un(pos, a.shape(), "-", a, 0);
        }
        N a = postfix();
        ws();
        if (at(".^") || at("^")) {
            int pos = p;
            p += at(".^") ? 2 : 1;
            ws();
            int st = p;
            if (p < s.length() && s.charAt(p) == '-') {
                p++;
            }
            double e = number(st);
            return new Un(pos, a.shape(), "^", a, e);
        }
        return a;
    }

    private double number(int st) {
        int q = p;
        while (p < s.length() && (Character.isDigit(s.charAt(p)) || s.charAt(p) == '.')) {
            p++;
        }
        if (p == q) {
            throw error("expected a number");
        }
        try {
            return Double.parseDouble(s.substring(st, p));
        } catch (NumberFormatException e) {
            throw new IndexParseException("'" + s.substring(st, p) + "' is not a number", s, st);
        }
    }

    private N postfix() {
        N a = primary();
        while (peek() == '\'') {
            int pos = p++;
            Shape x = a.shape();
            Shape t = switch (x.rank()) {
                case 0 -> x;
                case 1 -> new Shape(1, !x.row(), x.d0(), -1);
                default -> new Shape(2, false, x.d1(), x.d0());
            };
            a = new Un(pos, t, "'", a, 0);
        }
        return a;
    }

    private N primary() {
        char c = peek();
        int pos = p;
        if (Character.isDigit(c) || c == '.') {
            return new Num(pos, new Shape(0, false, -1, -1), number(p));
        }
        if (c == '(') {
            p++;
            N a = expr();
            expect(')');
            return a;
        }
        if (!Character.isLetter(c)) {
            throw error(p >= end ? "the expression ended early" : "unexpected '" + c + "'");
        }
        String name = name();
        if (peek() != '(') {
            Shape sh = vars.get(name);
            if (sh == null) {
                throw new IndexParseException(name + " is not declared; declare it, e.g. 'where " + name
                        + ":vector' or --declare \"" + name + ":matrix\"", s, pos);
            }
            return new Leaf(pos, sh, name);
        }
        if (LINALG.contains(name)) {
            throw new IndexParseException("not yet supported: " + name + " needs linalg (issue 18)", s, pos);
        }
        if (name.equals("vector") || name.equals("matrix")) {
            p++;
            ws();
            int np = p;
            double v = number(p);
            if (v != 1) {
                throw new IndexParseException(name + "(...) takes 1 (a vector or matrix of ones)", s, np);
            }
            expect(')');
            return new Ones(pos, name.equals("vector") ? new Shape(1, false, fresh(), -1) : new Shape(2, false, fresh(), fresh()));
        }
        if (!ELEMENTWISE.contains(name) && !REDUCTIONS.contains(name)) {
            throw new IndexParseException("unknown function " + name + " (known: " + String.join(", ", ELEMENTWISE)
                    + ", " + String.join(", ", REDUCTIONS) + ")", s, pos);
        }
        if (ELEMENTWISE.contains(name) && !IndexParser.FUNCTIONS.contains(name)) {
            throw new IndexParseException("not supported yet: the index notation has no " + name + " yet", s, pos);
        }
        p++;
        N a = expr();
        expect(')');
        Shape x = a.shape();
        Shape scalar = new Shape(0, false, -1, -1);
        return switch (name) {
            case "tr" -> {
                if (x.rank() != 2) {
                    throw new IndexParseException("tr takes a matrix, not " + x.describe(), s, pos);
                }
                unify(x.d0(), x.d1(), pos, "tr needs a square matrix");
                yield new Sum(pos, scalar, "tr", a);
            }
            case "sum", "norm1", "norm2" -> {
                if (name.equals("norm1") && !IndexParser.FUNCTIONS.contains("abs")) {
                    throw new IndexParseException("not supported yet: norm1 needs abs, which the index notation has not yet", s, pos);
                }
                yield new Sum(pos, scalar, name, a);
            }
            case "diag" -> switch (x.rank()) {
                case 1 -> new Sum(pos, new Shape(2, false, x.d0(), x.d0()), "diagv", a);
                case 2 -> {
                    unify(x.d0(), x.d1(), pos, "diag needs a square matrix");
                    yield new Sum(pos, new Shape(1, false, x.d0(), -1), "diagm", a);
                }
                default -> throw new IndexParseException("diag takes a vector or a matrix, not a scalar", s, pos);
            };
            case "softmax", "logsumexp" -> {
                if (x.rank() != 1) {
                    throw new IndexParseException(name + " takes a vector, not " + x.describe(), s, pos);
                }
                yield new Sum(pos, name.equals("softmax") ? x : scalar, name, a);
            }
            default -> new Fn(pos, x, name, a);
        };
    }

    /** Writes the index-notation text: one main statement and a where-definition per element-wise step. */
    private static final class Emitter {
        private static final java.util.regex.Pattern PLAIN_PRODUCT =
                java.util.regex.Pattern.compile("[A-Za-z0-9_.]+(\\[[A-Za-z,]*])?(\\*[A-Za-z0-9_.]+(\\[[A-Za-z,]*])?)*");
        private final MatrixNotation m;
        private final List<String> defs = new ArrayList<>();
        private final String prefix;
        private int next;
        /** Letters used so far in the statement being written. */
        private int letter;

        Emitter(MatrixNotation m) {
            this.m = m;
            String pre = "m";
            Set<String> names = m.vars.keySet();
            while (true) {
                String pp = pre;
                if (names.stream().noneMatch(n -> n.startsWith(pp))) {
                    break;
                }
                pre = pre + "m";
            }
            prefix = pre;
        }

        String program(N root) {
            String out = "f";
            while (m.vars.containsKey(out)) {
                out = out + "f";
            }
            int save = letter;
            letter = 0;
            char[] l = letters(root.shape().rank());
            String body = emit(root, l);
            letter = save;
            StringBuilder b = new StringBuilder(out).append(lhs(l)).append(" = ").append(body);
            for (int i = 0; i < defs.size(); i++) {
                b.append(i == 0 ? " where " : ", ").append(defs.get(i));
            }
            return b.toString();
        }

        private char[] letters(int n) {
            char[] l = new char[n];
            for (int i = 0; i < n; i++) {
                l[i] = fresh();
            }
            return l;
        }

        private char fresh() {
            if (letter >= LETTERS.length()) {
                throw new IndexParseException("the expression needs more than " + LETTERS.length()
                        + " index letters in one statement", m.s, 0);
            }
            return LETTERS.charAt(letter++);
        }

        private static String lhs(char[] l) {
            if (l.length == 0) {
                return "";
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.length; i++) {
                b.append(i == 0 ? "" : ",").append(l[i]);
            }
            return b.append(']').toString();
        }

        /** A new where-definition holding {@code n}; returns its name. */
        private String def(N n) {
            String name = prefix + (++next);
            int save = letter;
            letter = 0;
            char[] l = letters(n.shape().rank());
            String body = switch (n) {
                case Bin b when b.op().equals(".*") || b.op().equals("./") -> {
                    String x = factor(b.a(), b.a().shape().rank() == 0 ? new char[0] : l);
                    yield b.op().equals(".*") ? x + "*" + factor(b.b(), l) : x + "/" + ref(b.b(), l);
                }
                case Un u -> ref(u.a(), l) + "^" + num(u.p());
                case Sum sm when sm.fn().equals("diagv") -> "delta[" + l[0] + "," + l[1] + "]*" + ref(sm.a(), new char[] {l[0]});
                case Sum sm when sm.fn().equals("diagm") -> "(" + emit(sm.a(), new char[] {l[0], l[0]}) + ")";
                case Sum sm when sm.fn().equals("softmax") -> "softmax(" + refName(sm.a()) + ")[" + l[0] + "]";
                default -> emit(n, l);
            };
            letter = save;
            defs.add(name + lhs(l) + " = " + body);
            return name;
        }

        /** {@code n} as an operand of a product: a parenthesised expression. */
        private String factor(N n, char[] l) {
            String e = emit(n, l);
            // a product of plain references needs no parentheses
            return PLAIN_PRODUCT.matcher(e).matches() ? e : "(" + e + ")";
        }

        /** {@code n} as a single reference (a variable or a definition) with the letters {@code l}. */
        private String ref(N n, char[] l) {
            if (n instanceof Num num) {
                return num(num.v());
            }
            return refName(n) + lhs(l);
        }

        private String refName(N n) {
            return n instanceof Leaf leaf ? leaf.name() : def(n);
        }

        private static String num(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
        }

        String emit(N n, char[] l) {
            return switch (n) {
                case Leaf leaf -> leaf.name() + lhs(l);
                case Num num -> num(num.v()) + (l.length == 0 ? "" : "*" + ones(l));
                case Ones o -> ones(l);
                case Un u when u.op().equals("'") -> u.a().shape().rank() == 2
                        ? emit(u.a(), new char[] {l[1], l[0]}) : emit(u.a(), l);
                case Un u when u.op().equals("-") -> "-" + factor(u.a(), l);
                case Un u -> ref(n, l);
                case Bin b when b.op().equals("+") || b.op().equals("-") -> {
                    String x = b.a().shape().rank() == 0 && l.length > 0 ? factor(b.a(), new char[0]) + "*" + ones(l) : emit(b.a(), l);
                    String y = b.b().shape().rank() == 0 && l.length > 0 ? factor(b.b(), new char[0]) + "*" + ones(l) : factor(b.b(), l);
                    yield x + " " + b.op() + " " + y;
                }
                case Bin b when b.op().equals("*") -> product(b, l);
                case Bin b -> {
                    boolean ra = b.a().shape().rank() == 0;
                    boolean rb = b.b().shape().rank() == 0;
                    if (rb || (ra && b.op().equals(".*"))) {
                        // scaling by a scalar: no element-wise definition needed
                        String x = factor(b.a(), ra ? new char[0] : l);
                        yield b.op().equals(".*") ? x + "*" + factor(b.b(), rb ? new char[0] : l) : x + "/" + ref(b.b(), new char[0]);
                    }
                    yield def(n) + lhs(l);
                }
                case Fn f -> f.fn() + "(" + ref(f.a(), l) + ")";
                case Sum sm -> switch (sm.fn()) {
                    case "tr" -> {
                        char k = fresh();
                        yield factor(sm.a(), new char[] {k, k});
                    }
                    case "sum" -> {
                        if (sm.a().shape().rank() == 0) {
                            yield factor(sm.a(), l);
                        }
                        yield "sum(" + emit(sm.a(), letters(sm.a().shape().rank())) + ")";
                    }
                    case "norm1" -> "sum(abs(" + ref(sm.a(), letters(sm.a().shape().rank())) + "))";
                    case "norm2" -> {
                        char[] k = letters(sm.a().shape().rank());
                        String r = ref(sm.a(), k);
                        yield "sqrt(" + r + "*" + r + ")";
                    }
                    case "logsumexp" -> "log(sum(exp(" + ref(sm.a(), letters(1)) + ")))";
                    default -> def(n) + lhs(l);
                };
            };
        }

        private String ones(char[] l) {
            StringBuilder b = new StringBuilder(l.length > 1 ? "(" : "");
            for (int i = 0; i < l.length; i++) {
                b.append(i == 0 ? "" : "*").append("1[").append(l[i]).append(']');
            }
            return b.append(l.length > 1 ? ")" : "").toString();
        }

        private String product(Bin b, char[] l) {
            Shape x = b.a().shape();
            Shape y = b.b().shape();
            if (x.rank() == 1 && !x.row() && y.rank() == 1 && y.row()) {
                return factor(b.a(), new char[] {l[0]}) + "*" + factor(b.b(), new char[] {l[1]});
            }
            char k = fresh();
            char[] la = x.rank() == 2 ? new char[] {l[0], k} : new char[] {k};
            char[] lb = y.rank() == 2 ? new char[] {k, l[x.rank() == 2 ? 1 : 0]} : new char[] {k};
            return factor(b.a(), la) + "*" + factor(b.b(), lb);
        }
    }
}
