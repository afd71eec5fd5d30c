package io.ricci.nn.autograd;

import io.ricci.nn.layers.Layer;
import io.ricci.nn.layers.Parameter;

import io.ricci.tensor.DType;
import io.ricci.tensor.Layout;
import io.ricci.tensor.Rng;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks analytic gradients against central differences in float64, with PyTorch gradcheck's
 * defaults (eps 1e-6, atol 1e-5, rtol 1e-3): an element passes when
 * {@code |analytic - numeric| <= atol + rtol·|numeric|}.
 *
 * <p>A function with output y is reduced to the scalar {@code L = Σ u ⊙ y} with a fixed random
 * {@code u}, so the analytic side is one vector-Jacobian product {@code uᵀJ} and the numeric side is
 * {@code (L(x + eps·e_j) - L(x - eps·e_j)) / 2eps} for every input element j. The fast mode checks
 * one random direction v instead: {@code uᵀJv} against {@code (L(x+eps·v) - L(x-eps·v)) / 2eps}.
 * Each element also gets the CS231n relative error {@code |a-n| / max(|a|,|n|)} and a warning when
 * its one-sided differences disagree, i.e. the point sits within eps of a kink (ReLU at 0, a tie in
 * max) where no finite difference is meaningful.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Tolerances and mode. */
    public record Options(double eps, double atol, double rtol, boolean fast, long seed) {
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-3, false, 42);
        }

        public Options withFast(boolean f) {
            return new Options(eps, atol, rtol, f, seed);
        }
    }

    /** One compared element (or the single direction in fast mode). */
    public record Entry(int input, int[] index, double analytic, double numeric, double relError,
                        boolean passed, boolean nearKink) {
        /** The CS231n band of the relative error. */
        public String band() {
            return GradCheck.band(relError);
        }
    }

    /** The outcome: every entry, the largest relative error, kink warnings. */
    public record Report(List<Entry> entries, double maxRelError, boolean passed, List<String> warnings) {
        @Override
        public String toString() {
            long bad = entries.stream().filter(e -> !e.passed()).count();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "gradcheck %s: %d elements, max relative error %.3e (%s), %d outside atol/rtol",
                    passed ? "passed" : "FAILED", entries.size(), maxRelError, band(maxRelError), bad));
            for (String w : warnings) {
                sb.append("\n  warning: ").append(w);
            }
            for (Entry e : entries) {
                if (!e.passed()) {
                    sb.append(String.format(Locale.ROOT, "%n  input %d %s: analytic %.9g numeric %.9g rel %.3e",
                            e.input(), java.util.Arrays.toString(e.index()), e.analytic(), e.numeric(), e.relError()));
                }
            }
            return sb.toString();
        }
    }

    /** CS231n's reading of a relative error. */
    public static String band(double rel) {
        if (rel > 1e-2) {
            return "wrong";
        }
        if (rel > 1e-4) {
            return "uncomfortable";
        }
        if (rel > 1e-7) {
            return "fine for kinked functions";
        }
        return "good";
    }

    /**
     * Checks the autodiff of {@code f} at {@code inputs} (converted to float64 copies).
     *
     * @param f builds the graph from variables holding the inputs
     */
    public static Report check(Function<Variable[], Variable> f, Options o, Tensor... inputs) {
        List<Tensor> slots = new ArrayList<>();
        for (Tensor t : inputs) {
            slots.add(t.astype(DType.F64).copy());
        }
        Supplier<Tensor> forward = () -> {
            try (AutoCloseable s = Autograd.noGrad()) {
                return f.apply(leaves(slots)).value();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        };
        Function<Tensor, List<Tensor>> vjp = u -> {
            Variable[] vars = leaves(slots);
            Variable out = f.apply(vars);
            out.backward(u, false);
            List<Tensor> gs = new ArrayList<>();
            for (Variable v : vars) {
                gs.add(v.grad() == null ? Tensor.zeros(DType.F64, v.shape()) : v.grad());
            }
            return gs;
        };
        return check(slots, forward, vjp, o);
    }

    /** {@link #check(Function, Options, Tensor...)} with the default options. */
    public static Report check(Function<Variable[], Variable> f, Tensor... inputs) {
        return check(f, Options.defaults(), inputs);
    }

    private static Variable[] leaves(List<Tensor> slots) {
        Variable[] vs = new Variable[slots.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = new Variable(slots.get(i), "x" + i);
        }
        return vs;
    }

    /**
     * Checks a layer's hand-written backward: the input and every parameter value (which must be
     * float64; they are perturbed in place and restored) against central differences.
     */
    public static Report checkLayer(Layer layer, Tensor x, Options o) {
        List<Tensor> slots = new ArrayList<>();
        slots.add(x.astype(DType.F64).copy());
        for (Parameter p : layer.parameters()) {
            if (p.value().dtype() != DType.F64) {
                throw new IllegalArgumentException("checkLayer: parameter " + p.name() + " must be float64");
            }
            slots.add(p.value());
        }
        Supplier<Tensor> forward = () -> layer.forward(slots.get(0));
        Function<Tensor, List<Tensor>> vjp = u -> {
            layer.forward(slots.get(0));
            List<Tensor> gs = new ArrayList<>();
            gs.add(layer.backward(u));
            for (Parameter p : layer.parameters()) {
                gs.add(p.grad());
            }
            return gs;
        };
        return check(slots, forward, vjp, o);
    }

    /**
     * The general check: {@code slots} are float64 tensors that {@code forward} reads and this
     * method perturbs in place (restoring them); {@code vjp} maps an upstream u to dL/dslot for each.
     */
    public static Report check(List<Tensor> slots, Supplier<Tensor> forward,
                               Function<Tensor, List<Tensor>> vjp, Options o) {
        Tensor y0 = forward.get();
        Rng rng = new Rng(o.seed());
        Tensor u = Tensor.randn(rng, DType.F64, y0.shape());
        List<Tensor> analytic = vjp.apply(u);
        for (int i = 0; i < slots.size(); i++) {
            if (!java.util.Arrays.equals(analytic.get(i).shape(), slots.get(i).shape())) {
                throw new IllegalStateException("gradcheck: analytic gradient " + i + " has shape "
                        + Layout.format(analytic.get(i).shape()) + ", input has " + Layout.format(slots.get(i).shape()));
            }
        }
        double l0 = dot(u, y0);
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (o.fast()) {
            List<Tensor> dirs = new ArrayList<>();
            double an = 0;
            for (int i = 0; i < slots.size(); i++) {
                Tensor v = Tensor.randn(rng, DType.F64, slots.get(i).shape());
                dirs.add(v);
                an += dot(analytic.get(i), v);
            }
            double lp = evalShifted(slots, dirs, o.eps(), forward, u);
            double lm = evalShifted(slots, dirs, -o.eps(), forward, u);
            double num = (lp - lm) / (2 * o.eps());
            boolean kink = kink(lp, l0, lm, o);
            entries.add(entry(-1, new int[0], an, num, kink, o));
            if (kink) {
                warnings.add("the random direction crosses a kink within eps; the comparison is not meaningful");
            }
        } else {
            for (int i = 0; i < slots.size(); i++) {
                Tensor x = slots.get(i);
                int[] shape = x.shape();
                for (int flat = 0; flat < x.size(); flat++) {
                    int[] idx = unravel(flat, shape);
                    double orig = x.get(idx);
                    x.set(orig + o.eps(), idx);
                    double lp = dot(u, forward.get());
                    x.set(orig - o.eps(), idx);
                    double lm = dot(u, forward.get());
                    x.set(orig, idx);
                    double num = (lp - lm) / (2 * o.eps());
                    boolean k = kink(lp, l0, lm, o);
                    entries.add(entry(i, idx, analytic.get(i).get(idx), num, k, o));
                    if (k) {
                        warnings.add("input " + i + " " + java.util.Arrays.toString(idx) + " = " + orig
                                + " is within eps of a kink (one-sided slopes differ); its check is not meaningful");
                    }
                }
            }
        }
        double max = 0;
        boolean passed = true;
        for (Entry e : entries) {
            max = Math.max(max, e.relError());
            passed &= e.passed() || e.nearKink();
        }
        return new Report(List.copyOf(entries), max, passed, List.copyOf(warnings));
    }

    private static Entry entry(int input, int[] idx, double a, double n, boolean kink, Options o) {
        double denom = Math.max(Math.abs(a), Math.abs(n));
        double rel = denom == 0 ? 0 : Math.abs(a - n) / denom;
        boolean ok = Math.abs(a - n) <= o.atol() + o.rtol() * Math.abs(n);
        return new Entry(input, idx, a, n, rel, ok, kink);
    }

    /** One-sided slopes disagreeing beyond the tolerance means a kink lies within eps. */
    private static boolean kink(double lp, double l0, double lm, Options o) {
        double right = (lp - l0) / o.eps();
        double left = (l0 - lm) / o.eps();
        return Math.abs(right - left) > 10 * (o.atol() + o.rtol() * Math.max(Math.abs(left), Math.abs(right)));
    }

    private static double evalShifted(List<Tensor> slots, List<Tensor> dirs, double h, Supplier<Tensor> forward, Tensor u) {
        List<Tensor> saved = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            saved.add(slots.get(i).copy());
            slots.get(i).add_(dirs.get(i).mul(h));
        }
        double l = dot(u, forward.get());
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).assign(saved.get(i));
        }
        return l;
    }

    private static double dot(Tensor a, Tensor b) {
        return a.astype(DType.F64).mul(b.astype(DType.F64)).sum().item();
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
