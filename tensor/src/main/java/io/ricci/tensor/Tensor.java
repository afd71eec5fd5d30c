package io.ricci.tensor;

import java.util.Arrays;

/**
 * A dense n-dimensional array of {@code float}, {@code double}, {@code int}, {@code long} or
 * {@code boolean} ({@link DType}): an immutable {@link Layout}
 * (shape, strides, offset) over a storage array that views share.
 *
 * <p>Movement ops ({@link #reshape}, {@link #permute}, {@link #slice}, {@link #broadcastTo},
 * {@link #diagonal}, ...) return views that share storage and never copy, except {@link #reshape}
 * when the layout forces a copy (as in NumPy). Writing through a view writes the base tensor.
 * Methods named {@code …_} modify {@code this} in place and return it; all others leave their
 * arguments untouched.
 */
public final class Tensor {
    private final DType dtype;
    private final Layout layout;
    private final float[] f32;
    private final double[] f64;
    // Integer and bool storage (null for the float dtypes); see IntOps for their kernels.
    private final int[] i32;
    private final long[] i64;
    private final boolean[] b8;

    private Tensor(DType dtype, Layout layout, float[] f32, double[] f64) {
        this(dtype, layout, f32, f64, null, null, null, new int[1]);
    }

    // ---------------------------------------------------------------- version counter (autograd tape safety)
    //
    // PyTorch's version counter: one mutable count per storage, shared by every view of it (views are
    // made by withLayout), bumped by every write into an existing tensor (the "_" methods through
    // ElementwiseOps' in-place entry points, assign, set, and the out= forms of take, matmul, einsum).
    // The autograd tape records it for each tensor it saves and refuses a backward after a change.
    private final int[] version;

    private Tensor(DType dtype, Layout layout, float[] f32, double[] f64, int[] i32, long[] i64, boolean[] b8) {
        this(dtype, layout, f32, f64, i32, i64, b8, new int[1]);
    }

    private Tensor(DType dtype, Layout layout, float[] f32, double[] f64, int[] i32, long[] i64, boolean[] b8,
            int[] version) {
        this.dtype = dtype;
        this.layout = layout;
        this.f32 = f32;
        this.f64 = f64;
        this.i32 = i32;
        this.i64 = i64;
        this.b8 = b8;
        this.version = version;
    }

    /** How many in-place writes the storage of this tensor (through any of its views) has had. */
    public int version() {
        return version[0];
    }

    /** Records an in-place write into this tensor's storage. */
    void bumpVersion() {
        version[0]++;
    }
    // ---------------------------------------------------------------- end version counter

    // ---------------------------------------------------------------- storage access (package)

    static Tensor ofStorage(Layout layout, float[] data) {
        checkExtent(layout, data.length);
        return new Tensor(DType.F32, layout, data, null);
    }

    static Tensor ofStorage(Layout layout, double[] data) {
        checkExtent(layout, data.length);
        return new Tensor(DType.F64, layout, null, data);
    }

    static Tensor ofStorage(Layout layout, int[] data) {
        checkExtent(layout, data.length);
        return new Tensor(DType.I32, layout, null, null, data, null, null);
    }

    static Tensor ofStorage(Layout layout, long[] data) {
        checkExtent(layout, data.length);
        return new Tensor(DType.I64, layout, null, null, null, data, null);
    }

    static Tensor ofStorage(Layout layout, boolean[] data) {
        checkExtent(layout, data.length);
        return new Tensor(DType.BOOL, layout, null, null, null, null, data);
    }

    private static void checkExtent(Layout layout, int length) {
        if (layout.size() == 0) {
            return;
        }
        int[] ext = layout.extent();
        if (ext[0] < 0 || ext[1] >= length) {
            throw new IllegalArgumentException(layout + " reaches storage positions " + ext[0] + ".." + ext[1]
                    + " outside an array of length " + length);
        }
    }

    /** A tensor with {@code layout} over the same storage as {@code this}. */
    Tensor withLayout(Layout l) {
        return new Tensor(dtype, l, f32, f64, i32, i64, b8, version);
    }

    /** The float storage array, or {@code null} for F64 (shared, not copied). */
    float[] f32() {
        return f32;
    }

    /**
     * The double storage array, or {@code null} for F32 (shared, not copied). Float-only code reads
     * "not F32" as F64, so for an integer or bool tensor this throws rather than hand out null: an op
     * without an integer path fails with its dtype named, once per call, not per element.
     */
    double[] f64() {
        if (f64 == null && f32 == null) {
            throw new UnsupportedOperationException(
                    "this operation supports float32 and float64, not " + dtype.numpyName()
                            + " (convert with astype(DType.F64))");
        }
        return f64;
    }

    /** The int32 storage array, or {@code null} (shared, not copied). */
    int[] i32() {
        return i32;
    }

    /** The int64 storage array, or {@code null} (shared, not copied). */
    long[] i64() {
        return i64;
    }

    /** The bool storage array, or {@code null} (shared, not copied). */
    boolean[] b8() {
        return b8;
    }

    /** True when {@code this} and {@code other} are views of one storage array. */
    public boolean sharesStorage(Tensor other) {
        return (f32 != null && f32 == other.f32) || (f64 != null && f64 == other.f64)
                || (i32 != null && i32 == other.i32) || (i64 != null && i64 == other.i64)
                || (b8 != null && b8 == other.b8);
    }

    // ---------------------------------------------------------------- creation

    /** Zero-filled tensor. */
    public static Tensor zeros(DType dtype, int... shape) {
        Layout l = Layout.contiguous(shape);
        return switch (dtype) {
            case F32 -> new Tensor(dtype, l, new float[l.size()], null);
            case F64 -> new Tensor(dtype, l, null, new double[l.size()]);
            case I32 -> new Tensor(dtype, l, null, null, new int[l.size()], null, null);
            case I64 -> new Tensor(dtype, l, null, null, null, new long[l.size()], null);
            case BOOL -> new Tensor(dtype, l, null, null, null, null, new boolean[l.size()]);
        };
    }

    /**
     * A dense row-major tensor whose contents are unspecified (see {@link FreshArrays}): for results
     * that the caller overwrites entirely before returning them.
     */
    static Tensor fresh(DType dtype, int... shape) {
        if (!dtype.isFloat()) {
            return zeros(dtype, shape);
        }
        Layout l = Layout.contiguous(shape);
        return dtype == DType.F32 ? new Tensor(dtype, l, FreshArrays.floats(l.size()), null)
                : new Tensor(dtype, l, null, FreshArrays.doubles(l.size()));
    }

    /** Zero-filled float64 tensor (NumPy's default dtype). */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F64, shape);
    }

    /** Tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        switch (dtype) {
            case F32 -> Arrays.fill(t.f32, (float) value);
            case F64 -> Arrays.fill(t.f64, value);
            case I32 -> Arrays.fill(t.i32, IntOps.toInt(value));
            case I64 -> Arrays.fill(t.i64, IntOps.toLong(value));
            case BOOL -> Arrays.fill(t.b8, value != 0);
        }
        return t;
    }

    /**
     * Tensor filled with {@code value}, exact for int64 (int32 keeps the low 32 bits, as NumPy's cast);
     * with no shape a 0-d tensor, e.g. {@code full(DType.I64, 7)} is NumPy's {@code np.array(7)}.
     */
    public static Tensor full(DType dtype, long value, int... shape) {
        if (dtype.isFloat()) {
            return full(dtype, (double) value, shape);
        }
        Tensor t = zeros(dtype, shape);
        switch (dtype) {
            case I32 -> Arrays.fill(t.i32, (int) value);
            case I64 -> Arrays.fill(t.i64, value);
            default -> Arrays.fill(t.b8, value != 0);
        }
        return t;
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    public static Tensor ones(int... shape) {
        return full(DType.F64, 1.0, shape);
    }

    /** A 0-d tensor holding {@code value}. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value, new int[0]);
    }

    public static Tensor scalar(double value) {
        return scalar(DType.F64, value);
    }

    /**
     * Values {@code start, start+step, ...} below {@code stop} (above, for negative {@code step}); the
     * count is {@code ceil((stop-start)/step)}. Bit-for-bit as NumPy: element 0 is {@code start},
     * element 1 is {@code start+step}, and element i ≥ 2 is {@code start + i·delta} with
     * {@code delta = (start+step) - start}, all rounded to and computed in the dtype.
     */
    public static Tensor arange(DType dtype, double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        double n = Math.ceil((stop - start) / step);
        if (!(n <= Layout.MAX_SIZE)) {
            throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step + ") has too many elements");
        }
        int len = (int) Math.max(0, n);
        Tensor t = zeros(dtype, len);
        // NumPy stores start and start+step, then its fill loop extrapolates from the difference of the
        // two stored values in the array's own precision; doing the same keeps results identical.
        if (dtype == DType.F32) {
            float s = (float) start;
            float delta = (float) (start + step) - s;
            for (int i = 0; i < len; i++) {
                t.f32[i] = i == 0 ? s : i == 1 ? (float) (start + step) : s + i * delta;
            }
        } else {
            double delta = (start + step) - start;
            for (int i = 0; i < len; i++) {
                t.f64[i] = i == 0 ? start : i == 1 ? start + step : start + i * delta;
            }
        }
        return t;
    }

    /** {@code 0, 1, ..., n-1} as float64. */
    public static Tensor arange(int n) {
        return arange(DType.F64, 0, n, 1);
    }

    /**
     * {@code num} evenly spaced values from {@code start} to {@code stop} inclusive; element i is
     * {@code start + i·(stop-start)/(num-1)} and the last is exactly {@code stop} (NumPy's linspace).
     */
    public static Tensor linspace(DType dtype, double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: num must be non-negative, got " + num);
        }
        Tensor t = zeros(dtype, num);
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) {
            t.setFlat(i, start + i * step);
        }
        if (num > 1) {
            t.setFlat(num - 1, stop);
        }
        return t;
    }

    /** The n×n identity. */
    public static Tensor eye(DType dtype, int n) {
        return eye(dtype, n, n, 0);
    }

    /** n×m matrix with ones on diagonal {@code k} (NumPy's {@code eye(n, m, k)}). */
    public static Tensor eye(DType dtype, int n, int m, int k) {
        Tensor t = zeros(dtype, n, m);
        // long: -k and i + k overflow int for diagonals near Integer.MIN_VALUE / MAX_VALUE.
        for (long i = Math.max(0, -(long) k); i < n && i + k < m; i++) {
            t.setFlat((int) (i * m + i + k), 1.0);
        }
        return t;
    }

    /** Copies {@code data} into a new float32 tensor of {@code shape} (row-major). */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** Copies {@code data} into a new float64 tensor of {@code shape} (row-major). */
    public static Tensor of(double[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A 1-d float64 tensor holding a copy of {@code data}. */
    public static Tensor of(double... data) {
        return wrap(data.clone(), data.length);
    }

    /** A row-major float32 tensor over {@code data} without copying: writes show through both ways. */
    public static Tensor wrap(float[] data, int... shape) {
        Layout l = Layout.contiguous(shape);
        checkLength(l, data.length, shape);
        return new Tensor(DType.F32, l, data, null);
    }

    /** A row-major float64 tensor over {@code data} without copying: writes show through both ways. */
    public static Tensor wrap(double[] data, int... shape) {
        Layout l = Layout.contiguous(shape);
        checkLength(l, data.length, shape);
        return new Tensor(DType.F64, l, null, data);
    }

    private static void checkLength(Layout l, int length, int[] shape) {
        if (l.size() != length) {
            throw new IllegalArgumentException("data has " + length + " elements but shape "
                    + Layout.format(shape) + " needs " + l.size());
        }
    }

    /** A float64 matrix from rows (all rows must have equal length). */
    public static Tensor of(double[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        double[] d = new double[Layout.checkedSize("of", n, m)];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) {
                throw new IllegalArgumentException("row " + i + " has length " + rows[i].length + ", row 0 has " + m);
            }
            System.arraycopy(rows[i], 0, d, i * m, m);
        }
        return wrap(d, n, m);
    }

    /** A float32 matrix from rows (all rows must have equal length). */
    public static Tensor of(float[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] d = new float[Layout.checkedSize("of", n, m)];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m) {
                throw new IllegalArgumentException("row " + i + " has length " + rows[i].length + ", row 0 has " + m);
            }
            System.arraycopy(rows[i], 0, d, i * m, m);
        }
        return wrap(d, n, m);
    }

    /** Uniform [0, 1) values from {@code rng} (see {@link Rng} for the exact sequence), row-major. */
    public static Tensor rand(Rng rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (dtype == DType.F32) {
            for (int i = 0; i < t.f32.length; i++) {
                t.f32[i] = rng.nextFloat();
            }
        } else {
            for (int i = 0; i < t.f64.length; i++) {
                t.f64[i] = rng.nextDouble();
            }
        }
        return t;
    }

    /** {@link #rand(Rng, DType, int...)} with a fresh {@code new Rng(seed)}. */
    public static Tensor rand(long seed, DType dtype, int... shape) {
        return rand(new Rng(seed), dtype, shape);
    }

    /** Standard normal values from {@code rng} (Marsaglia polar method, see {@link Rng}), row-major. */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, rng.nextGaussian());
        }
        return t;
    }

    /** {@link #randn(Rng, DType, int...)} with a fresh {@code new Rng(seed)}. */
    public static Tensor randn(long seed, DType dtype, int... shape) {
        return randn(new Rng(seed), dtype, shape);
    }

    // ---------------------------------------------------------------- metadata

    public DType dtype() {
        return dtype;
    }

    /** The immutable geometry of this view. */
    public Layout layout() {
        return layout;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return layout.shape();
    }

    /** Size of {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return layout.dim(axis);
    }

    public int rank() {
        return layout.rank();
    }

    /** Total element count. */
    public int size() {
        return layout.size();
    }

    /** A copy of the strides in elements. */
    public int[] strides() {
        return layout.strides();
    }

    public int offset() {
        return layout.offset();
    }

    public boolean isContiguous() {
        return layout.isContiguous();
    }

    // ---------------------------------------------------------------- element access

    /** The element at {@code idx} (negative indices count from the end), widened to double (bool: 0 or 1). */
    public double get(int... idx) {
        int p = layout.index(idx);
        return f32 != null ? f32[p] : f64 != null ? f64[p] : readDouble(p);
    }

    /** Sets the element at {@code idx}, cast to the dtype as {@link #astype} casts; modifies {@code this}. */
    public Tensor set(double value, int... idx) {
        int p = layout.index(idx);
        bumpVersion();
        if (f32 != null) {
            f32[p] = (float) value;
        } else if (f64 != null) {
            f64[p] = value;
        } else {
            writeDouble(p, value);
        }
        return this;
    }

    /** The only element of a tensor of size 1. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Layout.format(shape()) + " has "
                    + size() + " elements, not 1");
        }
        return getFlat(0);
    }

    /** Element {@code i} in row-major order of this view. */
    double getFlat(int i) {
        int p = flatToStorage(i);
        return f32 != null ? f32[p] : f64 != null ? f64[p] : readDouble(p);
    }

    void setFlat(int i, double v) {
        int p = flatToStorage(i);
        if (f32 != null) {
            f32[p] = (float) v;
        } else if (f64 != null) {
            f64[p] = v;
        } else {
            writeDouble(p, v);
        }
    }

    /** Storage element {@code p} of an integer or bool tensor, as double. */
    private double readDouble(int p) {
        return i32 != null ? i32[p] : i64 != null ? (double) i64[p] : (b8[p] ? 1 : 0);
    }

    /** Stores {@code v} at storage position {@code p} of an integer or bool tensor (NumPy's cast). */
    private void writeDouble(int p, double v) {
        if (i32 != null) {
            i32[p] = IntOps.toInt(v);
        } else if (i64 != null) {
            i64[p] = IntOps.toLong(v);
        } else {
            b8[p] = v != 0;
        }
    }

    /** Storage element {@code p} as long (floats truncated as {@link #astype} casts them). */
    long readLong(int p) {
        if (i64 != null) {
            return i64[p];
        }
        if (i32 != null) {
            return i32[p];
        }
        if (b8 != null) {
            return b8[p] ? 1 : 0;
        }
        return IntOps.toLong(f32 != null ? f32[p] : f64[p]);
    }

    /** Stores {@code v} at storage position {@code p}, cast to the dtype. */
    void writeLong(int p, long v) {
        switch (dtype) {
            case F32 -> f32[p] = (float) v;
            case F64 -> f64[p] = (double) v;
            case I32 -> i32[p] = (int) v;
            case I64 -> i64[p] = v;
            case BOOL -> b8[p] = v != 0;
        }
    }

    /** Storage element {@code p} as double. */
    double readAt(int p) {
        return f32 != null ? f32[p] : f64 != null ? f64[p] : readDouble(p);
    }

    /** Storage element {@code p} as boolean (nonzero; NaN is true, as NumPy). */
    boolean readBool(int p) {
        if (b8 != null) {
            return b8[p];
        }
        if (i64 != null) {
            return i64[p] != 0;
        }
        if (i32 != null) {
            return i32[p] != 0;
        }
        return (f32 != null ? f32[p] : f64[p]) != 0 || Double.isNaN(f32 != null ? f32[p] : f64[p]);
    }

    /** Stores {@code v} at storage position {@code p}, cast to the dtype. */
    void writeAt(int p, double v) {
        if (f32 != null) {
            f32[p] = (float) v;
        } else if (f64 != null) {
            f64[p] = v;
        } else {
            writeDouble(p, v);
        }
    }

    /** Storage position of row-major element {@code i} of this view. */
    int storageIndex(int i) {
        return flatToStorage(i);
    }

    private int flatToStorage(int i) {
        int p = layout.offset();
        int[] sh = layout.shape();
        int[] st = layout.strides();
        for (int d = sh.length - 1; d >= 0; d--) {
            int n = sh[d];
            p += (i % n) * st[d];
            i /= n;
        }
        return p;
    }

    /** The elements in row-major order as a new double array. */
    public double[] toDoubleArray() {
        if (size() == 0) {
            return new double[0]; // an empty view's offset may lie past its (empty) storage
        }
        Tensor c = astype(DType.F64).contiguous();
        double[] out = new double[size()];
        System.arraycopy(c.f64, c.offset(), out, 0, out.length);
        return out;
    }

    /** The elements in row-major order as a new float array. */
    public float[] toFloatArray() {
        if (size() == 0) {
            return new float[0];
        }
        Tensor c = astype(DType.F32).contiguous();
        float[] out = new float[size()];
        System.arraycopy(c.f32, c.offset(), out, 0, out.length);
        return out;
    }

    // ---------------------------------------------------------------- views (never copy)

    /** View with axes reordered: result axis d is axis {@code axes[d]}. */
    public Tensor permute(int... axes) {
        return withLayout(layout.permute(axes));
    }

    /** View with two axes swapped. */
    public Tensor transpose(int a, int b) {
        return withLayout(layout.transpose(a, b));
    }

    /** View with all axes reversed (NumPy's {@code .T}; the matrix transpose for rank 2). */
    public Tensor T() {
        return withLayout(layout.reversed());
    }

    /** View of {@code a[start:stop:step]} along {@code axis}; {@code null} bounds as in Python. */
    public Tensor slice(int axis, Integer start, Integer stop, int step) {
        return withLayout(layout.slice(axis, start, stop, step));
    }

    /** View of {@code a[start:stop]} along {@code axis}. */
    public Tensor slice(int axis, int start, int stop) {
        return slice(axis, start, stop, 1);
    }

    /** View with {@code axis} fixed at {@code index} (the axis is dropped). */
    public Tensor select(int axis, int index) {
        return withLayout(layout.select(axis, index));
    }

    /** View broadcast to {@code shape} (stride 0 on new and size-1 axes). */
    public Tensor broadcastTo(int... shape) {
        return withLayout(layout.broadcastTo(shape));
    }

    /** PyTorch's name for {@link #broadcastTo}. */
    public Tensor expand(int... shape) {
        return broadcastTo(shape);
    }

    /** View without size-1 axes. */
    public Tensor squeeze() {
        return withLayout(layout.squeeze());
    }

    /** View without {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        return withLayout(layout.squeeze(axis));
    }

    /** View with a new size-1 axis at position {@code axis}. */
    public Tensor unsqueeze(int axis) {
        return withLayout(layout.unsqueeze(axis));
    }

    /** View of the diagonal of axes {@code axis1, axis2} appended as the last axis (NumPy semantics). */
    public Tensor diagonal(int offset, int axis1, int axis2) {
        return withLayout(layout.diagonal(offset, axis1, axis2));
    }

    /** Main diagonal of the first two axes. */
    public Tensor diagonal() {
        return diagonal(0, 0, 1);
    }

    /** View with a new shape; throws when the strides make that impossible (use {@link #reshape}). */
    public Tensor view(int... shape) {
        Layout l = layout.reshapeView(shape);
        if (l == null) {
            throw new IllegalStateException("view: cannot view " + Layout.format(shape()) + " with strides "
                    + Arrays.toString(strides()) + " as " + Layout.format(shape) + " without copying; use reshape");
        }
        return withLayout(l);
    }

    /** A tensor of the new shape ({@code -1} infers one dim): a view when possible, else a copy. */
    public Tensor reshape(int... shape) {
        Layout l = layout.reshapeView(shape);
        return l != null ? withLayout(l) : contiguous().view(shape);
    }

    /** Rank-1 reshape. */
    public Tensor flatten() {
        return reshape(-1);
    }

    // ---------------------------------------------------------------- copies

    /** {@code this} if already row-major contiguous, else a row-major copy. */
    public Tensor contiguous() {
        return layout.isContiguous() ? this : copy();
    }

    /** A row-major copy with its own storage. */
    public Tensor copy() {
        Tensor out = zeros(dtype, shape());
        StridedCopy.copy(this, out); // a new tensor starts at version 0
        return out;
    }

    /** {@code this} if already {@code dtype}, else a row-major converted copy. */
    public Tensor astype(DType target) {
        if (target == dtype) {
            return this;
        }
        Tensor out = zeros(target, shape());
        StridedCopy.copy(this, out); // a new tensor starts at version 0
        return out;
    }

    /**
     * Copies {@code src}, broadcast to this shape and converted to this dtype, into {@code this}
     * (NumPy's {@code a[...] = src}); modifies {@code this}. Overlapping storage is copied through a
     * temporary so the result is as if {@code src} were read first.
     */
    public Tensor assign(Tensor src) {
        Tensor s = src.broadcastTo(shape());
        if (s.sharesStorage(this) && !s.layout.equals(layout)) {
            s = s.copy();
        }
        StridedCopy.copy(s, this);
        bumpVersion();
        return this;
    }

    // ---------------------------------------------------------------- element-wise ops
    //
    // NumPy semantics: operands broadcast (trailing dims align, size 1 stretches), float32 with
    // float64 promotes to float64, a double scalar operand takes a float tensor's dtype (NumPy 2's
    // "weak" Python float). Results are new dense tensors, row-major unless every input is permuted
    // the same way (then they keep that order, like NumPy). Methods ending in "_" write the result
    // into this tensor (views write through to their base) and return it; the broadcast result must
    // have this tensor's shape. Integer and bool operands follow NumPy 2 (DType.promote, IntOps):
    // int / int is float64, a double scalar makes an integer tensor float64, comparisons give bool
    // (as NumPy: a mask for index and indexPut_; multiplying a float tensor by it promotes to the
    // float dtype, and astype turns it into 1.0/0.0). where() takes any kind of mask. NaN compares
    // unequal to everything, as in IEEE-754.

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this + s}. */
    public Tensor add(double s) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, s);
    }

    /** {@code this - other}, broadcast. */
    public Tensor sub(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this - s}. */
    public Tensor sub(double s) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, s);
    }

    /** {@code s - this} (reversed subtraction). */
    public Tensor rsub(double s) {
        return ElementwiseOps.binary(BinaryOp.SUB, s, this);
    }

    /** {@code this · other} element-wise (Hadamard product), broadcast. */
    public Tensor mul(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this · s}. */
    public Tensor mul(double s) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, s);
    }

    /** {@code this / other}, broadcast (IEEE division: x/0 is ±inf or NaN). */
    public Tensor div(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, other);
    }

    /** {@code this / s}. */
    public Tensor div(double s) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, s);
    }

    /** {@code s / this} (reversed division). */
    public Tensor rdiv(double s) {
        return ElementwiseOps.binary(BinaryOp.DIV, s, this);
    }

    /**
     * {@code this ** exponent} element-wise, broadcast, as NumPy: C's {@code pow} ({@link Math#pow} except
     * {@code 1 ** y = 1} for every {@code y}, NaN included, and {@code (-1) ** ±inf = 1}); a one-element
     * exponent 0.5 is {@code sqrt} ({@code (-0) ** 0.5 = -0}, {@code (-inf) ** 0.5 = NaN}), as NumPy does.
     */
    public Tensor pow(Tensor exponent) {
        return ElementwiseOps.binary(BinaryOp.POW, this, exponent);
    }

    /** {@code this ** p}, as {@link #pow(Tensor)} with a scalar exponent. */
    public Tensor pow(double p) {
        return ElementwiseOps.binary(BinaryOp.POW, this, p);
    }

    /** Element-wise {@code max(this, other)}; NaN if either is NaN (NumPy's {@code maximum}). */
    public Tensor maximum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MAX, this, other);
    }

    /** Element-wise {@code max(this, s)}. */
    public Tensor maximum(double s) {
        return ElementwiseOps.binary(BinaryOp.MAX, this, s);
    }

    /** Element-wise {@code min(this, other)}; NaN if either is NaN (NumPy's {@code minimum}). */
    public Tensor minimum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MIN, this, other);
    }

    /** Element-wise {@code min(this, s)}. */
    public Tensor minimum(double s) {
        return ElementwiseOps.binary(BinaryOp.MIN, this, s);
    }

    /** {@code min(max(this, lo), hi)} (NumPy's {@code clip}); NaN stays NaN; {@code lo > hi} is refused. */
    public Tensor clamp(double lo, double hi) {
        return ElementwiseOps.clamp(this, lo, hi);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return ElementwiseOps.unary(UnaryOp.NEG, this);
    }

    /** {@code |this|}. */
    public Tensor abs() {
        return ElementwiseOps.unary(UnaryOp.ABS, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return ElementwiseOps.unary(UnaryOp.EXP, this);
    }

    /** Natural logarithm ({@code -inf} at 0, NaN below 0). */
    public Tensor log() {
        return ElementwiseOps.unary(UnaryOp.LOG, this);
    }

    /** Square root (NaN below 0). */
    public Tensor sqrt() {
        return ElementwiseOps.unary(UnaryOp.SQRT, this);
    }

    /** {@code this²}. */
    public Tensor square() {
        return ElementwiseOps.unary(UnaryOp.SQUARE, this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return ElementwiseOps.unary(UnaryOp.RECIPROCAL, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return ElementwiseOps.unary(UnaryOp.TANH, this);
    }

    /** {@code max(this, 0)}; NaN stays NaN. */
    public Tensor relu() {
        return ElementwiseOps.unary(UnaryOp.RELU, this);
    }

    /**
     * The logistic {@code 1 / (1 + e^-x)}, evaluated as {@code 1/(1+e^-x)} for x ≥ 0 and
     * {@code e^x/(1+e^x)} for x &lt; 0 so that it neither overflows nor loses the small values for
     * large |x|.
     */
    public Tensor sigmoid() {
        return ElementwiseOps.unary(UnaryOp.SIGMOID, this);
    }

    /** {@code this == other} as a bool tensor, broadcast (compared in the promoted dtype). */
    public Tensor eq(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.EQ, this, other);
    }

    public Tensor eq(double s) {
        return ElementwiseOps.binary(BinaryOp.EQ, this, s);
    }

    /** {@code this != other} as bool (true where either is NaN). */
    public Tensor ne(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.NE, this, other);
    }

    public Tensor ne(double s) {
        return ElementwiseOps.binary(BinaryOp.NE, this, s);
    }

    /** {@code this < other} as bool. */
    public Tensor lt(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LT, this, other);
    }

    public Tensor lt(double s) {
        return ElementwiseOps.binary(BinaryOp.LT, this, s);
    }

    /** {@code this <= other} as bool. */
    public Tensor le(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LE, this, other);
    }

    public Tensor le(double s) {
        return ElementwiseOps.binary(BinaryOp.LE, this, s);
    }

    /** {@code this > other} as bool. */
    public Tensor gt(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.GT, this, other);
    }

    public Tensor gt(double s) {
        return ElementwiseOps.binary(BinaryOp.GT, this, s);
    }

    /** {@code this >= other} as bool. */
    public Tensor ge(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.GE, this, other);
    }

    public Tensor ge(double s) {
        return ElementwiseOps.binary(BinaryOp.GE, this, s);
    }

    /**
     * NumPy's {@code where(mask, a, b)}: elements of {@code a} where {@code mask} is non-zero (NaN
     * counts as non-zero, as {@code bool(nan)} does), else of {@code b}; the three broadcast
     * together and the result has the promoted dtype of {@code a} and {@code b}.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return ElementwiseOps.where(mask, a, b);
    }

    /** {@code this += other}; modifies {@code this}. */
    public Tensor add_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.ADD, this, other);
    }

    public Tensor add_(double s) {
        return ElementwiseOps.binaryInPlace(BinaryOp.ADD, this, s);
    }

    /** Fewest elements an {@link #add_(Tensor, double)} splits across threads. */
    private static final int AXPY_PARALLEL_MIN = 1 << 15;

    /**
     * {@code this += alpha·other} (PyTorch's {@code add_(other, alpha=)}, BLAS's axpy), with
     * {@code other} broadcast to this tensor's shape; modifies {@code this}, not {@code other}. An
     * optimiser step {@code w.add_(grad, -lr)} needs no temporary for {@code lr·grad}.
     */
    public Tensor add_(Tensor other, double alpha) {
        if (dtype == other.dtype && dtype.isFloat() && Arrays.equals(shape(), other.shape()) && layout.isContiguous()
                && other.layout.isContiguous() && !sharesStorage(other)) {
            int n = size();
            int d = layout.offset();
            int o = other.layout.offset();
            // An optimiser step right after a two-thread GEMM wrote the gradient: half of its lines sit
            // in the other core's cache, so both threads take a half.
            int parts = n >= AXPY_PARALLEL_MIN ? Math.min(2, Parallel.threads()) : 1;
            float a32 = (float) alpha;
            Parallel.run(parts, t -> {
                int from = (int) ((long) n * t / parts);
                int len = (int) ((long) n * (t + 1) / parts) - from;
                if (f32 != null) {
                    Kernels.ELEMENTWISE_F32.axpy(a32, other.f32, o + from, f32, d + from, len);
                } else {
                    Kernels.ELEMENTWISE_F64.axpy(alpha, other.f64, o + from, f64, d + from, len);
                }
            });
            bumpVersion();
            return this;
        }
        return add_(other.mul(alpha));
    }

    /** {@code this -= other}; modifies {@code this}. */
    public Tensor sub_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.SUB, this, other);
    }

    public Tensor sub_(double s) {
        return ElementwiseOps.binaryInPlace(BinaryOp.SUB, this, s);
    }

    /** {@code this *= other}; modifies {@code this}. */
    public Tensor mul_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MUL, this, other);
    }

    public Tensor mul_(double s) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MUL, this, s);
    }

    /** {@code this /= other}; modifies {@code this}. */
    public Tensor div_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, this, other);
    }

    public Tensor div_(double s) {
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, this, s);
    }

    /** {@code this **= p}; modifies {@code this}. */
    public Tensor pow_(double p) {
        return ElementwiseOps.binaryInPlace(BinaryOp.POW, this, p);
    }

    /** {@code this = maximum(this, other)}; modifies {@code this}. */
    public Tensor maximum_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MAX, this, other);
    }

    /** {@code this = minimum(this, other)}; modifies {@code this}. */
    public Tensor minimum_(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MIN, this, other);
    }

    /** {@link #clamp} into {@code this}; modifies {@code this}. */
    public Tensor clamp_(double lo, double hi) {
        return ElementwiseOps.clampInPlace(this, lo, hi);
    }

    /** {@code this = -this}; modifies {@code this}. */
    public Tensor neg_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.NEG, this);
    }

    /** {@code this = |this|}; modifies {@code this}. */
    public Tensor abs_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.ABS, this);
    }

    /** {@code this = e^this}; modifies {@code this}. */
    public Tensor exp_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.EXP, this);
    }

    /** {@code this = log(this)}; modifies {@code this}. */
    public Tensor log_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.LOG, this);
    }

    /** {@code this = sqrt(this)}; modifies {@code this}. */
    public Tensor sqrt_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SQRT, this);
    }

    /** {@code this = this²}; modifies {@code this}. */
    public Tensor square_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SQUARE, this);
    }

    /** {@code this = tanh(this)}; modifies {@code this}. */
    public Tensor tanh_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.TANH, this);
    }

    /** {@code this = max(this, 0)}; modifies {@code this}. */
    public Tensor relu_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.RELU, this);
    }

    /** {@code this = sigmoid(this)}; modifies {@code this}. */
    public Tensor sigmoid_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SIGMOID, this);
    }

    // ---------------------------------------------------------------- issue 18: math functions (NumPy ufuncs)
    //
    // Each computes in double (StrictMath, < 1 ulp; erf by fdlibm's approximations) and rounds to the
    // dtype once; the {@code _} forms modify {@code this}.

    /** Sine (radians). */
    public Tensor sin() {
        return ElementwiseOps.unary(UnaryOp.SIN, this);
    }

    /** {@code this = sin(this)}; modifies {@code this}. */
    public Tensor sin_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SIN, this);
    }

    /** Cosine (radians). */
    public Tensor cos() {
        return ElementwiseOps.unary(UnaryOp.COS, this);
    }

    /** {@code this = cos(this)}; modifies {@code this}. */
    public Tensor cos_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.COS, this);
    }

    /** Tangent (radians). */
    public Tensor tan() {
        return ElementwiseOps.unary(UnaryOp.TAN, this);
    }

    /** {@code this = tan(this)}; modifies {@code this}. */
    public Tensor tan_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.TAN, this);
    }

    /** Inverse sine (NaN outside [-1, 1]). */
    public Tensor arcsin() {
        return ElementwiseOps.unary(UnaryOp.ARCSIN, this);
    }

    /** {@code this = arcsin(this)}; modifies {@code this}. */
    public Tensor arcsin_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.ARCSIN, this);
    }

    /** Inverse cosine (NaN outside [-1, 1]). */
    public Tensor arccos() {
        return ElementwiseOps.unary(UnaryOp.ARCCOS, this);
    }

    /** {@code this = arccos(this)}; modifies {@code this}. */
    public Tensor arccos_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.ARCCOS, this);
    }

    /** Inverse tangent. */
    public Tensor arctan() {
        return ElementwiseOps.unary(UnaryOp.ARCTAN, this);
    }

    /** {@code this = arctan(this)}; modifies {@code this}. */
    public Tensor arctan_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.ARCTAN, this);
    }

    /** Hyperbolic sine. */
    public Tensor sinh() {
        return ElementwiseOps.unary(UnaryOp.SINH, this);
    }

    /** {@code this = sinh(this)}; modifies {@code this}. */
    public Tensor sinh_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SINH, this);
    }

    /** Hyperbolic cosine. */
    public Tensor cosh() {
        return ElementwiseOps.unary(UnaryOp.COSH, this);
    }

    /** {@code this = cosh(this)}; modifies {@code this}. */
    public Tensor cosh_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.COSH, this);
    }

    /** Largest integer ≤ this. */
    public Tensor floor() {
        return ElementwiseOps.unary(UnaryOp.FLOOR, this);
    }

    /** {@code this = floor(this)}; modifies {@code this}. */
    public Tensor floor_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.FLOOR, this);
    }

    /** Smallest integer ≥ this. */
    public Tensor ceil() {
        return ElementwiseOps.unary(UnaryOp.CEIL, this);
    }

    /** {@code this = ceil(this)}; modifies {@code this}. */
    public Tensor ceil_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.CEIL, this);
    }

    /** Nearest integer, halves to even. */
    public Tensor rint() {
        return ElementwiseOps.unary(UnaryOp.RINT, this);
    }

    /** {@code this = rint(this)}; modifies {@code this}. */
    public Tensor rint_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.RINT, this);
    }

    /** Integer part, rounded toward 0. */
    public Tensor trunc() {
        return ElementwiseOps.unary(UnaryOp.TRUNC, this);
    }

    /** {@code this = trunc(this)}; modifies {@code this}. */
    public Tensor trunc_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.TRUNC, this);
    }

    /** -1, 0 or 1 by sign (0 at ±0); NaN stays NaN. */
    public Tensor sign() {
        return ElementwiseOps.unary(UnaryOp.SIGN, this);
    }

    /** {@code this = sign(this)}; modifies {@code this}. */
    public Tensor sign_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SIGN, this);
    }

    /** {@code log(1 + this)}, accurate near 0. */
    public Tensor log1p() {
        return ElementwiseOps.unary(UnaryOp.LOG1P, this);
    }

    /** {@code this = log1p(this)}; modifies {@code this}. */
    public Tensor log1p_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.LOG1P, this);
    }

    /** {@code e^this - 1}, accurate near 0. */
    public Tensor expm1() {
        return ElementwiseOps.unary(UnaryOp.EXPM1, this);
    }

    /** {@code this = expm1(this)}; modifies {@code this}. */
    public Tensor expm1_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.EXPM1, this);
    }

    /** Base-2 logarithm (exact at powers of two). */
    public Tensor log2() {
        return ElementwiseOps.unary(UnaryOp.LOG2, this);
    }

    /** {@code this = log2(this)}; modifies {@code this}. */
    public Tensor log2_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.LOG2, this);
    }

    /** Base-10 logarithm. */
    public Tensor log10() {
        return ElementwiseOps.unary(UnaryOp.LOG10, this);
    }

    /** {@code this = log10(this)}; modifies {@code this}. */
    public Tensor log10_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.LOG10, this);
    }

    /** The error function. */
    public Tensor erf() {
        return ElementwiseOps.unary(UnaryOp.ERF, this);
    }

    /** {@code this = erf(this)}; modifies {@code this}. */
    public Tensor erf_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.ERF, this);
    }

    /** NumPy's {@code round}: {@link #rint()}. */
    public Tensor round() {
        return MathOps.round(this, 0);
    }

    /** NumPy's {@code round(x, decimals)}: {@code rint(x·10^d)/10^d} (negative {@code d} rounds to tens, hundreds ...). */
    public Tensor round(int decimals) {
        return MathOps.round(this, decimals);
    }

    /** {@link #round(int)} in place; modifies {@code this}. */
    public Tensor round_(int decimals) {
        return MathOps.round_(this, decimals);
    }

    /** Bool mask of the NaN elements. */
    public Tensor isnan() {
        return MathOps.isnan(this);
    }

    /** Bool mask of the ±inf elements. */
    public Tensor isinf() {
        return MathOps.isinf(this);
    }

    /** Bool mask of the elements neither infinite nor NaN. */
    public Tensor isfinite() {
        return MathOps.isfinite(this);
    }

    /** {@code atan2(this, other)}: the angle of the point (other, this), in [-π, π]. */
    public Tensor arctan2(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.ARCTAN2, this, other);
    }

    public Tensor arctan2(double s) {
        return ElementwiseOps.binary(BinaryOp.ARCTAN2, this, s);
    }

    /** {@code √(this² + other²)} without overflow or underflow. */
    public Tensor hypot(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.HYPOT, this, other);
    }

    public Tensor hypot(double s) {
        return ElementwiseOps.binary(BinaryOp.HYPOT, this, s);
    }

    /** C's {@code fmod}: the remainder of truncated division, with the sign of {@code this}. */
    public Tensor fmod(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.FMOD, this, other);
    }

    public Tensor fmod(double s) {
        return ElementwiseOps.binary(BinaryOp.FMOD, this, s);
    }

    /** Element-wise maximum ignoring NaN (NaN only where both are); {@link #maximum} propagates it. */
    public Tensor fmax(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.FMAX, this, other);
    }

    public Tensor fmax(double s) {
        return ElementwiseOps.binary(BinaryOp.FMAX, this, s);
    }

    /** Element-wise minimum ignoring NaN (NaN only where both are); {@link #minimum} propagates it. */
    public Tensor fmin(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.FMIN, this, other);
    }

    public Tensor fmin(double s) {
        return ElementwiseOps.binary(BinaryOp.FMIN, this, s);
    }

    // ---------------------------------------------------------------- end of issue 18 block

    // ---------------------------------------------------------------- reductions
    //
    // Axes may be negative; no axes means all axes; an out-of-range or repeated axis is refused by
    // name. keepdims leaves reduced axes in place with size 1 (so the result broadcasts against the
    // input). Sums accumulate in double (float32 runs in blocked SIMD partial sums) and round to
    // this dtype at the end. max/min propagate NaN and refuse empty reductions, sum of nothing is 0,
    // prod of nothing is 1, mean of nothing is NaN.

    /** Sum over {@code axes} (none = all, giving a 0-d tensor). */
    public Tensor sum(int... axes) {
        return ReduceOps.reduce(ReduceOp.SUM, this, axes, false);
    }

    /** Sum over {@code axes}; with {@code keepdims} the reduced axes stay with size 1. */
    public Tensor sum(int[] axes, boolean keepdims) {
        return ReduceOps.reduce(ReduceOp.SUM, this, axes, keepdims);
    }

    public Tensor sum(int axis, boolean keepdims) {
        return sum(new int[] {axis}, keepdims);
    }

    /** Arithmetic mean over {@code axes} (none = all). */
    public Tensor mean(int... axes) {
        return ReduceOps.mean(this, axes, false);
    }

    public Tensor mean(int[] axes, boolean keepdims) {
        return ReduceOps.mean(this, axes, keepdims);
    }

    public Tensor mean(int axis, boolean keepdims) {
        return mean(new int[] {axis}, keepdims);
    }

    /** Product over {@code axes} (none = all). */
    public Tensor prod(int... axes) {
        return ReduceOps.reduce(ReduceOp.PROD, this, axes, false);
    }

    public Tensor prod(int[] axes, boolean keepdims) {
        return ReduceOps.reduce(ReduceOp.PROD, this, axes, keepdims);
    }

    /** Maximum over {@code axes} (none = all); NaN if any element is NaN. */
    public Tensor max(int... axes) {
        return ReduceOps.reduce(ReduceOp.MAX, this, axes, false);
    }

    public Tensor max(int[] axes, boolean keepdims) {
        return ReduceOps.reduce(ReduceOp.MAX, this, axes, keepdims);
    }

    public Tensor max(int axis, boolean keepdims) {
        return max(new int[] {axis}, keepdims);
    }

    /** Minimum over {@code axes} (none = all); NaN if any element is NaN. */
    public Tensor min(int... axes) {
        return ReduceOps.reduce(ReduceOp.MIN, this, axes, false);
    }

    public Tensor min(int[] axes, boolean keepdims) {
        return ReduceOps.reduce(ReduceOp.MIN, this, axes, keepdims);
    }

    public Tensor min(int axis, boolean keepdims) {
        return min(new int[] {axis}, keepdims);
    }

    /**
     * Variance {@code Σ(x - mean)² / max(N - ddof, 0)} over {@code axes} (NumPy's {@code var}; ddof 0 by
     * default): {@code ddof >= N} gives inf, or NaN where the sum of squares is 0, as NumPy.
     */
    public Tensor var(int[] axes, boolean keepdims, int ddof) {
        return ReduceOps.var(this, axes, keepdims, ddof);
    }

    /** Population variance (ddof 0) over {@code axes} (none = all). */
    public Tensor var(int... axes) {
        return ReduceOps.var(this, axes, false, 0);
    }

    /** Standard deviation: the square root of {@link #var(int[], boolean, int)}. */
    public Tensor std(int[] axes, boolean keepdims, int ddof) {
        return ElementwiseOps.unaryInPlace(UnaryOp.SQRT, ReduceOps.var(this, axes, keepdims, ddof));
    }

    /** Population standard deviation over {@code axes} (none = all). */
    public Tensor std(int... axes) {
        return std(axes, false, 0);
    }

    /**
     * {@code log Σ exp(x)} over {@code axes} (none = all), computed as {@code m + log Σ exp(x - m)}
     * with {@code m} the maximum, so {@code [1000, 1000]} gives {@code 1000 + log 2}, not inf.
     */
    public Tensor logsumexp(int... axes) {
        return ReduceOps.logsumexp(this, axes, false);
    }

    public Tensor logsumexp(int[] axes, boolean keepdims) {
        return ReduceOps.logsumexp(this, axes, keepdims);
    }

    /**
     * {@code exp(x - max) / Σ exp(x - max)} along {@code axis}: slices along it sum to 1. As NumPy's
     * formulation, a slice holding {@code +inf} or NaN, or all {@code -inf}, is NaN throughout.
     */
    public Tensor softmax(int axis) {
        return ReduceOps.softmax(this, axis);
    }

    /** {@code x - logsumexp(x, axis)}: the log-softmax, accurate where softmax underflows to 0. */
    public Tensor logSoftmax(int axis) {
        return ReduceOps.logSoftmax(this, axis);
    }

    /**
     * Row-major (flattened) position of the first maximum, as NumPy's {@code argmax()} without an
     * axis; a NaN counts as the maximum. Refuses an empty tensor.
     */
    public int argmax() {
        return ReduceOps.argExtreme(true, this);
    }

    /**
     * Positions of the first maximum along {@code axis}, as an int64 tensor (NumPy's intp); the axis
     * is dropped unless {@code keepdims}. Read an index with {@link #getLong}.
     */
    public Tensor argmax(int axis, boolean keepdims) {
        return ReduceOps.argExtreme(true, this, axis, keepdims);
    }

    public Tensor argmax(int axis) {
        return argmax(axis, false);
    }

    /** Row-major position of the first minimum; see {@link #argmax()}. */
    public int argmin() {
        return ReduceOps.argExtreme(false, this);
    }

    /** Positions of the first minimum along {@code axis}; see {@link #argmax(int, boolean)}. */
    public Tensor argmin(int axis, boolean keepdims) {
        return ReduceOps.argExtreme(false, this, axis, keepdims);
    }

    public Tensor argmin(int axis) {
        return argmin(axis, false);
    }

    // ---------------------------------------------------------------- gathering

    /**
     * NumPy's {@code take(indices, axis)}: a new row-major tensor whose slice i along {@code axis} is
     * this tensor's slice {@code indices[i]} (negative indices count from the end; repeats allowed).
     * {@code this} is not modified.
     */
    public Tensor take(int axis, int... indices) {
        int ax = layout.axis(axis, "take");
        int[] shape = layout.shape();
        shape[ax] = indices.length;
        return gather(ax, indices, zeros(dtype, shape));
    }

    /**
     * {@link #take(int, int...)} written into {@code out} (NumPy's {@code take(..., out=)}), which must
     * have the result's shape and this tensor's dtype and must not share storage with it; {@code out}
     * is modified and returned. A training loop that draws a batch every step can reuse one buffer
     * instead of allocating (and zeroing) a fresh one each time.
     */
    public Tensor take(int axis, int[] indices, Tensor out) {
        int ax = layout.axis(axis, "take");
        int[] shape = layout.shape();
        shape[ax] = indices.length;
        if (!Arrays.equals(out.shape(), shape) || out.dtype != dtype) {
            throw new IllegalArgumentException("take: out is " + out.dtype.numpyName() + Layout.format(out.shape())
                    + " but the result is " + dtype.numpyName() + Layout.format(shape));
        }
        if (out.sharesStorage(this)) {
            throw new IllegalArgumentException("take: out shares storage with the source tensor");
        }
        out.bumpVersion();
        return gather(ax, indices, out);
    }

    /** Fewest elements a row gather splits across threads. */
    private static final long GATHER_PARALLEL_MIN = 1 << 16;

    private Tensor gather(int ax, int[] indices, Tensor out) {
        int n = layout.dim(ax);
        int[] shape = out.shape();
        int inner = 1;
        for (int d = ax + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        boolean rows = ax == 0 && layout.isContiguous() && out.layout.isContiguous();
        // Every index is checked before anything is written, so a bad one leaves out untouched.
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            if (k < -n || k >= n) {
                throw new IndexOutOfBoundsException("take: index " + k + " at position " + i
                        + " is out of bounds for axis " + ax + " with size " + n);
            }
        }
        if (rows) {
            // Whole rows of a row-major tensor are contiguous runs: one array copy each. Rows drawn at
            // random from a large tensor come from memory, not cache; two threads keep twice as many
            // reads in flight.
            int count = indices.length;
            int len = inner;
            int copiers = (long) count * len >= GATHER_PARALLEL_MIN ? Math.min(Parallel.threads(), count) : 1;
            Parallel.run(copiers, t -> {
                for (int i = count * t / copiers, end = count * (t + 1) / copiers; i < end; i++) {
                    int k = indices[i] < 0 ? indices[i] + n : indices[i];
                    int src = layout.offset() + k * len;
                    int dst = out.layout.offset() + i * len;
                    System.arraycopy(storage(), src, out.storage(), dst, len);
                }
            });
        } else {
            for (int i = 0; i < indices.length; i++) {
                int k = indices[i] < 0 ? indices[i] + n : indices[i];
                out.select(ax, i).assign(select(ax, k));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with NumPy's {@code matmul} ({@code @}) semantics: for 2-D operands
     * {@code C[i,j] = Σ_p this[i,p]·other[p,j]}; a 1-D left operand is treated as a row (and that axis
     * removed from the result), a 1-D right operand as a column (likewise), so 1-D @ 1-D is the dot
     * product as a 0-d tensor; for N-D operands the last two axes are the matrices and the leading
     * (batch) axes broadcast. float32 with float64 gives float64. Neither operand is modified.
     *
     * @throws IllegalArgumentException naming both shapes when an operand is 0-d, the inner
     *     dimensions differ or the batch dimensions cannot be broadcast
     */
    public Tensor matmul(Tensor other) {
        return LinalgOps.matmul(this, other, null);
    }

    /**
     * {@link #matmul(Tensor)} written into {@code out}, which must have the result's shape (any dtype,
     * any strides); {@code out} is modified and returned. {@code out} may share storage with the
     * operands: the product is then computed into a temporary first.
     */
    public Tensor matmul(Tensor other, Tensor out) {
        Tensor r = LinalgOps.matmul(this, other, java.util.Objects.requireNonNull(out, "matmul: out is null"));
        out.bumpVersion();
        return r;
    }

    /**
     * Einstein summation with NumPy's {@code np.einsum} semantics: {@code out[o] = Σ_{labels not in o}
     * Π_t operand_t[labels_t]}. Supports explicit ({@code "ij,jk->ik"}) and implicit ({@code "ij,jk"})
     * output, any number of operands, {@code ...} with broadcasting, repeated labels (diagonals and
     * traces: {@code "ii->i"}, {@code "ii"}), size-1 broadcasting, letters a-z and A-Z; the dtype is
     * the promotion of the operands' (f32 with f64 gives f64). Several operands are contracted pairwise
     * in the order {@link #einsumPath} reports; pairs with a contracted and a free index run as batched
     * matrix products. No argument is modified; like NumPy the result may be a view of an operand
     * (e.g. {@code "ij->ji"}).
     *
     * @throws IllegalArgumentException with the spec and a caret under the problem
     */
    public static Tensor einsum(String spec, Tensor... operands) {
        return Einsum.einsum(spec, operands);
    }

    /**
     * {@link #einsum(String, Tensor...)} written into {@code out} (NumPy's {@code einsum(..., out=)}),
     * which must have the result's shape and dtype; {@code out} is modified and returned. When the
     * last contraction is a matrix product and {@code out}'s strides allow it, the product is computed
     * straight into {@code out}, so a backward pass can reuse its gradient buffers; otherwise (or when
     * {@code out} overlaps an operand) the result is computed first and copied.
     */
    public static Tensor einsum(Tensor out, String spec, Tensor... operands) {
        Tensor r = Einsum.einsum(out, spec, operands); // checks out (null, shape, dtype) before bumping
        out.bumpVersion();
        return r;
    }

    /** The contraction order {@link #einsum} uses for operands of these shapes (NumPy's {@code einsum_path}). */
    public static EinsumPath einsumPath(String spec, int[]... shapes) {
        return EinsumPath.of(spec, shapes);
    }

    /**
     * The whole plan {@link #einsum} follows for these operands: the contraction order and how each
     * step is lowered (a view, a direct loop, or a batched matrix product and whether its operands
     * are views or copies). Plans are decided once per spec, shapes and strides and cached; if these
     * operands have none yet, the contraction is run once to make it.
     */
    public static EinsumPlan einsumPlan(String spec, Tensor... operands) {
        return Einsum.plan(spec, operands);
    }

    /**
     * The plan {@link #einsum(Tensor, String, Tensor...)} follows for this {@code out} (its strides
     * decide whether the last product is written straight into it); if there is none yet, the
     * contraction is run once into {@code out} to make it.
     */
    public static EinsumPlan einsumPlan(Tensor out, String spec, Tensor... operands) {
        out.bumpVersion();
        return Einsum.plan(out, spec, operands);
    }

    // ---------------------------------------------------------------- formatting and equality

    /**
     * NumPy's {@code repr} layout with the name {@code tensor}, using the current {@link PrintOptions}:
     * {@code tensor([[1., 2.],\n        [3., 4.]], dtype=float32)}. As in NumPy, {@code dtype=} is
     * omitted for float64 (the default dtype), {@code shape=} is added for summarised or empty
     * multi-dimensional tensors, and columns are aligned.
     */
    @Override
    public String toString() {
        return TensorFormat.repr(this, PrintOptions.get());
    }

    /** {@link #toString()} with explicit print options. */
    public String toString(PrintOptions options) {
        return TensorFormat.repr(this, options);
    }

    /**
     * NumPy's {@code allclose}: true when {@code |this - other| <= atol + rtol·|other|} element-wise
     * over the broadcast of both shapes (equal infinities are close, NaN never is). Throws when the
     * shapes do not broadcast.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return TensorCompare.allClose(this, other, rtol, atol);
    }

    /** {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol = 1e-5, atol = 1e-8. */
    public boolean allClose(Tensor other) {
        return TensorCompare.allClose(this, other, 1e-5, 1e-8);
    }

    /**
     * True when {@code other} has the same dtype and shape and equal elements ({@code ==}, or both
     * NaN), whatever the strides. {@code equals} stays identity because tensors are mutable.
     */
    public boolean contentEquals(Tensor other) {
        return TensorCompare.contentEquals(this, other);
    }

    // ---------------------------------------------------------------- integer and bool dtypes
    // (IntOps holds the kernels; DType the promotion rules.)

    /** The storage array, whichever dtype (shared, not copied). */
    private Object storage() {
        return f32 != null ? f32 : f64 != null ? f64 : i32 != null ? i32 : i64 != null ? (Object) i64 : b8;
    }

    /** Copies {@code data} into a new int32 tensor of {@code shape} (row-major; no shape: 1-d). */
    public static Tensor of(int[] data, int... shape) {
        int[] sh = shape.length == 0 ? new int[] {data.length} : shape;
        Layout l = Layout.contiguous(sh);
        checkLength(l, data.length, sh);
        return new Tensor(DType.I32, l, null, null, data.clone(), null, null);
    }

    /** Copies {@code data} into a new int64 tensor of {@code shape} (row-major; no shape: 1-d). */
    public static Tensor of(long[] data, int... shape) {
        int[] sh = shape.length == 0 ? new int[] {data.length} : shape;
        Layout l = Layout.contiguous(sh);
        checkLength(l, data.length, sh);
        return new Tensor(DType.I64, l, null, null, null, data.clone(), null);
    }

    /** Copies {@code data} into a new bool tensor of {@code shape} (row-major; no shape: 1-d). */
    public static Tensor of(boolean[] data, int... shape) {
        int[] sh = shape.length == 0 ? new int[] {data.length} : shape;
        Layout l = Layout.contiguous(sh);
        checkLength(l, data.length, sh);
        return new Tensor(DType.BOOL, l, null, null, null, null, data.clone());
    }

    /**
     * {@code start, start+step, ...} below {@code stop} (above, for negative {@code step}) as int64:
     * NumPy's {@code arange} with integer arguments. The double overload gives floats.
     */
    public static Tensor arange(long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must not be zero");
        }
        long count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                : (stop < start ? (start - stop - step - 1) / -step : 0);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange: " + count + " elements exceed the largest tensor");
        }
        long[] d = new long[(int) count];
        for (int i = 0; i < d.length; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(DType.I64, Layout.contiguous(d.length), null, null, null, d, null);
    }

    /** The element at {@code idx} as a long: exact for int64; floats truncate as {@link #astype} casts. */
    public long getLong(int... idx) {
        return readLong(layout.index(idx));
    }

    /** The elements in row-major order as longs (floats cast as {@link #astype} casts them). */
    public long[] toLongArray() {
        if (size() == 0) {
            return new long[0];
        }
        // through the strided copy: unravelling each flat index (a division per axis) costs ~20 ns an element
        Tensor c = astype(DType.I64).contiguous();
        long[] out = new long[size()];
        System.arraycopy(c.i64, c.offset(), out, 0, out.length);
        return out;
    }

    /** The elements in row-major order as ints, cast as {@code astype(DType.I32)} casts them. */
    public int[] toIntArray() {
        if (size() == 0) {
            return new int[0];
        }
        Tensor c = astype(DType.I32).contiguous();
        int[] out = new int[size()];
        System.arraycopy(c.i32, c.offset(), out, 0, out.length);
        return out;
    }

    /** The elements in row-major order as booleans (nonzero is true; NaN is true, as in NumPy). */
    public boolean[] toBooleanArray() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = readBool(flatToStorage(i));
        }
        return out;
    }

    /** Element-wise {@code this && other} (nonzero is true), broadcast, as bool. */
    public Tensor logicalAnd(Tensor other) {
        return IntOps.logical("logicalAnd", this, other);
    }

    /** Element-wise {@code this || other} (nonzero is true), broadcast, as bool. */
    public Tensor logicalOr(Tensor other) {
        return IntOps.logical("logicalOr", this, other);
    }

    /** Element-wise {@code this ^ other} (nonzero is true), broadcast, as bool. */
    public Tensor logicalXor(Tensor other) {
        return IntOps.logical("logicalXor", this, other);
    }

    /** Element-wise {@code !this} (nonzero is true), as bool. */
    public Tensor logicalNot() {
        return IntOps.logicalNot(this);
    }

    /** Count of nonzero elements over {@code axes} (none = all), as int64 (NumPy's count_nonzero). */
    public Tensor countNonzero(int... axes) {
        return astype(DType.BOOL).sum(axes);
    }

    /** Whether any element over {@code axes} (none = all) is nonzero, as bool (false when empty). */
    public Tensor any(int... axes) {
        return countNonzero(axes).ne(0.0);
    }

    /** Whether every element over {@code axes} (none = all) is nonzero, as bool (true when empty). */
    public Tensor all(int... axes) {
        return logicalNot().countNonzero(axes).eq(0.0);
    }

    /**
     * NumPy's {@code argwhere}: the indices of the nonzero elements in row-major order, as an int64
     * tensor of shape [count, rank].
     */
    public Tensor argwhere() {
        int rank = rank();
        int n = size();
        // truth values in row-major order first (NaN is true, as != 0 says), then one pass with a
        // running multi-index instead of a division per axis and element
        boolean[] t;
        int off;
        if (dtype == DType.BOOL && layout.isContiguous()) {
            t = b8;
            off = layout.offset();
        } else {
            Tensor b = (dtype == DType.BOOL ? this : ne(0.0)).contiguous();
            t = b.b8;
            off = b.offset();
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (t[off + i]) {
                count++;
            }
        }
        long[] d = new long[count * rank];
        int[] sh = layout.shape();
        int[] at = new int[rank];
        for (int i = 0, k = 0; i < n; i++) {
            if (t[off + i]) {
                for (int ax = 0; ax < rank; ax++) {
                    d[k * rank + ax] = at[ax];
                }
                k++;
            }
            for (int ax = rank - 1; ax >= 0; ax--) {
                if (++at[ax] < sh[ax]) {
                    break;
                }
                at[ax] = 0;
            }
        }
        return new Tensor(DType.I64, Layout.contiguous(count, rank), null, null, null, d, null);
    }

    /**
     * NumPy's {@code nonzero}: one int64 index tensor per axis, together naming the nonzero elements
     * in row-major order. A 0-d tensor is refused as NumPy 2 refuses it.
     */
    public Tensor[] nonzero() {
        if (rank() == 0) {
            throw new IllegalArgumentException("nonzero: a 0-d tensor has no axes (use atleast 1-d, as NumPy 2 asks)");
        }
        Tensor w = argwhere();
        Tensor[] out = new Tensor[rank()];
        for (int ax = 0; ax < out.length; ax++) {
            out[ax] = w.select(1, ax).contiguous();
        }
        return out;
    }

    /**
     * {@link #take(int, int...)} with an int32 or int64 index tensor of any shape: the axis is replaced
     * by the index tensor's shape, as NumPy's {@code take(indices, axis)}.
     */
    public Tensor take(int axis, Tensor indices) {
        if (!indices.dtype.isInteger()) {
            throw new IllegalArgumentException("take: indices must be int32 or int64, not " + indices.dtype.numpyName());
        }
        int ax = layout.axis(axis, "take");
        long[] idx = indices.toLongArray();
        int n = layout.dim(ax);
        int[] ii = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < -n || idx[i] >= n) {
                throw new IndexOutOfBoundsException("take: index " + idx[i] + " at position " + i
                        + " is out of bounds for axis " + ax + " with size " + n);
            }
            ii[i] = (int) idx[i];
        }
        Tensor flat = take(ax, ii);
        int[] sh = layout.shape();
        int[] ish = indices.shape();
        int[] out = new int[sh.length - 1 + ish.length];
        System.arraycopy(sh, 0, out, 0, ax);
        System.arraycopy(ish, 0, out, ax, ish.length);
        System.arraycopy(sh, ax + 1, out, ax + ish.length, sh.length - ax - 1);
        return flat.reshape(out);
    }

    // ---------------------------------------------------------------- NumPy indexing (Index, IndexingOps)

    /**
     * NumPy's {@code a[items]}. Items are {@link Index} values or the Java values they stand for: an
     * {@code Integer} or {@code Long} position, an {@code int[]}/{@code long[]} or int32/int64 tensor of
     * positions, a {@code boolean[]} or bool tensor mask, a {@code Boolean} ({@code a[True]}). Negative
     * positions count from the end; missing trailing items mean {@code :}.
     *
     * <p>With only slices, positions, {@link Index#newAxis()} and {@link Index#ellipsis()} the result is
     * a view sharing storage with {@code this} (positions drop their axis; all positions give a 0-d
     * view, where NumPy gives a scalar). An index array or mask makes the expression advanced and the
     * result a new row-major tensor: the index arrays (and a mask's {@link #nonzero()} arrays, and then
     * positions too) broadcast together to a shape B that takes the place of the axes they index when
     * they stand next to each other in {@code items}, and otherwise comes first ({@code a[rows, cols]},
     * {@code a[:, [0, 2]]}, {@code a[mask]}, {@code a[0, :, [1, 2]]} all as NumPy). {@code this} is not
     * modified.
     *
     * @throws IndexOutOfBoundsException naming the axis, the index and the axis size for an index out
     *     of range, or the axis and both sizes for a mask whose shape does not match
     * @throws IllegalArgumentException for too many indices, two ellipses, index arrays that do not
     *     broadcast or are not integer or bool, or an item of another type
     */
    public Tensor index(Object... items) {
        return IndexingOps.index(this, items);
    }

    /**
     * NumPy's {@code a[items] = values}; modifies {@code this} (a view writes through to its base).
     * {@code values} broadcast to the shape {@code index(items)} would have and are cast to this dtype
     * as {@link #astype} casts; they are read in full first, so they may overlap {@code this}. Where
     * an advanced expression names one element more than once, the last value in row-major order of
     * the selection wins (NumPy leaves that unspecified). A mask assigns where it is true:
     * {@code a[a > 3] = 0} is {@code a.indexPut_(new Object[] {a.gt(3)}, 0.0)}.
     *
     * @throws IllegalArgumentException when the values do not broadcast or {@code this} is a broadcast view
     */
    public Tensor indexPut_(Object[] items, Tensor values) {
        return IndexingOps.indexPut(this, items, values);
    }

    /** {@link #indexPut_(Object[], Tensor)} with one value, cast to this dtype as {@link #set} casts it. */
    public Tensor indexPut_(Object[] items, double value) {
        return IndexingOps.indexPut(this, items, scalar(DType.F64, value));
    }

    /** {@link #indexPut_(Object[], Tensor)} with one integer value (exact for int64). */
    public Tensor indexPut_(Object[] items, long value) {
        return IndexingOps.indexPut(this, items, full(DType.I64, value));
    }

    /**
     * NumPy's {@code np.add.at(a, items, values)}, a scatter-add; modifies {@code this}. Unlike
     * {@code a[items] += values}, an element named k times receives all k values, in row-major order of
     * the selection. {@code values} broadcast as for {@link #indexPut_}; each sum is computed in the
     * promotion of both dtypes and cast back to this dtype as {@link #astype} casts (as NumPy's
     * ufunc.at: float values added into an integer tensor truncate at every step).
     */
    public Tensor addAt_(Object[] items, Tensor values) {
        return IndexingOps.addAt(this, items, values);
    }

    /** {@link #addAt_(Object[], Tensor)} with a double (a weak Python float: it keeps float32 float32). */
    public Tensor addAt_(Object[] items, double value) {
        return IndexingOps.addAt(this, items, scalar(DType.promoteWeak(dtype, true), value));
    }

    /** {@link #addAt_(Object[], Tensor)} with an integer (a weak Python int: it keeps an integer dtype). */
    public Tensor addAt_(Object[] items, long value) {
        return IndexingOps.addAt(this, items, full(DType.promoteWeak(dtype, false), value));
    }

    /**
     * NumPy's {@code take_along_axis(a, indices, axis)}: {@code indices} (int32 or int64, same rank as
     * {@code this}) pick along {@code axis}, and the other axes broadcast against this tensor's, so
     * {@code a.takeAlongAxis(a.argsort(1), 1)} sorts each row and
     * {@code a.takeAlongAxis(a.argmax(1, true), 1)} picks each row's maximum. A new tensor.
     */
    public Tensor takeAlongAxis(Tensor indices, int axis) {
        return IndexingOps.takeAlongAxis(this, indices, axis);
    }

    /**
     * NumPy's {@code put_along_axis(a, indices, values, axis)}: writes {@code values} (broadcast to the
     * shape {@link #takeAlongAxis} would return) where that would read; modifies {@code this}.
     */
    public Tensor putAlongAxis_(Tensor indices, Tensor values, int axis) {
        return IndexingOps.putAlongAxis(this, indices, values, axis);
    }

    /** {@link #putAlongAxis_(Tensor, Tensor, int)} with one value. */
    public Tensor putAlongAxis_(Tensor indices, double value, int axis) {
        return IndexingOps.putAlongAxis(this, indices, scalar(DType.F64, value), axis);
    }

    /**
     * NumPy's one-argument {@code where(condition)}: {@link #nonzero()} of {@code condition}, one int64
     * index tensor per axis, so {@code a.index((Object[]) Tensor.where(m))} is {@code a[np.where(m)]}.
     */
    public static Tensor[] where(Tensor condition) {
        return condition.nonzero();
    }

    // ---------------------------------------------------------------- joining, splitting, sorting, scans (JoinOps, SortOps)

    /** np.concatenate along {@code axis}; the result dtype is NumPy's promotion of all operands. */
    public static Tensor concatenate(int axis, Tensor... tensors) {
        return JoinOps.concatenate(axis, tensors);
    }

    /** np.stack: joins equal-shaped tensors along a new axis {@code axis}. */
    public static Tensor stack(int axis, Tensor... tensors) {
        return JoinOps.stack(axis, tensors);
    }

    /** np.split into {@code sections} equal views along {@code axis} (throws when it does not divide). */
    public Tensor[] split(int sections, int axis) {
        return JoinOps.split(this, sections, axis);
    }

    /** np.split at {@code indices} along {@code axis}: views. */
    public Tensor[] split(int[] indices, int axis) {
        return JoinOps.split(this, indices, axis);
    }

    /** np.array_split: {@code sections} views, the first {@code size % sections} one longer. */
    public Tensor[] arraySplit(int sections, int axis) {
        return JoinOps.arraySplit(this, sections, axis);
    }

    /** np.tile. */
    public Tensor tile(int... reps) {
        return JoinOps.tile(this, reps);
    }

    /** np.repeat(a, repeats, axis). */
    public Tensor repeat(int repeats, int axis) {
        return JoinOps.repeat(this, repeats, axis);
    }

    /** np.repeat(a, repeats) of the flattened tensor. */
    public Tensor repeat(int repeats) {
        return JoinOps.repeat(this, repeats, null);
    }

    /** np.repeat(a, repeats, axis) with one count per position along {@code axis}. */
    public Tensor repeat(int[] repeats, int axis) {
        return JoinOps.repeat(this, repeats, axis);
    }

    /** np.pad(a, widths, constant_values=constant): one {before, after} pair per axis (or one for all). */
    public Tensor pad(int[][] widths, double constant) {
        return JoinOps.pad(this, widths, constant);
    }

    /** np.flip over {@code axes} (none = all): a view with negative strides. */
    public Tensor flip(int... axes) {
        return JoinOps.flip(this, axes);
    }

    /** np.roll(a, shift, axis). */
    public Tensor roll(int shift, int axis) {
        return JoinOps.roll(this, shift, axis);
    }

    /** np.roll(a, shift): rolls the flattened elements, keeps the shape. */
    public Tensor roll(int shift) {
        return JoinOps.roll(this, shift);
    }

    /** Stable np.sort along {@code axis} (NaN last; -0.0 and 0.0 keep their order). */
    public Tensor sort(int axis) {
        return SortOps.sort(this, axis);
    }

    /** Stable np.argsort along {@code axis}, as int64. */
    public Tensor argsort(int axis) {
        return SortOps.argsort(this, axis);
    }

    /** np.cumsum along {@code axis} (int and bool give int64). */
    public Tensor cumsum(int axis) {
        return SortOps.cumsum(this, axis);
    }

    /** np.cumsum of the flattened tensor. */
    public Tensor cumsum() {
        return SortOps.cumsum(this, null);
    }

    /** np.cumprod along {@code axis} (int and bool give int64). */
    public Tensor cumprod(int axis) {
        return SortOps.cumprod(this, axis);
    }

    /** np.cumprod of the flattened tensor. */
    public Tensor cumprod() {
        return SortOps.cumprod(this, null);
    }

    /** np.unique: the sorted distinct elements, NaNs collapsed into one. */
    public Tensor unique() {
        return SortOps.uniqueCounts(this).values();
    }

    /** np.unique(a, return_counts=True). */
    public Unique uniqueCounts() {
        return SortOps.uniqueCounts(this);
    }

    /** np.searchsorted(this, values, side) for this 1-D ascending tensor; side is "left" or "right"; int64. */
    public Tensor searchsorted(Tensor values, String side) {
        return SortOps.searchsorted(this, values, side);
    }
}
