package io.ricci.bench;

import io.ricci.tensor.DType;
import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code api} bench group: NumPy-API ops beyond the kernels — sort, argsort, cumsum and
 * concatenate of {@value #N} float64 and float32 elements (1-D; concatenate joins two 500 x 1000
 * halves along axis 0). NumPy's side is {@code np.sort} (its default kind: the values equal a stable
 * sort's up to the sign order of zeros), {@code np.argsort(kind="stable")} (Ricci's argsort is stable),
 * {@code np.cumsum} and {@code np.concatenate}; boolean-mask select {@code a[a > 0]} (with the
 * comparison), mask assign {@code a[m] = 0} (a fixed mask of about half the elements) and an
 * integer-array gather {@code a[idx]} of {@value #N} scattered positions ({@code idx[i] = 7919·i mod N}).
 */
public final class ApiCases {
    public static final int N = 1_000_000;
    public static final List<String> OPS = List.of("sort", "argsort", "cumsum", "concatenate", "maskselect", "maskassign", "gather");

    private ApiCases() {
    }

    public static List<BenchCase> cases(boolean quick) {
        List<BenchCase> cases = new ArrayList<>();
        for (String op : OPS) {
            for (DType dt : List.of(DType.F64, DType.F32)) {
                String d = dt == DType.F64 ? "f64" : "f32";
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("op", op);
                fields.put("dtype", d);
                fields.put("n", N);
                Map<String, Object> baseline = new LinkedHashMap<>(fields);
                baseline.put("kind", "api");
                String size = op.equals("concatenate") ? "2 x 500x1000" : Integer.toString(N);
                cases.add(new BenchCase("api", op + " " + d, size, fields, 0, () -> {
                    Tensor a = Tensor.randn(1, dt, N);
                    Tensor h0 = Tensor.randn(2, dt, N / 2000, 1000);
                    Tensor h1 = Tensor.randn(3, dt, N / 2000, 1000);
                    Tensor mask = a.gt(0.0);
                    long[] pos = new long[N];
                    for (int i = 0; i < N; i++) {
                        pos[i] = 7919L * i % N;
                    }
                    Tensor idx = Tensor.of(pos, N);
                    return switch (op) {
                        case "sort" -> () -> a.sort(0);
                        case "argsort" -> () -> a.argsort(0);
                        case "cumsum" -> () -> a.cumsum(0);
                        case "concatenate" -> () -> Tensor.concatenate(0, h0, h1);
                        case "maskselect" -> () -> a.index(a.gt(0.0));
                        case "maskassign" -> () -> a.indexPut_(new Object[] {mask}, 0.0);
                        case "gather" -> () -> a.index(idx);
                        default -> throw new IllegalStateException(op);
                    };
                }, baseline, null));
            }
        }
        return cases;
    }
}
