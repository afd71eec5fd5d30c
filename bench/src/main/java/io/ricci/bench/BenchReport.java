package io.ricci.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The outputs of {@code ricci bench --compare}: the side-by-side table (plain text and Markdown), the
 * JSON document of every row, and the GEMM GFLOPS chart. Rows are flat maps as
 * {@link BenchCommand#runCases} builds them: {@code group}, {@code operation}, {@code size},
 * {@code best_ms} (Ricci), optionally {@code numpy_best_ms}, {@code ratio} (NumPy time / Ricci time),
 * {@code gflops}, {@code numpy_gflops}, {@code torch_best_ms}, {@code peak_heap_mb}, ...
 */
public final class BenchReport {
    public static final String RATIO_NOTE = "ratio = numpy time / Ricci time (> 1: Ricci is faster, < 1: numpy is faster)";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    /** A time given in milliseconds, with a unit that keeps 3 significant digits readable. */
    public static String time(Object ms) {
        if (!(ms instanceof Number n)) {
            return "n/a";
        }
        double v = n.doubleValue();
        if (v < 1) {
            return String.format(Locale.ROOT, "%.2f µs", v * 1e3);
        }
        if (v < 1000) {
            return String.format(Locale.ROOT, "%.3f ms", v);
        }
        return String.format(Locale.ROOT, "%.3f s", v / 1e3);
    }

    public static String ratio(Object r) {
        return r instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "n/a";
    }

    /** What a row adds beyond its times: GFLOPS for GEMM, the peak heap where it was measured, errors. */
    public static String note(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        if (row.get("gflops") instanceof Number g) {
            parts.add(row.get("numpy_gflops") instanceof Number ng
                    ? String.format(Locale.ROOT, "GFLOPS %.1f vs %.1f", g.doubleValue(), ng.doubleValue())
                    : String.format(Locale.ROOT, "GFLOPS %.1f", g.doubleValue()));
        }
        if (row.get("peak_heap_mb") instanceof Number m) {
            String live = row.get("live_after_gc_max_mb") instanceof Number l
                    ? String.format(Locale.ROOT, ", live after GC <= %.0f MB", l.doubleValue()) : "";
            parts.add(String.format(Locale.ROOT, "peak heap %.0f MB%s%s", m.doubleValue(), live,
                    "mnist_iter".equals(row.get("op")) ? " (" + BenchGroups.MNIST_MEMORY_ITERS + " training iterations)" : ""));
        }
        if (row.get("numpy_error") != null) {
            parts.add("numpy: " + row.get("numpy_error"));
        }
        return String.join("; ", parts);
    }

    private static List<String[]> cells(List<Map<String, Object>> rows, boolean torch) {
        List<String[]> out = new ArrayList<>();
        out.add(torch ? new String[] {"group", "operation", "size", "Ricci", "numpy", "ratio", "torch", "note"}
                : new String[] {"group", "operation", "size", "Ricci", "numpy", "ratio", "note"});
        for (Map<String, Object> r : rows) {
            List<String> c = new ArrayList<>(List.of(String.valueOf(r.get("group")), String.valueOf(r.get("operation")),
                    String.valueOf(r.get("size")), time(r.get("best_ms")), time(r.get("numpy_best_ms")), ratio(r.get("ratio"))));
            if (torch) {
                c.add(time(r.get("torch_best_ms")));
            }
            c.add(note(r));
            out.add(c.toArray(String[]::new));
        }
        return out;
    }

    /** Whether any row has a PyTorch time (the torch column is shown only then). */
    public static boolean hasTorch(List<Map<String, Object>> rows) {
        return rows.stream().anyMatch(r -> r.get("torch_best_ms") instanceof Number);
    }

    /** The table as aligned plain text: a header naming the ratio's direction, then one line per row. */
    public static String table(List<Map<String, Object>> rows) {
        List<String[]> cells = cells(rows, hasTorch(rows));
        int cols = cells.get(0).length;
        int[] width = new int[cols];
        for (String[] row : cells) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder(RATIO_NOTE).append('\n');
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String s = cells.get(r)[i];
                // times and ratios right-aligned so their decimals line up
                boolean right = i >= 3 && i < cols - 1;
                String pad = " ".repeat(width[i] - s.length());
                line.append(right ? pad + s : s + (i < cols - 1 ? pad : "")).append(i < cols - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                sb.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        return sb.toString();
    }

    /** The same table in Markdown (the README's "Performance" section), preceded by the ratio note. */
    public static String markdown(List<Map<String, Object>> rows) {
        List<String[]> cells = cells(rows, hasTorch(rows));
        StringBuilder sb = new StringBuilder(RATIO_NOTE).append("\n\n");
        for (int r = 0; r < cells.size(); r++) {
            sb.append('|');
            for (String s : cells.get(r)) {
                sb.append(' ').append(s.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (int i = 0; i < cells.get(0).length; i++) {
                    sb.append(i >= 3 && i < cells.get(0).length - 1 ? "---:|" : "---|");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code {"meta": {...}, "rows": [...]}} pretty-printed to {@code file}, replaced atomically. */
    public static void writeJson(Path file, Map<String, Object> meta, List<Map<String, Object>> rows) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", meta);
        doc.put("rows", rows);
        writeAtomically(file, JSON.writeValueAsString(doc) + "\n");
    }

    /**
     * The Markdown table under a list of how it was measured (command, CPU, cores, JDK, numpy and its
     * BLAS and OpenBLAS kernel, load average), replaced atomically.
     */
    public static void writeMarkdown(Path file, Map<String, Object> meta, List<Map<String, Object>> rows) throws IOException {
        StringBuilder sb = new StringBuilder("# ricci bench: Ricci vs numpy\n\n");
        for (Map.Entry<String, Object> e : meta.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                v = m.entrySet().stream().filter(x -> x.getValue() != null)
                        .map(x -> x.getKey() + " " + x.getValue()).collect(java.util.stream.Collectors.joining(", "));
            }
            sb.append("- ").append(e.getKey()).append(": ").append(v).append('\n');
        }
        sb.append('\n').append(markdown(rows));
        writeAtomically(file, sb.toString());
    }

    /** {@code dir/results.json} → {@code dir/results-suffix}. */
    public static Path sibling(Path json, String suffix) {
        String name = json.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return json.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    /**
     * GFLOPS versus n of the GEMM rows, one Ricci and one NumPy series per dtype, as a PNG written
     * atomically. Returns false (and writes nothing) when there are no GEMM rows.
     */
    public static boolean writeGemmChart(Path png, List<Map<String, Object>> rows) throws IOException {
        Map<String, TreeMap<Integer, double[]>> byDtype = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            if ("gemm".equals(r.get("group")) && r.get("n") instanceof Number n && r.get("gflops") instanceof Number g) {
                double ng = r.get("numpy_gflops") instanceof Number x ? x.doubleValue() : Double.NaN;
                byDtype.computeIfAbsent(String.valueOf(r.get("dtype")), k -> new TreeMap<>())
                        .put(n.intValue(), new double[] {g.doubleValue(), ng});
            }
        }
        if (byDtype.isEmpty()) {
            return false;
        }
        XYChart chart = new XYChartBuilder().width(900).height(520).title("GEMM n×n · n×n: GFLOPS vs n (higher is better)")
                .xAxisTitle("n (log scale)").yAxisTitle("GFLOPS").build();
        // x = log2(n), labelled with n: XChart's logarithmic axis labels decades only (one tick here)
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> Long.toString(Math.round(Math.pow(2, x))));
        chart.getStyler().setYAxisMin(0.0);
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : byDtype.entrySet()) {
            double[] xs = e.getValue().keySet().stream().mapToDouble(BenchReport::log2).toArray();
            double[] ricci = e.getValue().values().stream().mapToDouble(v -> v[0]).toArray();
            XYSeries s = chart.addSeries("Ricci " + e.getKey(), xs, ricci);
            s.setMarker(SeriesMarkers.CIRCLE);
            List<double[]> np = e.getValue().entrySet().stream().filter(x -> !Double.isNaN(x.getValue()[1]))
                    .map(x -> new double[] {log2(x.getKey()), x.getValue()[1]}).toList();
            if (!np.isEmpty()) {
                XYSeries n = chart.addSeries("numpy " + e.getKey(), np.stream().mapToDouble(v -> v[0]).toArray(),
                        np.stream().mapToDouble(v -> v[1]).toArray());
                n.setMarker(SeriesMarkers.SQUARE);
            }
        }
        java.nio.file.Files.createDirectories(png.toAbsolutePath().getParent());
        io.ricci.tensor.AtomicFiles.write(png, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
        return true;
    }


    public static void writeAtomically(Path file, String text) throws IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        io.ricci.tensor.AtomicFiles.writeString(file, text);
    }
}
