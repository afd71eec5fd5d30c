package io.ricci.tensor;

/**
 * One item of a NumPy index expression, for {@link Tensor#index}, {@link Tensor#indexPut_} and
 * {@link Tensor#addAt_}: {@code a[1:, ::2, None, ...]} is
 * {@code a.index(Index.slice(1, null), Index.slice(null, null, 2), Index.newAxis(), Index.ellipsis())}.
 *
 * <p>Basic items ({@link #all()}, {@link #slice}, {@link #at}, {@link #newAxis()}, {@link #ellipsis()})
 * make a view; an integer array ({@link #array}) or a boolean mask ({@link #mask}) anywhere makes the
 * whole expression advanced, which copies. {@link Tensor#index} also takes the raw Java values an
 * item stands for: an {@code Integer}/{@code Long} is {@link #at}, an {@code int[]}/{@code long[]} or an
 * integer {@link Tensor} is {@link #array}, a {@code boolean[]} or a bool {@link Tensor} is {@link #mask},
 * a {@code Boolean} is NumPy's 0-d boolean index ({@code a[True]}).
 */
public final class Index {
    enum Kind {
        SLICE, AT, NEW_AXIS, ELLIPSIS, ARRAY, MASK
    }

    private static final Index ALL = new Index(Kind.SLICE, null, null, 1, 0, null);
    private static final Index NEW_AXIS = new Index(Kind.NEW_AXIS, null, null, 1, 0, null);
    private static final Index ELLIPSIS = new Index(Kind.ELLIPSIS, null, null, 1, 0, null);

    private final Kind kind;
    private final Integer start;
    private final Integer stop;
    private final int step;
    private final long at;
    private final Tensor tensor;

    private Index(Kind kind, Integer start, Integer stop, int step, long at, Tensor tensor) {
        this.kind = kind;
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.at = at;
        this.tensor = tensor;
    }

    /** NumPy's {@code :}, the whole axis. */
    public static Index all() {
        return ALL;
    }

    /** {@code start:stop}; {@code null} ends as in Python. */
    public static Index slice(Integer start, Integer stop) {
        return slice(start, stop, null);
    }

    /**
     * {@code start:stop:step} with Python's rules: {@code null} ends mean "from the first/to the last
     * element in the direction of {@code step}", negative ends count from the end, out-of-range ends
     * are clamped; {@code step} may be negative, {@code null} means 1, 0 is refused.
     */
    public static Index slice(Integer start, Integer stop, Integer step) {
        int s = step == null ? 1 : step;
        if (s == 0) {
            throw new IllegalArgumentException("Index.slice: slice step cannot be zero");
        }
        return new Index(Kind.SLICE, start, stop, s, 0, null);
    }

    /** A single position, which drops the axis; negative counts from the end. */
    public static Index at(long index) {
        return new Index(Kind.AT, null, null, 1, index, null);
    }

    /** NumPy's {@code None} ({@code np.newaxis}): a new axis of size 1. */
    public static Index newAxis() {
        return NEW_AXIS;
    }

    /** NumPy's {@code ...}: as many {@code :} as the other items leave axes. */
    public static Index ellipsis() {
        return ELLIPSIS;
    }

    /**
     * An integer-array index: an int32 or int64 tensor of any shape (negative entries count from the
     * end). All array items of one expression broadcast together.
     */
    public static Index array(Tensor indices) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException(indexTypeMessage(indices.dtype()));
        }
        return new Index(Kind.ARRAY, null, null, 1, 0, indices);
    }

    /** A 1-d integer-array index. */
    public static Index array(int... indices) {
        return new Index(Kind.ARRAY, null, null, 1, 0, Tensor.of(indices, indices.length));
    }

    /** A 1-d integer-array index. */
    public static Index array(long... indices) {
        return new Index(Kind.ARRAY, null, null, 1, 0, Tensor.of(indices, indices.length));
    }

    /**
     * A boolean mask over as many axes as it has (its shape must equal theirs); it selects the true
     * positions in row-major order, as the index arrays of {@link Tensor#nonzero()} would. A 0-d mask
     * is NumPy's {@code a[True]} / {@code a[False]}: a new axis of size 1 or 0.
     */
    public static Index mask(Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("Index.mask: a mask must be a bool tensor, not "
                    + mask.dtype().numpyName() + (mask.dtype().isInteger() ? " (use Index.array for positions)" : ""));
        }
        return new Index(Kind.MASK, null, null, 1, 0, mask);
    }

    /** A 1-d boolean mask. */
    public static Index mask(boolean... mask) {
        return new Index(Kind.MASK, null, null, 1, 0, Tensor.of(mask, mask.length));
    }

    /**
     * The item a raw Java value stands for (see the class comment); {@code position} names it in the
     * error for anything else.
     */
    static Index of(Object item, int position) {
        if (item instanceof Index i) {
            return i;
        }
        if (item instanceof Integer || item instanceof Long || item instanceof Short || item instanceof Byte) {
            return at(((Number) item).longValue());
        }
        if (item instanceof int[] a) {
            return array(a);
        }
        if (item instanceof long[] a) {
            return array(a);
        }
        if (item instanceof boolean[] a) {
            return mask(a);
        }
        if (item instanceof Boolean b) {
            return mask(Tensor.of(new boolean[] {b}).reshape());
        }
        if (item instanceof Tensor t) {
            if (t.dtype() == DType.BOOL) {
                return mask(t);
            }
            if (!t.dtype().isInteger()) {
                throw new IllegalArgumentException(indexTypeMessage(t.dtype()) + " (index item " + position + ")");
            }
            return array(t);
        }
        if (item == null) {
            throw new IllegalArgumentException("index item " + position + " is null (NumPy's None is Index.newAxis())");
        }
        throw new IllegalArgumentException("only integers, slices (Index.slice, Index.all()), ellipsis (Index.ellipsis()),"
                + " Index.newAxis() and integer or boolean arrays are valid indices; index item " + position + " is a "
                + item.getClass().getSimpleName());
    }

    private static String indexTypeMessage(DType dt) {
        return "arrays used as indices must be of integer (or boolean) type, not " + dt.numpyName();
    }

    Kind kind() {
        return kind;
    }

    Integer start() {
        return start;
    }

    Integer stop() {
        return stop;
    }

    int step() {
        return step;
    }

    long position() {
        return at;
    }

    /** The index array or mask ({@code null} for the basic items). */
    Tensor tensor() {
        return tensor;
    }

    /** True for the items that make an expression advanced (arrays and masks). */
    boolean isAdvanced() {
        return kind == Kind.ARRAY || kind == Kind.MASK;
    }

    /** NumPy's spelling: {@code :}, {@code 1:-1:2}, {@code 3}, {@code None}, {@code ...}, {@code int64 array (2, 3)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case SLICE -> (start == null ? "" : start.toString()) + ":" + (stop == null ? "" : stop.toString())
                    + (step == 1 ? "" : ":" + step);
            case AT -> Long.toString(at);
            case NEW_AXIS -> "None";
            case ELLIPSIS -> "...";
            case ARRAY, MASK -> tensor.dtype().numpyName() + " array " + Layout.format(tensor.shape());
        };
    }
}
