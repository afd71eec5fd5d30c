package io.ricci.index;

import io.ricci.index.IndexProgram.Def;
import io.ricci.index.IndexProgram.FuncDef;
import io.ricci.index.IndexProgram.PolyDef;
import io.ricci.index.IndexProgram.SoftmaxDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Source code that computes a program's value and its derived gradients, Hessians and differentials
 * from the inputs alone: a Python function on {@code np.einsum} ({@link #numpy}) or a Java class on
 * {@link io.ricci.tensor.Tensor#einsum} ({@link #java}). Every intermediate the results use (where
 * definitions, element-wise functions, softmax, shared adjoints, the gradient a Hessian
 * differentiates) is defined once, in an order that computes each after the ones it uses; each
 * term is one einsum call with the spec and operands of {@link IndexGradient#toJson}.
 *
 * <p>The function takes the inputs in {@link IndexProgram#inputs()} order, then the upstream
 * gradient ({@code dY}) when the output is not a scalar, then the tangents ({@code dX}) of a
 * differential. It returns the value and the derivatives keyed as in the JSON: the input's name for
 * a gradient, {@code "x,y"} for a Hessian, {@code "dY"} for a differential. A leading comment names
 * the shape of every parameter by dimension classes ({@code shapes: A[n1,n2] x[n2]}).
 */
public final class IndexEmit {
    private IndexEmit() {
    }

    /**
     * A self-contained Python module: {@code import numpy as np} and {@code def name(inputs...)}
     * returning {@code (value, {key: derivative})}.
     *
     * @param name the function's name (a Python identifier), e.g. {@code value_and_grad}
     * @throws IllegalArgumentException when the name is not an identifier, a size is not determined
     *     by the inputs, or a term has more indices than einsum takes (52)
     */
    public static String numpy(IndexProgram p, List<IndexGradient> gradients, String name) {
        return new Gen(p, gradients, false).numpy(name);
    }

    /**
     * A self-contained Java compilation unit: {@code public final class Name} with a nested
     * {@code record Result(Tensor value, Map<String, Tensor> gradients)}, {@code static Result
     * compute(Tensor... inputs)} and {@code static Result compute(Map<String, Tensor> inputs)}.
     *
     * @param name the class name, optionally qualified by a package ({@code org.example.Grad})
     * @throws IllegalArgumentException as {@link #numpy}
     */
    public static String java(IndexProgram p, List<IndexGradient> gradients, String name) {
        return new Gen(p, gradients, true).java(name);
    }

    private static final Set<String> PYTHON_RESERVED = Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield", "np", "dt", "float");
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte",
            "case", "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum",
            "extends", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "_");
    /** Keywords and the names the emitted class uses (a local named Tensor would obscure the type). */
    private static final Set<String> JAVA_RESERVED = union(JAVA_KEYWORDS, Set.of("Tensor", "DType", "Map",
            "LinkedHashMap", "Result", "Double", "Math", "String", "Object", "IllegalArgumentException", "dt",
            "gradients", "inputs", "require", "compute"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> r = new HashSet<>(a);
        r.addAll(b);
        return Set.copyOf(r);
    }

    /** One emission: identifiers, parameters, sizes and the body lines. */
    private static final class Gen {
        private final IndexProgram p;
        private final List<IndexGradient> gs;
        private final boolean java;
        private final Map<String, String> ident = new HashMap<>();
        private final Set<String> used = new HashSet<>();
        /** Parameter atoms: inputs, upstream gradients, tangents. */
        private final List<String> params = new ArrayList<>();
        /** Dimension class root -> the expression of its size. */
        private final Map<Integer, String> sizeOf = new HashMap<>();
        /** Dimension class root -> n1, n2, ... for the shapes comment. */
        private final Map<Integer, String> className = new LinkedHashMap<>();
        private final List<String> body = new ArrayList<>();
        private boolean usesDt;

        Gen(IndexProgram p, List<IndexGradient> gs, boolean java) {
            this.p = p;
            this.gs = List.copyOf(gs);
            this.java = java;
            for (IndexGradient g : gs) {
                if (g.program() != p) {
                    throw new IllegalArgumentException("index: every derivative must be of the program " + p.source());
                }
            }
            Set<String> ps = new LinkedHashSet<>(p.inputs());
            for (IndexGradient g : gs) {
                if (g.upstream() != null) {
                    ps.add(g.upstream());
                }
            }
            for (IndexGradient g : gs) {
                if (g.kind().equals("differential")) {
                    for (String x : g.wrt().split(",")) {
                        ps.add("d" + x);
                    }
                }
            }
            params.addAll(ps);
            for (String a : params) {
                name(a);
                for (int k = 0; k < p.rank(a); k++) {
                    int root = p.space.find(p.space.axis(a, k));
                    sizeOf.putIfAbsent(root, java ? ident.get(a) + ".dim(" + k + ")" : ident.get(a) + ".shape[" + k + "]");
                    className.putIfAbsent(root, "n" + (className.size() + 1));
                }
            }
        }

        // ------------------------------------------------------------ names

        /** The identifier of an atom (made once): its name when that is one, else a sanitised form. */
        private String name(String atom) {
            String id = ident.get(atom);
            return id != null ? id : claim(atom, sanitize(atom));
        }

        /** {@code atom} as an ASCII identifier: tanh(u1) is tanh_u1, grad_x(L) is grad_x_L. */
        private static String sanitize(String atom) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < atom.length(); k++) {
                char c = atom.charAt(k);
                if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                    sb.append(c);
                } else if (c >= 128) {
                    sb.append(String.format(Locale.ROOT, "u%04x", (int) c));
                } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
                    sb.append('_');
                }
            }
            while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_' && !atom.endsWith("_")) {
                sb.setLength(sb.length() - 1);
            }
            if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
                sb.insert(0, 't');
            }
            return sb.toString();
        }

        private String claim(String atom, String base) {
            String id = base;
            for (int n = 2; used.contains(id) || reserved(id); n++) {
                id = base + "_" + n;
            }
            used.add(id);
            ident.put(atom, id);
            return id;
        }

        private boolean reserved(String id) {
            return java ? JAVA_RESERVED.contains(id) : PYTHON_RESERVED.contains(id);
        }

        /** A result's local name: dx, d2L_dxdy, dY (differential). */
        private String resultName(IndexGradient g, int n) {
            String base = switch (g.kind()) {
                case "hessian" -> "d2" + g.of() + "_d" + g.wrtFirst() + "d" + g.wrt();
                case "differential" -> "d" + g.of();
                case "jacobian" -> "J_" + g.of() + "_" + g.wrt();
                default -> "d" + g.wrt();
            };
            return claim("\u0000result" + n, sanitize(base));
        }

        static String key(IndexGradient g) {
            return switch (g.kind()) {
                case "hessian" -> g.wrtFirst() + "," + g.wrt();
                case "differential" -> "d" + g.of();
                case "jacobian" -> g.of() + "," + g.wrt();
                default -> g.wrt();
            };
        }

        static String meaning(IndexGradient g) {
            String of = g.upstream() == null ? g.of() : "L";
            return switch (g.kind()) {
                case "hessian" -> "d2" + g.of() + "/d" + g.wrtFirst() + "d" + g.wrt();
                case "differential" -> "d" + g.of() + " along the tangents d" + String.join(", d", g.wrt().split(","));
                case "jacobian" -> "d" + g.of() + "/d" + g.wrt();
                default -> "d" + of + "/d" + g.wrt();
            };
        }

        // ------------------------------------------------------------ sizes and operands

        private String size(int id) {
            String s = sizeOf.get(p.space.find(id));
            if (s == null) {
                throw new IllegalArgumentException("index: the size of index " + p.letter(id)
                        + " is not determined by the inputs, so no code can allocate it");
            }
            return s;
        }

        private String shape(int[] ids) {
            List<String> s = new ArrayList<>();
            for (int id : ids) {
                s.add(size(id));
            }
            if (java) {
                return String.join(", ", s);
            }
            return s.size() == 1 ? "(" + s.get(0) + ",)" : "(" + String.join(", ", s) + ")";
        }

        private String operand(Factor f) {
            if (f.isDelta()) {
                usesDt = true;
                return java ? "Tensor.eye(dt, " + size(f.idx()[0]) + ")" : "np.eye(" + size(f.idx()[0]) + ", dtype=dt)";
            }
            if (f.isOnes()) {
                usesDt = true;
                return java ? "Tensor.ones(dt, " + size(f.idx()[0]) + ")" : "np.ones(" + size(f.idx()[0]) + ", dtype=dt)";
            }
            String v = name(f.atom());
            double e = f.exp();
            if (e == 1) {
                return v;
            }
            if (java) {
                return e == 2 ? v + ".square()" : e == -1 ? v + ".reciprocal()" : e == 0.5 ? v + ".sqrt()"
                        : v + ".pow(" + num(e) + ")";
            }
            return e == 2 ? v + "**2" : e == -1 ? "1 / " + v : e == 0.5 ? "np.sqrt(" + v + ")"
                    : v + "**" + pyExponent(e);
        }

        private String pyExponent(double e) {
            String s = num(e);
            // an integer array to a negative integer power is an error in NumPy; a float power is not
            return e < 0 && e == Math.rint(e) && Double.isFinite(e) ? s + ".0" : s;
        }

        private String num(double v) {
            if (Double.isNaN(v)) {
                return java ? "Double.NaN" : "float(\"nan\")";
            }
            if (Double.isInfinite(v)) {
                return java ? (v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY")
                        : (v > 0 ? "float(\"inf\")" : "-float(\"inf\")");
            }
            if (java) {
                return Double.toString(v);
            }
            return IndexGradient.num(v);
        }

        /** One term without its coefficient (a constant term carries it). */
        private String term(Term t, String spec, int[] out) {
            if (t.factors().isEmpty()) {
                usesDt = true;
                String c = num(t.coef());
                if (java) {
                    String s = shape(out);
                    return "Tensor.full(dt, " + c + (s.isEmpty() ? "" : ", " + s) + ")";
                }
                return "np.full(" + (out.length == 0 ? "()" : shape(out)) + ", " + c + ", dtype=dt)";
            }
            for (char c : spec.toCharArray()) {
                if (c != ',' && c != '-' && c != '>' && !(c < 128 && Character.isLetter(c))) {
                    throw new IllegalArgumentException("index: a term with more than 52 distinct indices cannot be one"
                            + " einsum call (" + spec + ")");
                }
            }
            List<String> ops = new ArrayList<>();
            for (Factor f : t.factors()) {
                ops.add(operand(f));
            }
            String call = (java ? "Tensor.einsum(\"" : "np.einsum(\"") + spec + "\", " + String.join(", ", ops);
            return call + (!java && ops.size() >= 3 ? ", optimize=True)" : ")");
        }

        /** {@code target = Σ terms} as one statement (a continuation line per further term). */
        private void sum(String target, List<Term> terms, List<String> specs, int[] out) {
            if (terms.isEmpty()) {
                usesDt = true;
                String s = shape(out);
                body.add(java ? "Tensor " + target + " = Tensor.zeros(dt" + (s.isEmpty() ? "" : ", " + s) + ");"
                        : target + " = np.zeros(" + (out.length == 0 ? "()" : s) + ", dtype=dt)");
                return;
            }
            List<String> parts = new ArrayList<>();
            for (int n = 0; n < terms.size(); n++) {
                Term t = terms.get(n);
                String e = term(t, specs.get(n), out);
                double c = t.factors().isEmpty() ? 1 : t.coef();
                boolean first = n == 0;
                if (java) {
                    if (first) {
                        parts.add(c == 1 ? e : c == -1 ? e + ".neg()" : e + ".mul(" + num(c) + ")");
                    } else {
                        double m = Math.abs(c);
                        String scaled = m == 1 ? e : e + ".mul(" + num(m) + ")";
                        parts.add((c < 0 ? ".sub(" : ".add(") + scaled + ")");
                    }
                } else {
                    if (first) {
                        parts.add(c == 1 ? e : c == -1 ? "-" + e : num(c) + " * " + e);
                    } else {
                        double m = Math.abs(c);
                        parts.add((c < 0 ? "- " : "+ ") + (m == 1 ? e : num(m) + " * " + e));
                    }
                }
            }
            if (java) {
                StringBuilder sb = new StringBuilder("Tensor " + target + " = " + parts.get(0));
                for (int n = 1; n < parts.size(); n++) {
                    sb.append("\n        ").append(parts.get(n));
                }
                body.add(sb.append(';').toString());
            } else if (parts.size() == 1) {
                body.add(target + " = " + parts.get(0));
            } else {
                String pad = " ".repeat(target.length() + 4);
                StringBuilder sb = new StringBuilder(target + " = (" + parts.get(0));
                for (int n = 1; n < parts.size(); n++) {
                    sb.append('\n').append(pad).append(parts.get(n));
                }
                body.add(sb.append(')').toString());
            }
        }

        private void function(FuncDef d) {
            String y = name(d.name());
            String a = name(d.arg());
            String rhs = java ? switch (d.fn()) {
                case "step" -> a + ".gt(0).astype(" + a + ".dtype())";
                case "exp", "log", "sigmoid", "tanh", "relu", "sqrt", "abs", "sign", "sin", "cos" -> a + "." + d.fn() + "()";
                default -> throw new IllegalArgumentException("index: no code for the function " + d.fn());
            } : switch (d.fn()) {
                case "sigmoid" -> "np.exp(-np.logaddexp(0.0, -" + a + "))  # sigmoid, without overflow";
                case "relu" -> "np.maximum(" + a + ", 0.0)";
                case "step" -> "np.heaviside(" + a + ", 0.0)  # 1 where " + a + " > 0, else 0";
                case "exp", "log", "tanh", "sqrt", "abs", "sign", "sin", "cos" -> "np." + d.fn() + "(" + a + ")";
                default -> throw new IllegalArgumentException("index: no code for the function " + d.fn());
            };
            body.add(java ? "Tensor " + y + " = " + rhs + ";" : y + " = " + rhs);
        }

        private void softmax(SoftmaxDef d) {
            String y = name(d.name());
            String a = name(d.arg());
            if (java) {
                body.add("Tensor " + y + " = " + a + ".softmax(-1);");
            } else {
                body.add(y + " = np.exp(" + a + " - np.max(" + a + ", axis=-1, keepdims=True))  # softmax over the last axis");
                body.add(y + " = " + y + " / np.sum(" + y + ", axis=-1, keepdims=True)");
            }
        }

        /** The definitions the value and the results use, each after the ones it uses. */
        private List<Def> order() {
            List<String> roots = new ArrayList<>();
            roots.add(p.output());
            for (IndexGradient g : gs) {
                for (Term t : g.terms()) {
                    for (Factor f : t.factors()) {
                        if (f.isTensor()) {
                            roots.add(f.atom());
                        }
                    }
                }
            }
            Set<String> need = IndexEvaluator.needed(p, roots, Set.copyOf(params));
            // program order computes every definition after the ones it uses; a topological pass
            // keeps that true should a derivation ever append a definition out of order
            List<Def> pending = new ArrayList<>(p.defs().stream().filter(d -> need.contains(d.name())).toList());
            List<Def> out = new ArrayList<>();
            Set<String> done = new HashSet<>(params);
            while (!pending.isEmpty()) {
                Def ready = null;
                for (Def d : pending) {
                    if (uses(d).stream().allMatch(a -> done.contains(a) || p.def(a) == null)) {
                        ready = d;
                        break;
                    }
                }
                if (ready == null) {
                    throw new IllegalStateException("index: the definitions " + pending.stream().map(Def::name).toList()
                            + " use each other");
                }
                pending.remove(ready);
                out.add(ready);
                done.add(ready.name());
            }
            return out;
        }

        private static List<String> uses(Def d) {
            List<String> r = new ArrayList<>();
            switch (d) {
                case PolyDef pd -> {
                    for (Term t : pd.terms()) {
                        for (Factor f : t.factors()) {
                            if (f.isTensor()) {
                                r.add(f.atom());
                            }
                        }
                    }
                }
                case FuncDef fd -> r.add(fd.arg());
                case SoftmaxDef sd -> r.add(sd.arg());
            }
            return r;
        }

        /** Body lines computing every definition and result; returns the result identifiers. */
        private List<String> computeBody() {
            for (Def d : order()) {
                switch (d) {
                    case PolyDef pd -> {
                        List<String> specs = new ArrayList<>();
                        for (Term t : pd.terms()) {
                            specs.add(IndexGradient.defEinsum(p, pd, t));
                        }
                        sum(name(pd.name()), pd.terms(), specs, pd.idx());
                    }
                    case FuncDef fd -> function(fd);
                    case SoftmaxDef sd -> softmax(sd);
                }
            }
            List<String> results = new ArrayList<>();
            for (int n = 0; n < gs.size(); n++) {
                IndexGradient g = gs.get(n);
                String r = resultName(g, n);
                List<String> specs = new ArrayList<>();
                for (int k = 0; k < g.terms().size(); k++) {
                    specs.add(g.einsum(k));
                }
                sum(r, g.terms(), specs, g.out());
                results.add(r);
            }
            return results;
        }

        private String shapesLine() {
            List<String> s = new ArrayList<>();
            for (String a : params) {
                StringBuilder sb = new StringBuilder(ident.get(a));
                int r = p.rank(a);
                if (r > 0) {
                    sb.append('[');
                    for (int k = 0; k < r; k++) {
                        sb.append(k > 0 ? "," : "").append(className.get(p.space.find(p.space.axis(a, k))));
                    }
                    sb.append(']');
                } else {
                    sb.append("[]");
                }
                s.add(sb.toString());
            }
            return "shapes: " + String.join(" ", s);
        }

        private List<String> header(String lang) {
            List<String> h = new ArrayList<>();
            h.add("Generated by Ricci (ricci derive index --emit " + lang + ") from");
            h.add("  " + commentSafe(p.source()));
            Def out = p.def(p.output());
            h.add("value: " + p.output() + (out.idx().length == 0 ? " (a scalar)" : " (rank " + out.idx().length + ")"));
            for (IndexGradient g : gs) {
                h.add("\"" + key(g) + "\": " + meaning(g));
            }
            for (String a : params) {
                if (gs.stream().anyMatch(g -> a.equals(g.upstream()))) {
                    h.add(ident.get(a) + " is the upstream gradient dL/d" + p.output() + " of a scalar L");
                }
            }
            h.add(shapesLine());
            return h;
        }

        private static String commentSafe(String s) {
            StringBuilder sb = new StringBuilder();
            for (char c : s.toCharArray()) {
                sb.append(c < 0x20 ? ' ' : c == '\\' ? "\\\\" : String.valueOf(c));
            }
            return sb.toString();
        }

        // ------------------------------------------------------------ the two languages

        String numpy(String fn) {
            if (!fn.matches("[A-Za-z_][A-Za-z0-9_]*") || PYTHON_RESERVED.contains(fn)) {
                throw new IllegalArgumentException("index: '" + fn + "' is not a usable Python function name");
            }
            used.add(fn);
            List<String> pnames = params.stream().map(ident::get).toList();
            String value = name(p.output());
            List<String> results = computeBody();
            StringBuilder sb = new StringBuilder();
            for (String line : header("numpy")) {
                sb.append("# ").append(line).append('\n');
            }
            sb.append("import numpy as np\n\n\n");
            sb.append("def ").append(fn).append('(').append(String.join(", ", pnames)).append("):\n");
            sb.append("    \"\"\"Returns (").append(value).append(", {key: derivative}), keys as listed above.\"\"\"\n");
            if (usesDt) {
                sb.append("    dt = ").append(pnames.isEmpty() ? "np.float64" : "np.result_type(" + String.join(", ", pnames) + ")")
                        .append('\n');
            }
            for (String line : body) {
                sb.append("    ").append(line.replace("\n", "\n    ")).append('\n');
            }
            sb.append("    return ").append(value).append(", {");
            for (int n = 0; n < gs.size(); n++) {
                sb.append(n > 0 ? ", " : "").append(pyString(key(gs.get(n)))).append(": ").append(results.get(n));
            }
            return sb.append("}\n").toString();
        }

        String java(String qualified) {
            int dot = qualified.lastIndexOf('.');
            String pkg = dot < 0 ? null : qualified.substring(0, dot);
            String cls = qualified.substring(dot + 1);
            String idRe = "[A-Za-z_$][A-Za-z0-9_$]*";
            if (!cls.matches(idRe) || JAVA_RESERVED.contains(cls) || pkg != null
                    && !Arrays.stream(pkg.split("\\.", -1)).allMatch(s -> s.matches(idRe) && !JAVA_KEYWORDS.contains(s))) {
                throw new IllegalArgumentException("index: '" + qualified + "' is not a usable Java class name");
            }
            used.add(cls);
            List<String> pnames = params.stream().map(ident::get).toList();
            String value = name(p.output());
            List<String> results = computeBody();
            StringBuilder sb = new StringBuilder();
            for (String line : header("java")) {
                sb.append("// ").append(line).append('\n');
            }
            if (pkg != null) {
                sb.append("package ").append(pkg).append(";\n\n");
            }
            sb.append("import io.ricci.tensor.DType;\nimport io.ricci.tensor.Tensor;\nimport java.util.LinkedHashMap;\n"
                    + "import java.util.Map;\n\n");
            sb.append("/** The value of ").append(p.output()).append(" and its derivatives, as einsum contractions. */\n");
            sb.append("public final class ").append(cls).append(" {\n");
            sb.append("    private ").append(cls).append("() {\n    }\n\n");
            sb.append("    /** The value and the derivatives by key (listed above). */\n");
            sb.append("    public record Result(Tensor value, Map<String, Tensor> gradients) {\n    }\n\n");
            sb.append("    /** The parameters by name ({@code ").append(String.join(", ", params)).append("}). */\n");
            sb.append("    public static Result compute(Map<String, Tensor> inputs) {\n");
            sb.append("        return compute(");
            for (int n = 0; n < params.size(); n++) {
                sb.append(n > 0 ? ", " : "").append("require(inputs, ").append(javaString(params.get(n))).append(')');
            }
            sb.append(");\n    }\n\n");
            sb.append("    public static Result compute(");
            for (int n = 0; n < pnames.size(); n++) {
                sb.append(n > 0 ? ", " : "").append("Tensor ").append(pnames.get(n));
            }
            sb.append(") {\n");
            if (usesDt) {
                String dt = "DType.F64";
                if (!pnames.isEmpty()) {
                    dt = pnames.get(0) + ".dtype()";
                    for (int n = 1; n < pnames.size(); n++) {
                        dt = "DType.promote(" + dt + ", " + pnames.get(n) + ".dtype())";
                    }
                }
                sb.append("        DType dt = ").append(dt).append(";\n");
            }
            for (String line : body) {
                sb.append("        ").append(line.replace("\n", "\n        ")).append('\n');
            }
            sb.append("        Map<String, Tensor> gradients = new LinkedHashMap<>();\n");
            for (int n = 0; n < gs.size(); n++) {
                sb.append("        gradients.put(").append(javaString(key(gs.get(n)))).append(", ").append(results.get(n)).append(");\n");
            }
            sb.append("        return new Result(").append(value).append(", gradients);\n    }\n\n");
            sb.append("    private static Tensor require(Map<String, Tensor> inputs, String name) {\n");
            sb.append("        Tensor t = inputs.get(name);\n");
            sb.append("        if (t == null) {\n");
            sb.append("            throw new IllegalArgumentException(\"no tensor for \" + name + \" (parameters: ")
                    .append(javaEscape(String.join(", ", params))).append(")\");\n");
            sb.append("        }\n        return t;\n    }\n}\n");
            return sb.toString();
        }

        private static String pyString(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static String javaString(String s) {
            return "\"" + javaEscape(s) + "\"";
        }

        private static String javaEscape(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }
}
