package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * einsum against the brute-force {@link EinsumOracle} on 1,000 random specs per dtype: 1-5 operands,
 * upper- and lower-case labels, repeated labels (diagonals, traces), labels summed away, implicit and
 * explicit outputs, "..." with broadcasting, size-0 and size-1 dims, and operands that are transposed,
 * step-sliced or broadcast (stride 0) views.
 */
@Isolated
class EinsumRandomTest {
    static final int CASES = 1000;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** One generated case. */
    record Case(String spec, Tensor[] operands) {
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void matchesOracleOnRandomSpecs(DType dtype) {
        double rel = dtype == DType.F32 ? 2e-5 : 1e-12;
        run(dtype, rel, new AtomicInteger());
    }

    private void run(DType dtype, double rel, AtomicInteger gemmSteps) {
        int gemmLike = 0, ellipses = 0, repeats = 0, empties = 0;
        for (int c = 0; c < CASES; c++) {
            Case k = generate(new Random(1000L * c + 17), dtype);
            String what = "case " + c + " \"" + k.spec + "\" shapes " + shapes(k.operands);
            Tensor got;
            try {
                got = Tensor.einsum(k.spec, k.operands);
            } catch (RuntimeException e) {
                throw new AssertionError(what + " threw " + e, e);
            }
            assertThat(got.dtype()).as(what).isEqualTo(dtype);
            EinsumOracle.check(what, EinsumOracle.einsum(k.spec, k.operands), got, rel);
            gemmSteps.addAndGet((int) Tensor.einsumPlan(k.spec, k.operands).lowering().stream()
                    .filter(l -> l.startsWith("gemm")).count());
            ellipses += k.spec.contains("...") ? 1 : 0;
            empties += got.size() == 0 ? 1 : 0;
            repeats += hasRepeat(k.spec) ? 1 : 0;
            gemmLike += k.operands.length >= 2 ? 1 : 0;
        }
        // The generator must actually exercise the features it claims to.
        assertThat(ellipses).isGreaterThan(CASES / 10);
        assertThat(repeats).isGreaterThan(CASES / 10);
        assertThat(empties).isGreaterThan(5);
        assertThat(gemmLike).isGreaterThan(CASES / 2);
        // Both lowerings are exercised: batched GEMM steps and direct loops.
        assertThat(gemmSteps.get()).isGreaterThan(CASES / 10);
    }

    /**
     * {@code einsum(out, ...)} on the same 1,000 specs: the result lands in {@code out} (contiguous, or a
     * transposed view of a larger buffer, which the GEMM writes through its strides) and equals the
     * allocating form bit for bit; the buffer outside the view is untouched.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void outFormMatchesAllocatingFormOnRandomSpecs(DType dtype) {
        AtomicInteger into = new AtomicInteger();
        {
            for (int c = 0; c < CASES; c++) {
                Case k = generate(new Random(1000L * c + 17), dtype);
                String what = "case " + c + " \"" + k.spec + "\" shapes " + shapes(k.operands);
                Tensor want = Tensor.einsum(k.spec, k.operands);
                int[] shape = want.shape();
                Tensor out;
                Tensor whole = null;
                if (c % 2 == 0 || shape.length < 2) {
                    out = Tensor.full(dtype, Double.NaN, shape);
                } else {
                    // A transposed window of a padded buffer: out[i, j, ...] lives at whole[..., j, i + 1].
                    int[] big = shape.clone();
                    int r = big.length;
                    int t = big[r - 1];
                    big[r - 1] = big[r - 2];
                    big[r - 2] = t;
                    big[r - 1] += 2;
                    whole = Tensor.full(dtype, 7.0, big);
                    int[] axes = new int[r];
                    for (int i = 0; i < r; i++) {
                        axes[i] = i;
                    }
                    axes[r - 2] = r - 1;
                    axes[r - 1] = r - 2;
                    out = whole.slice(r - 1, 1, shape[r - 2] + 1).permute(axes);
                }
                Tensor got;
                double[] gotValues;
                try {
                    got = Tensor.einsum(out, k.spec, k.operands);
                    gotValues = got.toDoubleArray();
                } catch (RuntimeException e) {
                    throw new AssertionError(what + " threw " + e, e);
                }
                assertThat(got).as(what).isSameAs(out);
                assertThat(gotValues).as(what).containsExactly(want.toDoubleArray());
                if (Tensor.einsumPlan(out, k.spec, k.operands).lowering().contains("gemm into out")) {
                    into.incrementAndGet();
                }
                if (whole != null) {
                    double[] pad = whole.slice(whole.rank() - 1, 0, 1).toDoubleArray();
                    assertThat(java.util.Arrays.stream(pad).allMatch(v -> v == 7.0)).as(what + " left pad").isTrue();
                }
            }
        }
        assertThat(into.get()).as("cases whose last step wrote into out").isGreaterThan(CASES / 20);
    }

    private static boolean hasRepeat(String spec) {
        for (String t : spec.split("->", -1)[0].split(",", -1)) {
            String s = t.replace(".", "");
            if (s.chars().distinct().count() < s.length()) {
                return true;
            }
        }
        return false;
    }

    static String shapes(Tensor[] ops) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ops) {
            sb.append(Layout.compact(t.shape()));
        }
        return sb.toString();
    }

    /** A random valid spec with operands (values uniform in [-1, 1)). */
    static Case generate(Random r, DType dtype) {
        int nOps = 1 + r.nextInt(5);
        int nLabels = 1 + r.nextInt(nOps >= 4 ? 5 : 6);
        List<Character> pool = new ArrayList<>();
        for (char ch : LETTERS.toCharArray()) {
            pool.add(ch);
        }
        Collections.shuffle(pool, r);
        char[] labels = new char[nLabels];
        int[] size = new int[nLabels];
        for (int i = 0; i < nLabels; i++) {
            labels[i] = pool.get(i);
            int p = r.nextInt(20);
            size[i] = p == 0 ? 0 : p < 4 ? 1 : 2 + r.nextInt(nOps >= 4 ? 2 : 3);
        }
        boolean ellipsis = r.nextInt(4) == 0;
        int ellRank = ellipsis ? r.nextInt(3) : 0;
        int[] ellSize = new int[ellRank];
        for (int e = 0; e < ellRank; e++) {
            ellSize[e] = 1 + r.nextInt(3);
        }
        StringBuilder spec = new StringBuilder();
        Tensor[] ops = new Tensor[nOps];
        boolean anyEllipsisDims = false;
        boolean[] used = new boolean[nLabels];
        for (int t = 0; t < nOps; t++) {
            int rank = r.nextInt(4);
            List<Integer> term = new ArrayList<>();
            for (int d = 0; d < rank; d++) {
                int l = r.nextInt(nLabels);
                term.add(l);
                if (r.nextInt(6) == 0) {
                    term.add(l); // a repeated label: diagonal or trace
                }
            }
            boolean hasEll = ellipsis && r.nextBoolean();
            int ellCount = hasEll ? r.nextInt(ellRank + 1) : 0;
            int ellAt = r.nextInt(term.size() + 1);
            List<Integer> shape = new ArrayList<>();
            StringBuilder ts = new StringBuilder();
            for (int d = 0; d <= term.size(); d++) {
                if (hasEll && d == ellAt) {
                    ts.append("...");
                    for (int e = ellRank - ellCount; e < ellRank; e++) {
                        shape.add(r.nextInt(4) == 0 ? 1 : ellSize[e]);
                    }
                    anyEllipsisDims |= ellCount > 0;
                }
                if (d < term.size()) {
                    int l = term.get(d);
                    used[l] = true;
                    ts.append(labels[l]);
                    // Size-1 broadcasting, but a repeated label within the term keeps one size.
                    boolean repeated = term.indexOf(l) != term.lastIndexOf(l);
                    shape.add(!repeated && size[l] > 1 && r.nextInt(5) == 0 ? 1 : size[l]);
                }
            }
            spec.append(t == 0 ? "" : ",").append(ts);
            ops[t] = operand(r, dtype, shape.stream().mapToInt(Integer::intValue).toArray());
        }
        // Each label size is a max over operands; an unused label is simply absent.
        if (r.nextInt(10) < 7) {
            List<Integer> outLabels = new ArrayList<>();
            for (int l = 0; l < nLabels; l++) {
                if (used[l] && r.nextBoolean()) {
                    outLabels.add(l);
                }
            }
            Collections.shuffle(outLabels, r);
            StringBuilder out = new StringBuilder();
            boolean putEll = anyEllipsisDims || (ellipsis && r.nextBoolean());
            int ellAt = r.nextInt(outLabels.size() + 1);
            for (int d = 0; d <= outLabels.size(); d++) {
                if (putEll && d == ellAt) {
                    out.append("...");
                }
                if (d < outLabels.size()) {
                    out.append(labels[outLabels.get(d)]);
                }
            }
            spec.append("->").append(out);
        }
        return new Case(spec.toString(), ops);
    }

    /** A tensor of {@code shape} that is, at random, contiguous, transposed, step-sliced or broadcast. */
    static Tensor operand(Random r, DType dtype, int[] shape) {
        int kind = r.nextInt(4);
        int rank = shape.length;
        if (kind == 1 && rank >= 2) {
            int[] rev = new int[rank];
            int[] axes = new int[rank];
            for (int d = 0; d < rank; d++) {
                rev[d] = shape[rank - 1 - d];
                axes[d] = rank - 1 - d;
            }
            return fill(r, Tensor.zeros(dtype, rev)).permute(axes);
        }
        if (kind == 2 && rank >= 1) {
            int[] big = shape.clone();
            int ax = r.nextInt(rank);
            big[ax] = 2 * shape[ax] + 1;
            Tensor t = fill(r, Tensor.zeros(dtype, big));
            return r.nextBoolean() ? t.slice(ax, 1, null, 2) : t.slice(ax, 2 * shape[ax] - 1, null, -2).slice(ax, 0, shape[ax]);
        }
        if (kind == 3 && rank >= 1) {
            int ax = r.nextInt(rank);
            int[] one = shape.clone();
            one[ax] = 1;
            return fill(r, Tensor.zeros(dtype, one)).broadcastTo(shape);
        }
        return fill(r, Tensor.zeros(dtype, shape));
    }

    private static Tensor fill(Random r, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, 2 * r.nextDouble() - 1);
        }
        return t;
    }
}
