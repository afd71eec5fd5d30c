package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The contraction order {@link Tensor#einsum} uses for a spec and operand shapes, with NumPy's
 * {@code np.einsum_path} conventions: each step contracts the pending terms at {@link Step#positions()}
 * and appends the result at the end; a step contracting index set C of t terms costs
 * {@code size(C) · (max(1, t-1) + [an index is summed away])} FLOPs, and the optimised count is the
 * sum over steps plus one, as NumPy prints it. {@link #toString()} prints NumPy's table.
 */
public final class EinsumPath {
    /** How the order is searched. */
    public enum Strategy {
        /** {@link #OPTIMAL} for up to {@link #OPTIMAL_MAX_OPERANDS} operands, {@link #GREEDY} beyond. */
        AUTO,
        /** Exhaustive search (NumPy's {@code optimize="optimal"}); cost grows factorially. */
        OPTIMAL,
        /** Best pair first (NumPy's {@code optimize="greedy"}, used by {@code optimize=True}). */
        GREEDY
    }

    /** Largest operand count {@link Strategy#AUTO} searches exhaustively. */
    public static final int OPTIMAL_MAX_OPERANDS = 6;

    /**
     * One contraction: {@code positions} index the pending terms; {@code spec} like {@code "kl,jk->jl"};
     * {@code size} the element count of its result.
     */
    public record Step(int[] positions, String spec, long flops, long size, int scaling, String remaining) {
        public Step {
            positions = positions.clone();
        }

        /** A copy of the positions. */
        @Override
        public int[] positions() {
            return positions.clone();
        }

        @Override
        public String toString() {
            return Arrays.toString(positions) + " " + spec + " (" + flops + " FLOPs, " + size + " elements)";
        }
    }

    private final EinsumSpec spec;
    private final List<int[]> path;
    private final List<Step> steps;
    private final long naiveFlops;
    private final long optimizedFlops;
    private final long largest;
    private final int naiveScaling;

    private EinsumPath(EinsumSpec spec, List<int[]> path, List<Step> steps, long naiveFlops, long optimizedFlops,
            long largest, int naiveScaling) {
        this.spec = spec;
        this.path = path;
        this.steps = steps;
        this.naiveFlops = naiveFlops;
        this.optimizedFlops = optimizedFlops;
        this.largest = largest;
        this.naiveScaling = naiveScaling;
    }

    /** The path for {@code spec} over operands of the given shapes ({@link Strategy#AUTO}). */
    public static EinsumPath of(String spec, int[]... shapes) {
        return of(spec, Strategy.AUTO, shapes);
    }

    /** The path for {@code spec} over operands of the given shapes found by {@code strategy}. */
    public static EinsumPath of(String spec, Strategy strategy, int[]... shapes) {
        Einsum.checkArguments(spec, shapes);
        return plan(EinsumSpec.parse(spec, shapes), strategy);
    }

    static EinsumPath plan(EinsumSpec s, Strategy strategy) {
        int n = s.inputs.length;
        long[] sets = new long[n];
        long indices = 0;
        long memoryLimit = 0;
        for (int t = 0; t < n; t++) {
            sets[t] = EinsumSpec.mask(s.inputs[t]);
            indices |= sets[t];
            memoryLimit = Math.max(memoryLimit, termSize(s.inputs[t], s.sizes));
        }
        long output = EinsumSpec.mask(s.output);
        memoryLimit = Math.max(memoryLimit, termSize(s.output, s.sizes));
        List<int[]> path;
        if (n <= 2 || indices == output) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            path = new ArrayList<>();
            path.add(all);
        } else if (strategy == Strategy.OPTIMAL || (strategy == Strategy.AUTO && n <= OPTIMAL_MAX_OPERANDS)) {
            path = EinsumPlanner.optimal(sets, output, s.sizes, memoryLimit);
        } else {
            path = EinsumPlanner.greedy(sets, output, s.sizes, memoryLimit);
        }
        // Replay the path the way einsum_path does, to name each step and count its cost.
        List<Long> pending = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            pending.add(sets[t]);
            terms.add(s.term(s.inputs[t]));
        }
        String out = s.term(s.output);
        List<Step> steps = new ArrayList<>();
        long opt = 0;
        long largest = 0;
        for (int c = 0; c < path.size(); c++) {
            int[] pos = path.get(c).clone();
            Arrays.sort(pos);
            long contract = 0;
            long remain = output;
            for (int i = 0; i < pending.size(); i++) {
                if (Arrays.binarySearch(pos, i) >= 0) {
                    contract |= pending.get(i);
                } else {
                    remain |= pending.get(i);
                }
            }
            long result = remain & contract;
            long flops = EinsumPlanner.flops(contract, (contract & ~result) != 0, pos.length, s.sizes);
            long size = EinsumPlanner.size(result, s.sizes);
            opt = EinsumPlanner.satAdd(opt, flops);
            largest = Math.max(largest, size);
            List<String> ins = new ArrayList<>();
            for (int k = pos.length - 1; k >= 0; k--) {
                ins.add(terms.remove(pos[k]));
                pending.remove(pos[k]);
            }
            String resultTerm = c == path.size() - 1 ? out : sortedTerm(result, s);
            terms.add(resultTerm);
            pending.add(result);
            steps.add(new Step(pos, String.join(",", ins) + "->" + resultTerm, flops, size,
                    Long.bitCount(contract), String.join(",", terms) + "->" + out));
        }
        int distinct = 0;
        for (long set : sets) {
            distinct += Long.bitCount(set);
        }
        boolean inner = distinct - Long.bitCount(indices) > 0;
        long naive = EinsumPlanner.flops(indices, inner, n, s.sizes);
        return new EinsumPath(s, Collections.unmodifiableList(path), Collections.unmodifiableList(steps), naive,
                EinsumPlanner.satAdd(opt, 1), largest, Long.bitCount(indices));
    }

    /** Element count of a term, counting a repeated label twice (as NumPy's size limit does). */
    private static long termSize(int[] labels, int[] sizes) {
        long r = 1;
        for (int l : labels) {
            r = EinsumPlanner.satMul(r, sizes[l]);
        }
        return r;
    }

    /** NumPy names an intermediate by its labels sorted by (size, letter), letters in ASCII order. */
    private static String sortedTerm(long mask, EinsumSpec s) {
        List<Character> cs = new ArrayList<>();
        for (long m = mask; m != 0; m &= m - 1) {
            cs.add(s.charOf(Long.numberOfTrailingZeros(m)));
        }
        cs.sort((a, b) -> {
            int sa = s.sizes[label(s, a)], sb = s.sizes[label(s, b)];
            return sa != sb ? Integer.compare(sa, sb) : Character.compare(a, b);
        });
        StringBuilder sb = new StringBuilder();
        cs.forEach(sb::append);
        return sb.toString();
    }

    private static int label(EinsumSpec s, char c) {
        for (int l = 0; l < s.sizes.length; l++) {
            if (s.charOf(l) == c) {
                return l;
            }
        }
        throw new IllegalStateException("no label prints as " + c);
    }

    EinsumSpec spec() {
        return spec;
    }

    /** The position tuples, NumPy's {@code einsum_path(...)[0]} without the leading marker. */
    public List<int[]> path() {
        return path.stream().map(int[]::clone).toList();
    }

    public List<Step> steps() {
        return steps;
    }

    /** NumPy's "Naive FLOP count" (one loop over all indices). */
    public long naiveFlops() {
        return naiveFlops;
    }

    /** NumPy's "Optimized FLOP count": the steps' FLOPs plus one. */
    public long optimizedFlops() {
        return optimizedFlops;
    }

    /** Element count of the largest intermediate (including the output). */
    public long largestIntermediate() {
        return largest;
    }

    /** The table {@code np.einsum_path(...)[1]} prints. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int maxScale = 0;
        for (Step st : steps) {
            maxScale = Math.max(maxScale, st.scaling());
        }
        String[] inputs = new String[spec.inputs.length];
        for (int t = 0; t < inputs.length; t++) {
            inputs[t] = spec.term(spec.inputs[t]);
        }
        sb.append("  Complete contraction:  ").append(String.join(",", inputs)).append("->")
                .append(spec.term(spec.output)).append('\n');
        sb.append("         Naive scaling:  ").append(naiveScaling).append('\n');
        sb.append("     Optimized scaling:  ").append(maxScale).append('\n');
        sb.append("      Naive FLOP count:  ").append(sci(naiveFlops)).append('\n');
        sb.append("  Optimized FLOP count:  ").append(sci(optimizedFlops)).append('\n');
        sb.append("   Theoretical speedup:  ").append(String.format(Locale.ROOT, "%3.3f",
                (double) naiveFlops / optimizedFlops)).append('\n');
        sb.append("  Largest intermediate:  ").append(sci(largest)).append(" elements\n");
        sb.append("-".repeat(74)).append('\n');
        sb.append(String.format(Locale.ROOT, "%6s %24s %40s%n", "scaling", "current", "remaining").replace(
                System.lineSeparator(), "\n"));
        sb.append("-".repeat(74));
        for (Step st : steps) {
            sb.append(String.format(Locale.ROOT, "\n%4d    %24s %40s", st.scaling(), st.spec(), st.remaining()));
        }
        return sb.toString();
    }

    private static String sci(long v) {
        return String.format(Locale.ROOT, "%.3e", (double) v);
    }
}
