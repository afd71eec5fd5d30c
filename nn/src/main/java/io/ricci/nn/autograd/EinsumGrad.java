package io.ricci.nn.autograd;

import io.ricci.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The backward rule of einsum, itself an einsum (the δ-contraction rule): for
 * {@code out[o] = Σ Π_k A_k[s_k]}, {@code dA_k[s_k] = Σ g[o]·Π_{j≠k} A_j[s_j]}, i.e.
 * {@code einsum("o,s_1,..,s_{k-1},s_{k+1},..->s_k", g, others)}, with three repairs the plain
 * formula misses: a label that only A_k carries (summed within A_k) is broadcast back, a label
 * repeated in s_k (a diagonal) is written into the diagonal of zeros, and an axis of size 1 that
 * einsum broadcast is summed back.
 */
final class EinsumGrad {
    private EinsumGrad() {
    }

    /** A spec with ellipses replaced by letters no term uses and the output made explicit. */
    record Explicit(String[] inputs, String output) {
    }

    static Explicit explicit(String spec, Tensor... operands) {
        String s = spec.replace(" ", "");
        int arrow = s.indexOf("->");
        String lhs = arrow < 0 ? s : s.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (terms.length != operands.length) {
            throw new IllegalArgumentException("einsum \"" + spec + "\": " + terms.length + " operand terms but "
                    + operands.length + " operands");
        }
        int ell = 0;
        for (int k = 0; k < terms.length; k++) {
            if (terms[k].contains("...")) {
                ell = Math.max(ell, operands[k].rank() - (terms[k].length() - 3));
            }
        }
        StringBuilder free = new StringBuilder();
        for (char c = 'A'; free.length() < ell && c <= 'z'; c = c == 'Z' ? 'a' : (char) (c + 1)) {
            if (s.indexOf(c) < 0) {
                free.append(c);
            }
        }
        String ellAll = free.toString();
        String[] in = new String[terms.length];
        for (int k = 0; k < terms.length; k++) {
            String t = terms[k];
            if (t.contains("...")) {
                int n = operands[k].rank() - (t.length() - 3);
                t = t.replace("...", ellAll.substring(ell - n));
            }
            in[k] = t;
        }
        String out;
        if (arrow >= 0) {
            out = s.substring(arrow + 2).replace("...", ellAll);
        } else {
            int[] count = new int[128];
            for (String t : terms) {
                for (char c : t.replace("...", "").toCharArray()) {
                    count[c]++;
                }
            }
            StringBuilder o = new StringBuilder(ellAll);
            for (char c = 'A'; c <= 'z'; c++) {
                if (c < 128 && Character.isLetter(c) && count[c] == 1) {
                    o.append(c);
                }
            }
            out = o.toString();
        }
        return new Explicit(in, out);
    }

    /**
     * The gradients of the operands that require one (null for the others), written with Variable
     * operations so that, recorded, they can be differentiated again (see {@link Autograd}).
     */
    static Variable[] backward(Explicit e, Variable g, Variable[] ops) {
        Variable[] grads = new Variable[ops.length];
        for (int k = 0; k < ops.length; k++) {
            grads[k] = ops[k].requiresGrad() ? gradOf(e, k, g, ops) : null;
        }
        return grads;
    }

    private static Variable gradOf(Explicit e, int k, Variable g, Variable[] ops) {
        String sk = e.inputs()[k];
        int[] shape = ops[k].shape();
        // Label sizes as A_k sees them, and which labels the other terms or the output provide.
        StringBuilder others = new StringBuilder(e.output());
        List<Variable> args = new ArrayList<>();
        args.add(g);
        StringBuilder lhs = new StringBuilder(e.output());
        for (int j = 0; j < ops.length; j++) {
            if (j != k) {
                lhs.append(',').append(e.inputs()[j]);
                others.append(e.inputs()[j]);
                args.add(ops[j]);
            }
        }
        // Distinct labels of s_k in order; those carried elsewhere come out of the einsum.
        StringBuilder distinct = new StringBuilder();
        StringBuilder produced = new StringBuilder();
        for (char c : sk.toCharArray()) {
            if (distinct.indexOf(String.valueOf(c)) < 0) {
                distinct.append(c);
                if (others.indexOf(String.valueOf(c)) >= 0) {
                    produced.append(c);
                }
            }
        }
        Variable r = Autograd.einsum(lhs + "->" + produced, args.toArray(new Variable[0]));
        // Broadcast back the labels summed within A_k only (their size is A_k's).
        int[] dsh = new int[distinct.length()];
        int[] rsh = new int[distinct.length()];
        for (int d = 0; d < distinct.length(); d++) {
            char c = distinct.charAt(d);
            int size = shape[sk.indexOf(c)];
            dsh[d] = size;
            int p = produced.indexOf(String.valueOf(c));
            rsh[d] = p >= 0 ? r.value().dim(p) : 1;
        }
        r = Autograd.reshape(r, rsh);
        // A size-1 axis of A_k that einsum broadcast against a larger size: sum it back.
        for (int d = 0; d < dsh.length; d++) {
            if (dsh[d] == 1 && rsh[d] != 1) {
                r = Autograd.sum(r, new int[] {d}, true);
            }
        }
        r = Autograd.broadcastTo(r, dsh);
        if (distinct.length() == sk.length()) {
            return Autograd.contiguous(r);
        }
        return diagonalScatter(r, sk, distinct.toString(), shape);
    }

    /**
     * Zeros of A_k's shape with r (axes in {@code distinct} order) written into the diagonals that the
     * repeated labels of {@code sk} name. Its adjoint, and so its rule, takes those diagonals:
     * {@code einsum("sk->distinct", h)}.
     */
    private static Variable diagonalScatter(Variable rv, String sk, String distinct, int[] shape) {
        Tensor r = rv.value();
        Tensor out = Tensor.zeros(r.dtype(), shape);
        Tensor view = out;
        StringBuilder labels = new StringBuilder(sk);
        boolean merged = true;
        while (merged) {
            merged = false;
            search:
            for (int x = 0; x < labels.length(); x++) {
                for (int y = x + 1; y < labels.length(); y++) {
                    if (labels.charAt(x) == labels.charAt(y)) {
                        char c = labels.charAt(x);
                        view = view.diagonal(0, x, y);
                        labels.deleteCharAt(y).deleteCharAt(x).append(c);
                        merged = true;
                        break search;
                    }
                }
            }
        }
        // view's axes follow `labels`; bring r (in `distinct` order) to that order.
        int[] perm = new int[labels.length()];
        for (int d = 0; d < perm.length; d++) {
            perm[d] = distinct.indexOf(String.valueOf(labels.charAt(d)));
        }
        view.assign(r.permute(perm));
        return Autograd.record("einsumDiagonalScatter", out, Autograd.SAVES_NOTHING,
                (h, y) -> new Variable[] {Autograd.einsum(sk + "->" + distinct, h)}, rv);
    }
}
