package io.ricci.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Contraction-order search on label sets (bit masks), reproducing NumPy's {@code einsum_path}
 * ({@code numpy/_core/einsumfunc.py}) so that FLOP counts and paths agree with it.
 *
 * <p>A path is a list of position tuples into the list of pending terms; contracted terms are removed
 * and their result appended at the end. The cost of contracting terms T is
 * {@code size(∪T) · (max(1, |T|-1) + (1 if an index disappears else 0))}, NumPy's {@code _flop_count}.
 * No intermediate may hold more elements than the memory limit (NumPy: the largest input or output).
 */
final class EinsumPlanner {
    private EinsumPlanner() {
    }

    /** Product of the sizes of the labels in {@code mask}, saturating at {@code Long.MAX_VALUE}. */
    static long size(long mask, int[] sizes) {
        long r = 1;
        for (long m = mask; m != 0; m &= m - 1) {
            r = satMul(r, sizes[Long.numberOfTrailingZeros(m)]);
        }
        return r;
    }

    static long satMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    static long satAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** NumPy's {@code _flop_count(idx_contract, inner, num_terms, sizes)}. */
    static long flops(long contract, boolean inner, int terms, int[] sizes) {
        long factor = Math.max(1, terms - 1) + (inner ? 1 : 0);
        return satMul(size(contract, sizes), factor);
    }

    /** Result of contracting {@code positions} of {@code sets}: {newResult, removed, contract}. */
    private static long[] contraction(int[] positions, long[] sets, int count, long output) {
        long contract = 0;
        long remain = output;
        for (int i = 0; i < count; i++) {
            if (contains(positions, i)) {
                contract |= sets[i];
            } else {
                remain |= sets[i];
            }
        }
        long result = remain & contract;
        return new long[] {result, contract & ~result, contract};
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** {@code sets} without positions {@code i < j}, with {@code added} appended. */
    private static long[] replace(long[] sets, int count, int i, int j, long added) {
        long[] r = new long[count - 1];
        int k = 0;
        for (int t = 0; t < count; t++) {
            if (t != i && t != j) {
                r[k++] = sets[t];
            }
        }
        r[k] = added;
        return r;
    }

    // -------------------------------------------------------------------------------- optimal

    /**
     * The cheapest path (NumPy's {@code _optimal_path}): every sequence of pairwise contractions, in
     * NumPy's enumeration order, first minimum wins. Depth-first with pruning once a complete path is
     * known (costs are non-negative, so a prefix already at the best cost cannot win a tie it would
     * lose anyway). When the memory limit blocks every continuation at some depth, the cheapest prefix
     * of the deepest level is completed by one contraction of all remaining terms, as NumPy does.
     */
    static List<int[]> optimal(long[] sets, long output, int[] sizes, long memoryLimit) {
        Optimal o = new Optimal(sets.length, output, sizes, memoryLimit);
        o.search(sets, 0, new int[sets.length - 1][], 0);
        List<int[]> path = new ArrayList<>();
        if (o.best != null) {
            path.addAll(Arrays.asList(o.best));
            return path;
        }
        int d = o.deepest;
        if (d > 0) {
            path.addAll(Arrays.asList(o.bestAtDepth[d]).subList(0, d));
        }
        int rest = sets.length - d;
        int[] all = new int[rest];
        for (int i = 0; i < rest; i++) {
            all[i] = i;
        }
        path.add(all);
        return path;
    }

    private static final class Optimal {
        final int n;
        final long output;
        final int[] sizes;
        final long limit;
        int[][] best;
        long bestCost = Long.MAX_VALUE;
        int deepest;
        final int[][][] bestAtDepth;
        final long[] bestCostAtDepth;

        Optimal(int n, long output, int[] sizes, long limit) {
            this.n = n;
            this.output = output;
            this.sizes = sizes;
            this.limit = limit;
            bestAtDepth = new int[n][][];
            bestCostAtDepth = new long[n];
            Arrays.fill(bestCostAtDepth, Long.MAX_VALUE);
        }

        void search(long[] sets, long cost, int[][] prefix, int depth) {
            if (best == null) {
                // Needed only when no complete path exists (then nothing was pruned).
                if (depth > deepest) {
                    deepest = depth;
                }
                if (cost < bestCostAtDepth[depth]) {
                    bestCostAtDepth[depth] = cost;
                    bestAtDepth[depth] = prefix.clone();
                }
            }
            int count = sets.length;
            if (count == 1) {
                if (cost < bestCost) {
                    bestCost = cost;
                    best = prefix.clone();
                }
                return;
            }
            for (int i = 0; i < count - 1; i++) {
                for (int j = i + 1; j < count; j++) {
                    int[] pos = {i, j};
                    long[] c = contraction(pos, sets, count, output);
                    if (size(c[0], sizes) > limit) {
                        continue;
                    }
                    long total = satAdd(cost, flops(c[2], c[1] != 0, 2, sizes));
                    if (best != null && total >= bestCost) {
                        continue;
                    }
                    prefix[depth] = pos;
                    search(replace(sets, count, i, j, c[0]), total, prefix, depth + 1);
                    prefix[depth] = null;
                }
            }
        }
    }

    // -------------------------------------------------------------------------------- greedy

    /** A candidate pair: sort key (-removedSize, cost), positions and the term list after it. */
    private static final class Candidate {
        final long removed;
        final long cost;
        int x;
        int y;
        long[] sets;

        Candidate(long removed, long cost, int x, int y, long[] sets) {
            this.removed = removed;
            this.cost = cost;
            this.x = x;
            this.y = y;
            this.sets = sets;
        }

        /** NumPy compares the tuples (-removed_size, cost). */
        boolean better(Candidate o) {
            return removed != o.removed ? removed > o.removed : cost < o.cost;
        }
    }

    /**
     * NumPy's {@code _greedy_path}: repeatedly contract the pair that removes the most elements
     * (ties: fewest FLOPs), ignoring outer products while another pair exists; candidates computed in
     * earlier rounds are kept and re-indexed, exactly as NumPy does.
     */
    static List<int[]> greedy(long[] sets, long output, int[] sizes, long memoryLimit) {
        List<int[]> path = new ArrayList<>();
        int n = sets.length;
        if (n == 1) {
            path.add(new int[] {0});
            return path;
        }
        if (n == 2) {
            path.add(new int[] {0, 1});
            return path;
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        long[] naive = contraction(all, sets, n, output);
        long naiveCost = flops(naive[2], naive[1] != 0, n, sizes);
        List<Candidate> known = new ArrayList<>();
        long pathCost = 0;
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs.add(new int[] {i, j});
            }
        }
        for (int iteration = 0; iteration < n - 1; iteration++) {
            int count = sets.length;
            for (int[] p : pairs) {
                if ((sets[p[0]] & sets[p[1]]) == 0) {
                    continue;
                }
                Candidate c = candidate(p, sets, output, sizes, memoryLimit, pathCost, naiveCost);
                if (c != null) {
                    known.add(c);
                }
            }
            if (known.isEmpty()) {
                for (int i = 0; i < count - 1; i++) {
                    for (int j = i + 1; j < count; j++) {
                        Candidate c = candidate(new int[] {i, j}, sets, output, sizes, memoryLimit, pathCost, naiveCost);
                        if (c != null) {
                            known.add(c);
                        }
                    }
                }
                if (known.isEmpty()) {
                    int[] rest = new int[count];
                    for (int i = 0; i < count; i++) {
                        rest[i] = i;
                    }
                    path.add(rest);
                    break;
                }
            }
            Candidate best = known.get(0);
            for (Candidate c : known) {
                if (c.better(best)) {
                    best = c;
                }
            }
            // NumPy's _update_other_results: keep pairs disjoint from the chosen one, re-indexed.
            List<Candidate> next = new ArrayList<>();
            int bx = best.x, by = best.y;
            long bestNew = best.sets[best.sets.length - 1];
            for (Candidate c : known) {
                int x = c.x, y = c.y;
                if (x == bx || x == by || y == bx || y == by) {
                    continue;
                }
                List<Long> cs = new ArrayList<>();
                for (long v : c.sets) {
                    cs.add(v);
                }
                cs.remove(by - (by > x ? 1 : 0) - (by > y ? 1 : 0));
                cs.remove(bx - (bx > x ? 1 : 0) - (bx > y ? 1 : 0));
                cs.add(cs.size() - 1, bestNew);
                c.sets = cs.stream().mapToLong(Long::longValue).toArray();
                c.x = x - (x > bx ? 1 : 0) - (x > by ? 1 : 0);
                c.y = y - (y > bx ? 1 : 0) - (y > by ? 1 : 0);
                next.add(c);
            }
            known = next;
            sets = best.sets;
            int newPos = sets.length - 1;
            pairs = new ArrayList<>();
            for (int i = 0; i < newPos; i++) {
                pairs.add(new int[] {i, newPos});
            }
            path.add(new int[] {bx, by});
            pathCost = satAdd(pathCost, best.cost);
        }
        return path;
    }

    private static Candidate candidate(int[] pos, long[] sets, long output, int[] sizes, long limit,
            long pathCost, long naiveCost) {
        long[] c = contraction(pos, sets, sets.length, output);
        long newSize = size(c[0], sizes);
        if (newSize > limit) {
            return null;
        }
        long removed = size(sets[pos[0]], sizes) + size(sets[pos[1]], sizes) - newSize;
        long cost = flops(c[2], c[1] != 0, 2, sizes);
        if (satAdd(pathCost, cost) > naiveCost) {
            return null;
        }
        return new Candidate(removed, cost, pos[0], pos[1], replace(sets, sets.length, pos[0], pos[1], c[0]));
    }
}
