package io.ricci.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One thing {@code ricci bench} times. {@code setup} allocates the operands and returns the runnable
 * to time; it is called only when the case is about to run, so listing cases (and the tests that do)
 * allocates nothing, and a case's operands become garbage when the next case starts.
 *
 * @param group       the bench group ({@code gemm}, {@code elementwise}, ...)
 * @param op          the operation as shown in the table, e.g. {@code add (row broadcast)}
 * @param size        the operand sizes as shown in the table, e.g. {@code 1000x1000 + 1000}
 * @param fields      extra JSON fields describing the case (dtype, n, spec, ...), in order
 * @param flops       floating-point operations per run, or 0 when GFLOPS mean nothing for the case
 * @param setup       builds the operands and returns what to time
 * @param baseline    the same case for {@code bench/baseline/bench_numpy.py} (its {@code kind} and
 *                    parameters), or {@code null} when there is no NumPy counterpart
 * @param memoryProbe given the timed runnable, returns what to run once while peak heap is recorded,
 *                    or {@code null} to skip the memory report
 */
public record BenchCase(String group, String op, String size, Map<String, Object> fields, double flops,
                 Supplier<Runnable> setup, Map<String, Object> baseline,
                 UnaryOperator<Runnable> memoryProbe) {

    public BenchCase {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        baseline = baseline == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
    }

    /** The same case with the peak heap recorded while {@code probe} (given the timed runnable) runs once. */
    public BenchCase withMemory(UnaryOperator<Runnable> probe) {
        return new BenchCase(group, op, size, fields, flops, setup, baseline, probe);
    }
}
