package io.ricci.tensor;

/**
 * How {@link Tensor#toString()} prints, after NumPy's {@code np.set_printoptions} (same names and
 * defaults): {@code precision} fractional digits at most (8), summarise with {@code ...} when a
 * tensor has more than {@code threshold} elements (1000), keeping {@code edgeItems} items at each end
 * of every axis (3), wrap lines at {@code lineWidth} characters (75), and with {@code suppress} print
 * small numbers in fixed-point instead of switching to scientific notation (false).
 *
 * <p>The process-wide current options are read by {@link Tensor#toString()}; {@link #set} replaces
 * them and returns the previous ones so a caller can restore them. Instances are immutable.
 */
public record PrintOptions(int precision, int threshold, int edgeItems, int lineWidth, boolean suppress) {
    /** NumPy's defaults: precision 8, threshold 1000, edgeitems 3, linewidth 75, suppress false. */
    public static final PrintOptions DEFAULT = new PrintOptions(8, 1000, 3, 75, false);

    private static volatile PrintOptions current = DEFAULT;

    public PrintOptions {
        if (precision < 0) {
            throw new IllegalArgumentException("PrintOptions: precision must be >= 0, got " + precision);
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("PrintOptions: threshold must be >= 0, got " + threshold);
        }
        if (edgeItems < 1) {
            throw new IllegalArgumentException("PrintOptions: edgeItems must be >= 1, got " + edgeItems);
        }
        if (lineWidth < 1) {
            throw new IllegalArgumentException("PrintOptions: lineWidth must be >= 1, got " + lineWidth);
        }
    }

    /** The options {@link Tensor#toString()} currently uses. */
    public static PrintOptions get() {
        return current;
    }

    /** Makes {@code options} current for the whole process; returns the previous options. */
    public static PrintOptions set(PrintOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("PrintOptions.set: options must not be null");
        }
        PrintOptions old = current;
        current = options;
        return old;
    }

    public PrintOptions withPrecision(int p) {
        return new PrintOptions(p, threshold, edgeItems, lineWidth, suppress);
    }

    public PrintOptions withThreshold(int t) {
        return new PrintOptions(precision, t, edgeItems, lineWidth, suppress);
    }

    public PrintOptions withEdgeItems(int e) {
        return new PrintOptions(precision, threshold, e, lineWidth, suppress);
    }

    public PrintOptions withLineWidth(int w) {
        return new PrintOptions(precision, threshold, edgeItems, w, suppress);
    }

    public PrintOptions withSuppress(boolean s) {
        return new PrintOptions(precision, threshold, edgeItems, lineWidth, s);
    }
}
