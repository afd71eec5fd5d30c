package io.ricci.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Linalg} against numpy.linalg 2.4 ({@code linalg/make_linalg_fixtures.py} next to the
 * fixture): every routine over 0x0, 1x1, 2x2, odd, tall/wide and batched [3, 2, n, n] shapes, float32
 * and float64, Hilbert (ill-conditioned) and exactly singular matrices. Each input is also run as
 * a transposed (column-major) view, which must give the same result. Where vectors are not unique
 * (Q, U, Vh, eigenvectors: a sign per column) the test checks reconstructions, orthonormality and
 * absolute values against NumPy's; unique values (R's absolute values, singular values,
 * eigenvalues, solutions) are compared directly.
 */
class LinalgFixturesTest {
    private static final Map<String, Tensor> FIX = load();

    private static Map<String, Tensor> load() {
        try (InputStream in = LinalgFixturesTest.class.getResourceAsStream("linalg/linalg_fixtures.npz")) {
            return Npz.load(in, "linalg_fixtures.npz");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() {
        Set<String> out = new LinkedHashSet<>();
        for (String k : FIX.keySet()) {
            out.add(k.substring(0, k.lastIndexOf('.')));
        }
        return out.stream();
    }

    private static Tensor fx(String c, String name) {
        Tensor t = FIX.get(c + "." + name);
        assertThat(t).as(c + "." + name).isNotNull();
        return t;
    }

    /** The same values in a column-major (transposed, non-contiguous) view. */
    private static Tensor colMajor(Tensor a) {
        if (a.rank() < 2) {
            return a;
        }
        return a.transpose(-1, -2).contiguous().transpose(-1, -2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(String c) {
        String op = c.substring(0, c.indexOf('.'));
        Tensor a = fx(c, "a");
        boolean f32 = a.dtype() == DType.F32;
        double tol = f32 ? 2e-4 : 1e-9;
        if (c.contains("hilbert")) {
            tol = 1e-5; // cond ~1.5e10: the answers agree to cond * eps, not to eps
        }
        Tensor view = colMajor(a);
        switch (op) {
            case "solve" -> {
                Tensor x = Linalg.solve(a, fx(c, "b"));
                close(c, x, fx(c, "x"), tol);
                same(c, Linalg.solve(view, fx(c, "b")), x);
            }
            case "inv" -> {
                Tensor x = Linalg.inv(a);
                close(c, x, fx(c, "x"), tol);
                same(c, Linalg.inv(view), x);
            }
            case "det" -> {
                Tensor x = Linalg.det(a);
                close(c, x, fx(c, "x"), c.contains("hilbert") ? 1e-5 : tol);
                same(c, Linalg.det(view), x);
            }
            case "slogdet" -> {
                Linalg.Slogdet s = Linalg.slogdet(a);
                close(c + " sign", s.sign(), fx(c, "sign"), 0);
                close(c + " logabsdet", s.logabsdet(), fx(c, "logabsdet"), tol);
                same(c, Linalg.slogdet(view).logabsdet(), s.logabsdet());
            }
            case "cholesky" -> {
                Tensor x = Linalg.cholesky(a);
                close(c, x, fx(c, "x"), tol);
                same(c, Linalg.cholesky(view), x);
            }
            case "eigh" -> checkEigh(c, a, tol);
            case "qr", "qrc" -> checkQr(c, a, op.equals("qrc"), tol);
            case "svd", "svdr" -> checkSvd(c, a, op.equals("svd"), tol);
            case "pinv" -> {
                Tensor x = FIX.containsKey(c + ".rtol") ? Linalg.pinv(a, fx(c, "rtol").item()) : Linalg.pinv(a);
                close(c, x, fx(c, "x"), f32 ? 1e-3 : 1e-8);
                if (!FIX.containsKey(c + ".rtol")) {
                    same(c, Linalg.pinv(view), x);
                }
            }
            case "rank" -> {
                Tensor x = Linalg.matrixRank(a);
                assertThat(x.dtype()).as(c).isEqualTo(DType.I64);
                close(c, x.astype(DType.F64), fx(c, "x"), 0);
                same(c, Linalg.matrixRank(view), x);
            }
            case "lstsq" -> {
                Tensor b = fx(c, "b");
                Linalg.Lstsq r = Linalg.lstsq(a, b);
                double t = f32 ? 1e-4 : 1e-9;
                close(c + " x", r.solution(), fx(c, "x"), t);
                close(c + " residuals", r.residuals(), fx(c, "res"), t);
                assertThat(r.rank()).as(c + " rank").isEqualTo((int) fx(c, "rank").item());
                close(c + " s", r.singularValues(), fx(c, "s"), t);
                close(c + " view", Linalg.lstsq(view, colMajor(b)).solution(), r.solution(), 0);
            }
            case "vnorm" -> {
                double ord = fx(c, "ord").item();
                Tensor x = FIX.containsKey(c + ".axis") ? Linalg.norm(a, ord, (int) fx(c, "axis").item())
                        : Linalg.norm(a, ord);
                close(c, x, fx(c, "x"), 1e-12);
            }
            case "mnorm" -> {
                double ord = fx(c, "ord").item();
                Tensor x = FIX.containsKey(c + ".axis") ? Linalg.norm(a, ord, axes(fx(c, "axis"))) : Linalg.norm(a, ord);
                close(c, x, fx(c, "x"), 1e-12);
                if (!FIX.containsKey(c + ".axis")) {
                    close(c + " view", Linalg.norm(view, ord), x, 0);
                }
            }
            case "mnorm_named" -> {
                String ord = c.substring(c.lastIndexOf('_') + 1);
                Tensor x = FIX.containsKey(c + ".axis") ? Linalg.norm(a, ord, axes(fx(c, "axis"))) : Linalg.norm(a, ord);
                close(c, x, fx(c, "x"), 1e-12);
            }
            case "norm_default" -> close(c, Linalg.norm(a), fx(c, "x"), f32 ? 1e-6 : 1e-12);
            default -> throw new AssertionError("no check for " + c);
        }
    }

    private static int[] axes(Tensor t) {
        double[] d = t.toDoubleArray();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    private static void checkEigh(String c, Tensor a, double tol) {
        Linalg.Eigh e = Linalg.eigh(a);
        close(c + " w", e.eigenvalues(), fx(c, "w"), tol);
        Tensor v = e.eigenvectors().astype(DType.F64);
        Tensor a64 = a.astype(DType.F64);
        // A V = V diag(w), V^T V = I, |V| = |V_numpy| (distinct eigenvalues: unique up to sign)
        close(c + " AV=VW", a64.matmul(v), v.mul(e.eigenvalues().astype(DType.F64).unsqueeze(-2)), tol * 10);
        close(c + " VtV", v.transpose(-1, -2).matmul(v), eyeLike(v, v.dim(-1)), tol * 10);
        close(c + " |V|", e.eigenvectors().abs(), fx(c, "v").abs(), tol * 100);
        assertThat(e.eigenvalues().dtype()).isEqualTo(a.dtype());
        // only the lower triangle is read
        Tensor upperJunk = a.add(Tensor.ones(a.dtype(), a.shape()).mul(upperMask(a)));
        close(c + " UPLO L", Linalg.eigh(upperJunk).eigenvalues(), e.eigenvalues(), 0);
        same(c, Linalg.eigh(colMajor(a)).eigenvalues(), e.eigenvalues());
    }

    /** 1 strictly above the diagonal, 0 elsewhere, shaped like the last two axes of a. */
    private static Tensor upperMask(Tensor a) {
        int n = a.dim(-1);
        double[] m = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int q = r + 1; q < n; q++) {
                m[r * n + q] = 7;
            }
        }
        return Tensor.of(m, n, n).astype(a.dtype());
    }

    private static Tensor eyeLike(Tensor t, int n) {
        return Tensor.eye(DType.F64, n).broadcastTo(shapeWithLast(t.shape(), n, n));
    }

    private static int[] shapeWithLast(int[] s, int r, int c) {
        int[] o = s.clone();
        o[o.length - 2] = r;
        o[o.length - 1] = c;
        return o;
    }

    private static void checkQr(String c, Tensor a, boolean complete, double tol) {
        Linalg.Qr qr = Linalg.qr(a, complete);
        Tensor q = qr.q();
        Tensor r = qr.r();
        assertThat(q.shape()).as(c + " q shape").containsExactly(fx(c, "q").shape());
        assertThat(r.shape()).as(c + " r shape").containsExactly(fx(c, "r").shape());
        assertThat(q.dtype()).isEqualTo(a.dtype());
        Tensor q64 = q.astype(DType.F64);
        close(c + " QR=A", q64.matmul(r.astype(DType.F64)), a.astype(DType.F64), tol * 10);
        close(c + " QtQ", q64.transpose(-1, -2).matmul(q64), eyeLike(q, q.dim(-1)), tol * 10);
        double[] rv = r.toDoubleArray();
        int rr = r.dim(-2);
        int rc = r.dim(-1);
        for (int i = 0; i < rv.length; i++) {
            int row = (i / rc) % rr;
            int col = i % rc;
            if (row > col) {
                assertThat(rv[i]).as(c + " R below the diagonal at " + i).isEqualTo(0.0);
            }
        }
        close(c + " |R|", r.abs(), fx(c, "r").abs(), tol * 10);
        int k = Math.min(a.dim(-2), a.dim(-1));
        close(c + " |Q[:, :k]|", q.slice(-1, 0, k).abs(), fx(c, "q").slice(-1, 0, k).abs(), tol * 10);
        same(c, Linalg.qr(colMajor(a), complete).r(), r);
    }

    private static void checkSvd(String c, Tensor a, boolean full, double tol) {
        Linalg.Svd svd = Linalg.svd(a, full, true);
        int k = Math.min(a.dim(-2), a.dim(-1));
        close(c + " s", svd.s(), fx(c, "s"), tol);
        assertThat(svd.u().shape()).as(c + " u shape").containsExactly(fx(c, "u").shape());
        assertThat(svd.vh().shape()).as(c + " vh shape").containsExactly(fx(c, "vh").shape());
        Tensor u = svd.u().astype(DType.F64);
        Tensor vh = svd.vh().astype(DType.F64);
        Tensor uk = u.slice(-1, 0, k);
        Tensor vk = vh.slice(-2, 0, k);
        close(c + " USV=A", uk.mul(svd.s().astype(DType.F64).unsqueeze(-2)).matmul(vk), a.astype(DType.F64), tol * 10);
        close(c + " UtU", u.transpose(-1, -2).matmul(u), eyeLike(u, u.dim(-1)), tol * 10);
        close(c + " VVt", vh.matmul(vh.transpose(-1, -2)), eyeLike(vh, vh.dim(-2)), tol * 10);
        close(c + " |U[:, :k]|", svd.u().slice(-1, 0, k).abs(), fx(c, "u").slice(-1, 0, k).abs(), tol * 100);
        close(c + " |Vh[:k]|", svd.vh().slice(-2, 0, k).abs(), fx(c, "vh").slice(-2, 0, k).abs(), tol * 100);
        Linalg.Svd only = Linalg.svd(a, full, false);
        assertThat(only.u()).isNull();
        close(c + " s without uv", only.s(), svd.s(), tol);
        same(c, Linalg.svd(colMajor(a), full, false).s(), only.s());
    }

    /** Same shape and dtype, and |actual - expected| <= tol * (1 + |expected|) everywhere (NaN matches NaN). */
    static void close(String what, Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double[] x = actual.toDoubleArray();
        double[] y = expected.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(y[i])) {
                assertThat(Double.isNaN(x[i])).as(what + " at flat index " + i + ": " + x[i] + " is NaN").isTrue();
                continue;
            }
            if (Double.isInfinite(y[i])) {
                assertThat(x[i]).as(what + " at flat index " + i).isEqualTo(y[i]);
                continue;
            }
            double err = Math.abs(x[i] - y[i]);
            if (!(err <= tol * (1 + Math.abs(y[i])))) {
                throw new AssertionError(what + ": at flat index " + i + " of shape " + Arrays.toString(expected.shape())
                        + " got " + x[i] + ", expected " + y[i] + " (tolerance " + tol + ")");
            }
        }
    }

    private static void same(String what, Tensor viewResult, Tensor result) {
        assertThat(viewResult.dtype()).as(what + " dtype").isEqualTo(result.dtype());
        close(what + " (column-major view input)", viewResult, result, 0);
    }
}
