package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy indexing: the implementation behind {@link Tensor#index}, {@link Tensor#indexPut_},
 * {@link Tensor#addAt_}, {@link Tensor#takeAlongAxis} and {@link Tensor#putAlongAxis_}.
 *
 * <p>An expression is resolved in one walk over its items ({@link #select}). Basic items (slices,
 * integers, new axes, the ellipsis) become {@link Layout} operations, so an expression of only those
 * is a view. With an integer array or a mask anywhere the expression is advanced, and then (as in
 * NumPy's mapping.c) integers count as 0-d index arrays, masks as the index arrays of their
 * {@link Tensor#nonzero()} and a 0-d mask as a new axis indexed by {@code [0]} or {@code []}; all of
 * them broadcast to one shape B. The walk applies the basic items and keeps every indexed axis, and the
 * result is the kept axes before the first indexed one, then B, then the kept axes after the last, when
 * the advanced items stand next to each other in the expression; when a basic item (even an ellipsis
 * standing for no axes) separates them, B comes first. Every selected element is then a storage
 * position {@code base + pre[i] + offs[b] + post[j]}, which gather, scatter and scatter-add walk.
 */
final class IndexingOps {
    private IndexingOps() {
    }

    /** What an index expression selects from a tensor's storage. */
    static final class Selection {
        /** For a basic expression the result view (null when advanced). */
        final Tensor view;
        /** Result shape: pre dims, then B, then post dims. */
        final int[] shape;
        /** Storage position of the walked view's first element. */
        final int base;
        /** Advanced only: offsets of the kept axes before B, of each B position, of the kept axes after. */
        final int[] pre;
        final int[] offs;
        final int[] post;

        Selection(Tensor view, int[] shape, int base, int[] pre, int[] offs, int[] post) {
            this.view = view;
            this.shape = shape;
            this.base = base;
            this.pre = pre;
            this.offs = offs;
            this.post = post;
        }

        boolean advanced() {
            return view == null;
        }

        int size() {
            return view != null ? view.size() : pre.length * offs.length * post.length;
        }

        /** The storage position of every selected element, in row-major order of the result. */
        int[] positions() {
            if (view != null) {
                int[] pos = offsets(shape, view.strides());
                for (int i = 0; i < pos.length; i++) {
                    pos[i] += base;
                }
                return pos;
            }
            int[] pos = new int[size()];
            int k = 0;
            for (int p : pre) {
                for (int o : offs) {
                    int start = base + p + o;
                    for (int q : post) {
                        pos[k++] = start + q;
                    }
                }
            }
            return pos;
        }

        /** Length of the contiguous storage run each (pre, b) pair of an advanced selection selects, or 0. */
        int run() {
            for (int j = 0; j < post.length; j++) {
                if (post[j] != j) {
                    return 0;
                }
            }
            return post.length;
        }
    }

    // ---------------------------------------------------------------- resolving an expression

    /** One advanced item after the walk: the axis of the walked view it indexes and its index array. */
    private record Advanced(int dim, int axis, Tensor indices) {
    }

    static Selection select(String op, Tensor a, Object[] items) {
        int rank = a.rank();
        Index[] ix = new Index[items.length];
        boolean fancy = false;
        int ellipses = 0;
        int consumed = 0;
        for (int i = 0; i < items.length; i++) {
            ix[i] = Index.of(items[i], i);
            switch (ix[i].kind()) {
                case ELLIPSIS -> ellipses++;
                case SLICE, AT -> consumed++;
                case ARRAY -> {
                    consumed++;
                    fancy = true;
                }
                case MASK -> {
                    consumed += ix[i].tensor().rank();
                    fancy = true;
                }
                case NEW_AXIS -> {
                }
            }
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException(op + ": an index can only have a single ellipsis ('...')");
        }
        if (consumed > rank) {
            throw new IllegalArgumentException(op + ": too many indices for tensor: tensor is " + rank
                    + "-dimensional, but " + consumed + " were indexed");
        }
        int spanned = rank - consumed; // axes the ellipsis stands for
        Layout l = a.layout();
        int c = 0; // axis of l the next item applies to
        int axis = 0; // axis of a it consumes
        List<Advanced> adv = new ArrayList<>();
        // NumPy's consec status: -1 nothing advanced yet, 0 in the advanced run, 1 after it, 2 separated.
        int consec = -1;
        for (Index item : ix) {
            boolean advancedItem = item.isAdvanced() || (fancy && item.kind() == Index.Kind.AT);
            if (advancedItem) {
                consec = consec == -1 ? 0 : consec == 1 ? 2 : consec;
            } else if (consec == 0) {
                consec = 1;
            }
            switch (item.kind()) {
                case SLICE -> {
                    l = l.slice(c++, item.start(), item.stop(), item.step());
                    axis++;
                }
                case AT -> {
                    int n = l.dim(c);
                    long p = checkBound(op, item.position(), axis, n);
                    if (fancy) {
                        adv.add(new Advanced(c++, axis, Tensor.full(DType.I64, p)));
                    } else {
                        l = l.select(c, (int) p);
                    }
                    axis++;
                }
                case NEW_AXIS -> l = l.unsqueeze(c++);
                case ELLIPSIS -> {
                    c += spanned;
                    axis += spanned;
                }
                case ARRAY -> {
                    adv.add(new Advanced(c++, axis++, item.tensor()));
                }
                case MASK -> {
                    Tensor m = item.tensor();
                    if (m.rank() == 0) {
                        // a[True] / a[False]: a new axis indexed by [0] or by nothing
                        l = l.unsqueeze(c);
                        adv.add(new Advanced(c++, -1, Tensor.zeros(DType.I64, m.item() != 0 ? 1 : 0)));
                        continue;
                    }
                    for (int d = 0; d < m.rank(); d++) {
                        if (l.dim(c + d) != m.dim(d)) {
                            throw new IndexOutOfBoundsException(op + ": boolean index did not match indexed tensor along axis "
                                    + (axis + d) + "; size of axis is " + l.dim(c + d)
                                    + " but size of corresponding boolean axis is " + m.dim(d));
                        }
                    }
                    Tensor[] nz = m.nonzero();
                    for (int d = 0; d < nz.length; d++) {
                        adv.add(new Advanced(c++, axis++, nz[d]));
                    }
                }
            }
        }
        if (!fancy) {
            return basic(a.withLayout(l));
        }
        return advanced(op, l, adv, consec != 2);
    }

    private static long checkBound(String op, long index, int axis, int n) {
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for axis " + axis
                    + " with size " + n);
        }
        return index < 0 ? index + n : index;
    }

    /** A basic expression's selection: the view (its positions are enumerated only when asked for). */
    private static Selection basic(Tensor view) {
        return new Selection(view, view.shape(), view.offset(), null, null, null);
    }

    private static Selection advanced(String op, Layout l, List<Advanced> adv, boolean consecutive) {
        int[] b = broadcastIndexShapes(op, adv);
        int count = Layout.checkedSize(op, b);
        int[] offs = new int[count];
        int[] shape = l.shape();
        int[] strides = l.strides();
        boolean[] indexed = new boolean[shape.length];
        for (Advanced x : adv) {
            indexed[x.dim()] = true;
            int n = shape[x.dim()];
            int stride = strides[x.dim()];
            long[] v = x.indices().broadcastTo(b).toLongArray();
            for (int i = 0; i < count; i++) {
                offs[i] += (int) checkBound(op, v[i], x.axis(), n) * stride;
            }
        }
        int first = adv.get(0).dim();
        List<Integer> preDims = new ArrayList<>();
        List<Integer> postDims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!indexed[d]) {
                (consecutive && d < first ? preDims : postDims).add(d);
            }
        }
        int[] preShape = pick(shape, preDims), postShape = pick(shape, postDims);
        int[] result = new int[preShape.length + b.length + postShape.length];
        System.arraycopy(preShape, 0, result, 0, preShape.length);
        System.arraycopy(b, 0, result, preShape.length, b.length);
        System.arraycopy(postShape, 0, result, preShape.length + b.length, postShape.length);
        Layout.checkedSize(op, result);
        return new Selection(null, result, l.offset(), offsets(preShape, pick(strides, preDims)), offs,
                offsets(postShape, pick(strides, postDims)));
    }

    private static int[] pick(int[] values, List<Integer> dims) {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[dims.get(i)];
        }
        return out;
    }

    /** NumPy's broadcast of all index arrays, with NumPy's message naming every shape when it fails. */
    private static int[] broadcastIndexShapes(String op, List<Advanced> adv) {
        int[] b = new int[0];
        try {
            for (Advanced x : adv) {
                b = Layout.broadcastShapes(op, b, x.indices().shape());
            }
        } catch (IllegalArgumentException e) {
            StringBuilder sb = new StringBuilder(op + ": shape mismatch: indexing arrays could not be broadcast together with shapes");
            for (Advanced x : adv) {
                sb.append(' ').append(Layout.format(x.indices().shape()));
            }
            throw new IllegalArgumentException(sb.toString());
        }
        return b;
    }

    /** Storage offsets of every element of a (shape, strides) geometry in row-major order. */
    private static int[] offsets(int[] shape, int[] strides) {
        int n = Layout.checkedSize("index", shape);
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        int p = 0;
        for (int k = 0; k < n; k++) {
            out[k] = p;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                p += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                p -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- reading

    /** {@code a[items]}: a view for a basic expression, else a new row-major tensor. */
    static Tensor index(Tensor a, Object[] items) {
        Tensor m = fullMask(a, items);
        if (m != null) {
            return maskSelect(a, m);
        }
        return gather(a, select("index", a, items));
    }

    /**
     * The mask of {@code a[mask]} when it is the only item, of a's shape, and both are row-major
     * floats and bools: that case (NumPy's most common mask use) is one pass over the storage, where
     * the general path first builds an int64 index array per axis and a position array.
     */
    private static Tensor fullMask(Tensor a, Object[] items) {
        if (items.length != 1 || !(items[0] instanceof Tensor m) || m.dtype() != DType.BOOL
                || !java.util.Arrays.equals(m.shape(), a.shape()) || a.rank() == 0
                || !m.layout().isContiguous() || !a.layout().isContiguous()
                || (a.dtype() != DType.F64 && a.dtype() != DType.F32)) {
            return null;
        }
        return m;
    }

    private static Tensor maskSelect(Tensor a, Tensor m) {
        boolean[] t = m.b8();
        int mo = m.offset(), ao = a.offset(), n = a.size();
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (t[mo + i]) {
                count++;
            }
        }
        Tensor out = Tensor.fresh(a.dtype(), count);
        if (a.dtype() == DType.F64) {
            double[] x = a.f64(), y = out.f64();
            for (int i = 0, k = 0; i < n; i++) {
                if (t[mo + i]) {
                    y[k++] = x[ao + i];
                }
            }
        } else {
            float[] x = a.f32(), y = out.f32();
            for (int i = 0, k = 0; i < n; i++) {
                if (t[mo + i]) {
                    y[k++] = x[ao + i];
                }
            }
        }
        return out;
    }

    private static Tensor gather(Tensor a, Selection s) {
        if (!s.advanced()) {
            return s.view;
        }
        Tensor out = Tensor.fresh(a.dtype(), s.shape);
        if (out.size() == 0) {
            return out;
        }
        Object src = storage(a), dst = storage(out);
        int run = s.run();
        if (run >= 8) {
            int k = 0;
            for (int p : s.pre) {
                for (int o : s.offs) {
                    System.arraycopy(src, s.base + p + o, dst, k, run);
                    k += run;
                }
            }
            return out;
        }
        int[] pos = s.positions();
        switch (a.dtype()) {
            case F32 -> {
                float[] x = (float[]) src, y = (float[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[i] = x[pos[i]];
                }
            }
            case F64 -> {
                double[] x = (double[]) src, y = (double[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[i] = x[pos[i]];
                }
            }
            case I32 -> {
                int[] x = (int[]) src, y = (int[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[i] = x[pos[i]];
                }
            }
            case I64 -> {
                long[] x = (long[]) src, y = (long[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[i] = x[pos[i]];
                }
            }
            case BOOL -> {
                boolean[] x = (boolean[]) src, y = (boolean[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[i] = x[pos[i]];
                }
            }
        }
        return out;
    }

    /** The storage array, whichever dtype (shared, not copied). */
    private static Object storage(Tensor t) {
        return switch (t.dtype()) {
            case F32 -> t.f32();
            case F64 -> t.f64();
            case I32 -> t.i32();
            case I64 -> t.i64();
            case BOOL -> t.b8();
        };
    }

    // ---------------------------------------------------------------- writing

    /**
     * {@code a[items] = values}: {@code values} broadcast to the selection's shape (leading size-1
     * axes beyond its rank dropped, as NumPy does) and cast to {@code a}'s dtype as {@link Tensor#astype}
     * casts; read in full before anything is written, so they may overlap {@code a}. Where an advanced
     * expression repeats a position, the last value in row-major order of the selection wins.
     */
    static Tensor indexPut(Tensor a, Object[] items, Tensor values) {
        String op = "indexPut_";
        checkWritable(op, a);
        Tensor m = fullMask(a, items);
        if (m != null && values.size() == 1 && values.rank() <= 1) {
            // a[mask] = scalar: one pass, the value cast once as astype casts it
            double v = values.astype(a.dtype()).reshape().item();
            boolean[] t = m.b8();
            int mo = m.offset(), ao = a.offset(), n = a.size();
            if (a.dtype() == DType.F64) {
                double[] x = a.f64();
                for (int i = 0; i < n; i++) {
                    if (t[mo + i]) {
                        x[ao + i] = v;
                    }
                }
            } else {
                float[] x = a.f32();
                float f = (float) v;
                for (int i = 0; i < n; i++) {
                    if (t[mo + i]) {
                        x[ao + i] = f;
                    }
                }
            }
            a.bumpVersion();
            return a;
        }
        Selection s = select(op, a, items);
        Tensor v = broadcastValues(op, values, s.shape);
        if (!s.advanced()) {
            s.view.assign(v); // copies through a temporary when v overlaps the view
            return a;
        }
        scatter(a, s, v);
        a.bumpVersion();
        return a;
    }

    /** Writes {@code v} (of the selection's shape) into the selected positions of {@code a}. */
    private static void scatter(Tensor a, Selection s, Tensor v) {
        if (s.size() == 0) {
            return;
        }
        Tensor tmp = Tensor.fresh(a.dtype(), s.shape);
        StridedCopy.copy(v, tmp); // cast, broadcast and read in full before any write
        Object src = storage(tmp), dst = storage(a);
        int run = s.run();
        if (run >= 8) {
            int k = 0;
            for (int p : s.pre) {
                for (int o : s.offs) {
                    System.arraycopy(src, k, dst, s.base + p + o, run);
                    k += run;
                }
            }
            return;
        }
        int[] pos = s.positions();
        switch (a.dtype()) {
            case F32 -> {
                float[] x = (float[]) src, y = (float[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = x[i];
                }
            }
            case F64 -> {
                double[] x = (double[]) src, y = (double[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = x[i];
                }
            }
            case I32 -> {
                int[] x = (int[]) src, y = (int[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = x[i];
                }
            }
            case I64 -> {
                long[] x = (long[]) src, y = (long[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = x[i];
                }
            }
            case BOOL -> {
                boolean[] x = (boolean[]) src, y = (boolean[]) dst;
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = x[i];
                }
            }
        }
    }

    /**
     * NumPy's {@code np.add.at(a, items, values)}: unbuffered, so a position selected k times receives
     * all k values, one after the other. Each sum is computed in the promotion of both dtypes and cast
     * back to {@code a}'s dtype as {@link Tensor#astype} casts (ufunc.at casts unsafely: float values
     * into an integer tensor truncate at every step; bool plus bool is logical or).
     */
    static Tensor addAt(Tensor a, Object[] items, Tensor values) {
        String op = "addAt_";
        checkWritable(op, a);
        Selection s = select(op, a, items);
        Tensor v = broadcastValues(op, values, s.shape);
        int[] pos = s.positions();
        DType dt = a.dtype();
        DType sum = DType.promote(dt, values.dtype());
        switch (dt) {
            case F32 -> {
                float[] y = a.f32();
                double[] x = v.toDoubleArray();
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] = (float) (y[pos[i]] + x[i]); // float + float rounds the same through double
                }
            }
            case F64 -> {
                double[] y = a.f64();
                double[] x = v.toDoubleArray();
                for (int i = 0; i < pos.length; i++) {
                    y[pos[i]] += x[i];
                }
            }
            case I32 -> {
                int[] y = a.i32();
                if (sum.isFloat()) {
                    double[] x = v.toDoubleArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] = IntOps.toInt(y[pos[i]] + x[i]);
                    }
                } else {
                    long[] x = v.toLongArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] = (int) (y[pos[i]] + x[i]); // int64 sum, cast back wrapping as NumPy's
                    }
                }
            }
            case I64 -> {
                long[] y = a.i64();
                if (sum.isFloat()) {
                    double[] x = v.toDoubleArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] = IntOps.toLong(y[pos[i]] + x[i]);
                    }
                } else {
                    long[] x = v.toLongArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] += x[i];
                    }
                }
            }
            case BOOL -> {
                boolean[] y = a.b8();
                if (sum == DType.BOOL) {
                    boolean[] x = v.toBooleanArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] |= x[i];
                    }
                } else if (sum.isFloat()) {
                    double[] x = v.toDoubleArray();
                    for (int i = 0; i < pos.length; i++) {
                        double r = (y[pos[i]] ? 1 : 0) + x[i];
                        y[pos[i]] = r != 0 || r != r; // NaN is true
                    }
                } else {
                    long[] x = v.toLongArray();
                    for (int i = 0; i < pos.length; i++) {
                        y[pos[i]] = (y[pos[i]] ? 1 : 0) + x[i] != 0;
                    }
                }
            }
        }
        a.bumpVersion();
        return a;
    }

    /**
     * {@code values} as a view of {@code shape}: NumPy first drops leading size-1 axes the result does not
     * have, then broadcasts.
     */
    private static Tensor broadcastValues(String op, Tensor values, int[] shape) {
        Tensor v = values;
        while (v.rank() > shape.length && v.dim(0) == 1) {
            v = v.squeeze(0);
        }
        boolean ok = v.rank() <= shape.length;
        for (int d = 1; ok && d <= v.rank(); d++) {
            int x = v.dim(v.rank() - d);
            ok = x == 1 || x == shape[shape.length - d];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": shape mismatch: value array of shape " + Layout.format(values.shape())
                    + " could not be broadcast to indexing result of shape " + Layout.format(shape));
        }
        return v.broadcastTo(shape);
    }

    /** NumPy refuses writes into broadcast arrays (they are read-only there); so does Ricci. */
    private static void checkWritable(String op, Tensor t) {
        if (t.size() == 0) {
            return;
        }
        int[] sh = t.shape();
        int[] st = t.strides();
        for (int d = 0; d < sh.length; d++) {
            if (st[d] == 0 && sh[d] > 1) {
                throw new IllegalArgumentException(op + ": cannot write into a broadcast view of shape "
                        + Layout.format(sh) + " (axis " + d + " has stride 0)");
            }
        }
    }

    // ---------------------------------------------------------------- along an axis

    /** NumPy's {@code take_along_axis(a, indices, axis)}. */
    static Tensor takeAlongAxis(Tensor a, Tensor indices, int axis) {
        return gather(a, select("takeAlongAxis", a, alongAxis("takeAlongAxis", a, indices, axis)));
    }

    /** NumPy's {@code put_along_axis(a, indices, values, axis)}; modifies {@code a}. */
    static Tensor putAlongAxis(Tensor a, Tensor indices, Tensor values, int axis) {
        String op = "putAlongAxis_";
        checkWritable(op, a);
        Selection s = select(op, a, alongAxis(op, a, indices, axis));
        scatter(a, s, broadcastValues(op, values, s.shape));
        a.bumpVersion();
        return a;
    }

    /**
     * The index expression {@code take_along_axis} builds: {@code indices} on {@code axis} and an
     * {@code arange} on every other axis, shaped to broadcast against it.
     */
    private static Object[] alongAxis(String op, Tensor a, Tensor indices, int axis) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be an integer tensor, not " + indices.dtype().numpyName());
        }
        int rank = a.rank();
        if (indices.rank() != rank) {
            throw new IllegalArgumentException(op + ": indices and the tensor must have the same number of dimensions,"
                    + " got " + indices.rank() + " and " + rank);
        }
        int ax = Layout.normalizeAxis(axis, rank, op);
        int[] shape = a.shape();
        Object[] items = new Object[rank];
        for (int d = 0; d < rank; d++) {
            if (d == ax) {
                items[d] = indices;
                continue;
            }
            int n = shape[d], m = indices.dim(d);
            if (n != m && n != 1 && m != 1) {
                throw new IllegalArgumentException(op + ": indices of shape " + Layout.format(indices.shape())
                        + " do not broadcast against the tensor's shape " + Layout.format(shape) + " outside axis " + ax
                        + " (axis " + d + ": " + m + " vs " + n + ")");
            }
            int[] s = new int[rank];
            Arrays.fill(s, 1);
            s[d] = n;
            items[d] = Tensor.arange(0, n, 1).reshape(s);
        }
        return items;
    }
}
