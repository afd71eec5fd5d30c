package io.ricci.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the index language:
 *
 * <pre>
 * program := stmt ( ('where' | ',' | ';') stmt )* ( 'given' expr '=' expr ( ',' expr '=' expr )* )?
 * stmt    := NAME ( '[' idx (',' idx)* ']' )? '=' expr
 * expr    := term ( ('+' | '-') term )*
 * term    := unary ( ('*' | '/') unary )*
 * unary   := '-' unary | power
 * power   := primary ( '^' ('-')? NUMBER )?
 * primary := NUMBER | '1' '[' idx ']' | NAME ( '[' idxs ']' )? | FN '(' expr ')'
 *          | 'softmax' '(' NAME ')' '[' idxs ']' | 'sum' '(' expr ')' | '(' expr ')'
 * </pre>
 *
 * Indices are single letters. Only syntax is checked here; index binding is checked by
 * {@link IndexProgram}. The text is untrusted: its length and its nesting depth (parentheses,
 * function calls, unary minus) are bounded, so a hostile input fails with a parse error instead of
 * exhausting the stack of this recursive-descent parser and of the recursive passes after it.
 */
final class IndexParser {
    sealed interface Node permits Num, Ref, Call, SumOp, Add, Mul, Pow, Neg {
        int pos();
    }

    record Idx(int pos, char c) {
    }

    record Num(int pos, double v) implements Node {
    }

    /** A tensor reference; {@code softmax} marks {@code softmax(name)[idx]}. */
    record Ref(int pos, String name, List<Idx> idx, boolean softmax) implements Node {
    }

    record Call(int pos, String fn, Node arg) implements Node {
    }

    record SumOp(int pos, Node arg) implements Node {
    }

    record Add(int pos, List<Node> terms) implements Node {
    }

    record Mul(int pos, List<Node> factors) implements Node {
    }

    record Pow(int pos, Node base, double p) implements Node {
    }

    record Neg(int pos, Node arg) implements Node {
    }

    record Stmt(int pos, String name, List<Idx> idx, Node rhs) {
    }

    /** {@code lhs = rhs} after 'given': an assumption such as {@code T[i,j]*1[j] = 1[i]}. */
    record Given(int pos, Node lhs, Node rhs) {
    }

    record Source(String text, Stmt main, List<Stmt> where, List<Given> given) {
    }

    /** Element-wise functions with a derivative rule in {@link IndexDerivative}. */
    static final List<String> FUNCTIONS = List.of("exp", "log", "sigmoid", "tanh", "relu", "sqrt", "step",
            "abs", "sign", "sin", "cos");

    /** Longest accepted text; real index expressions are a few hundred characters. */
    static final int MAX_LENGTH = 20_000;
    /** Deepest accepted nesting of parentheses, function calls and unary minus. */
    static final int MAX_DEPTH = 200;
    /** Most statements ({@code where} definitions and {@code given} assumptions, with the main one). */
    static final int MAX_STATEMENTS = 500;

    private final String s;
    private int p;
    /** Enclosing brackets, calls and minus signs of the unary being parsed (-1 outside any). */
    private int depth = -1;

    private IndexParser(String s) {
        this.s = s;
    }

    static Source parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IndexParseException("the expression is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted", text, MAX_LENGTH);
        }
        IndexParser ps = new IndexParser(text);
        Stmt main = ps.stmt();
        List<Stmt> where = new ArrayList<>();
        List<Given> given = new ArrayList<>();
        boolean inGiven = false;
        while (true) {
            ps.ws();
            if (ps.p >= text.length()) {
                break;
            }
            if (ps.keyword("where")) {
                inGiven = false;
            } else if (ps.keyword("given")) {
                inGiven = true;
            } else if (ps.peek() == ',' || ps.peek() == ';') {
                ps.p++;
            } else {
                throw ps.error("expected 'where', 'given', ',' or the end of the expression");
            }
            if (where.size() + given.size() + 1 >= MAX_STATEMENTS) {
                ps.ws();
                throw ps.error("more than " + MAX_STATEMENTS + " statements");
            }
            if (inGiven) {
                ps.ws();
                int pos = ps.p;
                Node lhs = ps.expr();
                ps.expect('=');
                given.add(new Given(pos, lhs, ps.expr()));
            } else {
                where.add(ps.stmt());
            }
        }
        return new Source(text, main, where, given);
    }

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
        return p < s.length() ? s.charAt(p) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'" + (p < s.length() ? " but found '" + s.charAt(p) + "'" : " but the text ended"));
        }
        p++;
    }

    private boolean keyword(String k) {
        ws();
        if (s.startsWith(k, p) && (p + k.length() >= s.length() || !isNameChar(s.charAt(p + k.length())))) {
            p += k.length();
            return true;
        }
        return false;
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

    private Stmt stmt() {
        ws();
        int pos = p;
        String name = name();
        List<Idx> idx = peek() == '[' ? indices() : List.of();
        expect('=');
        Node rhs = expr();
        return new Stmt(pos, name, idx, rhs);
    }

    private List<Idx> indices() {
        expect('[');
        List<Idx> out = new ArrayList<>();
        while (true) {
            ws();
            int pos = p;
            if (p >= s.length() || !Character.isLetter(s.charAt(p))) {
                throw error("expected an index letter");
            }
            if (p + 1 < s.length() && isNameChar(s.charAt(p + 1))) {
                throw error("an index is a single letter (a-z, A-Z)");
            }
            char c = s.charAt(p++);
            if (c > 127) {
                throw new IndexParseException("an index is a single letter (a-z, A-Z)", s, pos);
            }
            out.add(new Idx(pos, c));
            if (peek() == ',') {
                p++;
                continue;
            }
            expect(']');
            return out;
        }
    }

    private Node expr() {
        ws();
        int pos = p;
        List<Node> terms = new ArrayList<>();
        terms.add(term());
        while (peek() == '+' || peek() == '-') {
            ws();
            int opPos = p;
            char op = s.charAt(p++);
            Node t = term();
            terms.add(op == '-' ? new Neg(opPos, t) : t);
        }
        return terms.size() == 1 ? terms.get(0) : new Add(pos, terms);
    }

    private Node term() {
        ws();
        int pos = p;
        List<Node> fs = new ArrayList<>();
        fs.add(unary());
        while (peek() == '*' || peek() == '/') {
            ws();
            int opPos = p;
            char op = s.charAt(p++);
            Node f = unary();
            fs.add(op == '/' ? new Pow(opPos, f, -1) : f);
        }
        return fs.size() == 1 ? fs.get(0) : new Mul(pos, fs);
    }

    /** Every level of nesting passes through here once (a bracket, a call's argument, a minus sign). */
    private Node unary() {
        ws();
        if (++depth > MAX_DEPTH) {
            throw error("the expression nests deeper than " + MAX_DEPTH + " levels (parentheses, function calls, unary minus)");
        }
        try {
            return unaryBody();
        } finally {
            depth--;
        }
    }

    private Node unaryBody() {
        if (peek() == '-') {
            int pos = p++;
            return new Neg(pos, unary());
        }
        Node b = primary();
        if (peek() == '^') {
            int pos = p++;
            boolean neg = false;
            if (peek() == '-') {
                p++;
                neg = true;
            }
            double v = number();
            return new Pow(pos, b, neg ? -v : v);
        }
        return b;
    }

    private double number() {
        ws();
        int st = p;
        while (p < s.length() && (Character.isDigit(s.charAt(p)) || s.charAt(p) == '.')) {
            p++;
        }
        if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')
                && p + 1 < s.length() && (Character.isDigit(s.charAt(p + 1)) || s.charAt(p + 1) == '-')) {
            p += 2;
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
        }
        try {
            return Double.parseDouble(s.substring(st, p));
        } catch (NumberFormatException e) {
            p = st;
            throw error("expected a number");
        }
    }

    private Node primary() {
        char c = peek();
        int pos = p;
        if (c == '(') {
            p++;
            Node e = expr();
            expect(')');
            return e;
        }
        if (Character.isDigit(c) || c == '.') {
            double v = number();
            if (v == 1 && peek() == '[') {
                List<Idx> idx = indices();
                return new Ref(pos, Factor.ONES, idx, false);
            }
            return new Num(pos, v);
        }
        if (!Character.isLetter(c)) {
            throw error(c == '\0' ? "the expression ended early" : "unexpected '" + c + "'");
        }
        String name = name();
        if (peek() == '(') {
            p++;
            switch (name) {
                case "sum" -> {
                    Node e = expr();
                    expect(')');
                    return new SumOp(pos, e);
                }
                case "softmax" -> {
                    ws();
                    int np = p;
                    String arg = name();
                    if (peek() != ')') {
                        throw error("softmax takes the name of a tensor, e.g. softmax(A)[i,j]");
                    }
                    p++;
                    if (peek() != '[') {
                        throw error("softmax(" + arg + ") needs its indices, e.g. softmax(" + arg + ")[i,j]");
                    }
                    List<Idx> idx = indices();
                    return new Ref(np, arg, idx, true);
                }
                default -> {
                    if (!FUNCTIONS.contains(name)) {
                        throw new IndexParseException("unknown function '" + name + "' (known: sum, softmax, "
                                + String.join(", ", FUNCTIONS) + ")", s, pos);
                    }
                    Node e = expr();
                    expect(')');
                    return new Call(pos, name, e);
                }
            }
        }
        List<Idx> idx = peek() == '[' ? indices() : List.of();
        return new Ref(pos, name, idx, false);
    }
}
