#!/usr/bin/env python3
"""Makes the numpy fixtures for Ricci's einsum tests (run from this directory; numpy 2.4 was used).

einsum_values.txt: one case per line, fields separated by ';':
  spec ; operand dtypes (f4/f8, space separated) ; operand shapes (e.g. 2x3 4 -, '-' for 0-d) ;
  result dtype ; result shape ; result values (repr, space separated, row-major)
Operand t holds element i (row-major) = ((37*i + 11*t) % 23 - 11) / 8, exact in float32 and float64.

einsum_paths.txt: spec ; shapes ; optimal FLOPs ; optimal largest intermediate ; optimal path ;
  greedy FLOPs ; greedy path ; naive FLOPs
FLOP counts are numpy's "Optimized FLOP count" (sum over steps + 1) from np.einsum_path.
"""
import re
import numpy as np


def operand(t, shape, dtype):
    n = int(np.prod(shape)) if shape else 1
    i = np.arange(n)
    return (((37 * i + 11 * t) % 23 - 11) / 8).astype(dtype).reshape(shape)


def shape_str(s):
    return 'x'.join(map(str, s)) if len(s) else '-'


VALUE_CASES = [
    # backprop specs at small sizes
    ('iq,jq->ij', 'f8 f8', [(5, 4), (3, 4)]),
    ('pi,pj->ij', 'f8 f8', [(6, 3), (6, 4)]),
    ('ij->j', 'f8', [(5, 7)]),
    ('iq,jq->ij', 'f4 f4', [(17, 9), (8, 9)]),
    ('pi,pj->ij', 'f4 f4', [(10, 17), (10, 5)]),
    ('ij->j', 'f4', [(33, 17)]),
    # matrix products and friends
    ('ij,jk->ik', 'f8 f8', [(4, 5), (5, 3)]),
    ('ij,jk', 'f4 f8', [(4, 5), (5, 3)]),
    ('ij,jk->ki', 'f4 f4', [(4, 5), (5, 3)]),
    ('bij,bjk->bik', 'f8 f8', [(3, 4, 5), (3, 5, 2)]),
    ('bij,bjk->ibk', 'f4 f4', [(3, 4, 5), (3, 5, 2)]),
    ('ijk,jkl->il', 'f8 f8', [(2, 3, 4), (3, 4, 5)]),
    ('i,i->', 'f8 f8', [(17,), (17,)]),
    ('i,i', 'f4 f4', [(33,), (33,)]),
    ('i,j->ij', 'f8 f8', [(3,), (4,)]),
    ('i,j', 'f4 f8', [(3,), (4,)]),
    ('ij,ij->ij', 'f8 f8', [(3, 4), (3, 4)]),
    ('ij,ij->', 'f4 f4', [(3, 4), (3, 4)]),
    ('ij,j->i', 'f8 f8', [(4, 5), (5,)]),
    ('ij,i->j', 'f8 f8', [(4, 5), (4,)]),
    # single operand: traces, diagonals, permutations, sums
    ('ii->i', 'f8', [(4, 4)]),
    ('ii', 'f8', [(5, 5)]),
    ('ii->', 'f4', [(5, 5)]),
    ('iii->i', 'f8', [(3, 3, 3)]),
    ('iji->j', 'f8', [(3, 4, 3)]),
    ('ij->ji', 'f8', [(3, 4)]),
    ('ba', 'f8', [(3, 4)]),
    ('ijk->kji', 'f4', [(2, 3, 4)]),
    ('ijk->', 'f8', [(2, 3, 4)]),
    ('ijk->j', 'f8', [(2, 3, 4)]),
    ('i->', 'f8', [(0,)]),
    ('ij,jk->ik', 'f8 f8', [(3, 0), (0, 4)]),
    ('ij,jk->ik', 'f8 f8', [(0, 3), (3, 4)]),
    # ellipsis and broadcasting
    ('...ij,...jk->...ik', 'f8 f8', [(2, 3, 4), (4, 5)]),
    ('...ij,...jk', 'f4 f4', [(2, 1, 3, 4), (3, 4, 2)]),
    ('...i,...i->...', 'f8 f8', [(2, 1, 3), (4, 3)]),
    ('i...->...', 'f8', [(3,)]),
    ('...ii->...i', 'f8', [(2, 3, 3)]),
    ('i...i', 'f8', [(3, 2, 3)]),
    ('ab...,...->...', 'f8 f8', [(2, 3), (2, 3)]),
    ('i,...->...', 'f8 f8', [(2,), (3, 4)]),
    ('...', 'f8', [()]),
    (',ij->ij', 'f8 f8', [(), (2, 3)]),
    ('i,i->i', 'f8 f8', [(1,), (3,)]),
    ('ij,jk->ik', 'f8 f8', [(2, 1), (3, 4)]),
    # a size-1 axis broadcast against a size-0 one: the label has size 0 (empty result or empty sum)
    ('i,i->i', 'f8 f8', [(1,), (0,)]),
    ('i,i->i', 'f4 f4', [(0,), (1,)]),
    ('i,i->', 'f8 f8', [(1,), (0,)]),
    ('i,i', 'f4 f4', [(0,), (1,)]),
    ('ij,ij->ij', 'f8 f8', [(0, 3), (1, 3)]),
    ('ij,ij->ij', 'f4 f4', [(1, 3), (0, 3)]),
    ('ij,ij->', 'f8 f8', [(1, 3), (0, 3)]),
    ('ij,ij->i', 'f8 f8', [(0, 1), (1, 3)]),
    ('ij,ij->j', 'f8 f8', [(0, 1), (1, 3)]),
    ('ij,j->i', 'f8 f8', [(3, 0), (1,)]),
    ('ij,j->i', 'f4 f4', [(3, 1), (0,)]),
    ('ij,i->j', 'f8 f8', [(1, 3), (0,)]),
    ('ij,jk->ik', 'f8 f8', [(2, 1), (0, 3)]),
    ('ij,jk->ik', 'f8 f8', [(2, 0), (1, 3)]),
    ('ij,jk', 'f4 f8', [(0, 1), (1, 3)]),
    ('ij,kj->ik', 'f8 f8', [(0, 1), (2, 4)]),
    ('i,j->ij', 'f8 f8', [(0,), (1,)]),
    ('i,i,i->i', 'f8 f8 f8', [(1,), (0,), (1,)]),
    ('i,i,i->', 'f8 f8 f8', [(1,), (1,), (0,)]),
    ('bij,bjk->bik', 'f8 f8', [(1, 2, 3), (0, 3, 4)]),
    ('bij,bjk->bik', 'f4 f4', [(2, 2, 1), (2, 0, 4)]),
    ('...i,...i->...', 'f8 f8', [(1, 3), (0, 3)]),
    ('...i,...i->...i', 'f8 f8', [(2, 1), (2, 0)]),
    ('ii,i->i', 'f8 f8', [(1, 1), (0,)]),
    # upper case, many operands
    ('Ab,bA', 'f8 f8', [(2, 3), (3, 2)]),
    ('aB,BC,Cd->ad', 'f8 f8 f8', [(2, 3), (3, 4), (4, 2)]),
    ('ij,jk,kl->il', 'f4 f4 f4', [(3, 4), (4, 5), (5, 2)]),
    ('ij,jk,kl,lm->im', 'f8 f8 f8 f8', [(3, 4), (4, 5), (5, 2), (2, 3)]),
    ('ea,fb,abcd,gc,hd->efgh', 'f8 f8 f8 f8 f8', [(2, 2), (2, 3), (2, 3, 2, 2), (2, 2), (3, 2)]),
    ('i,i,i->i', 'f8 f8 f8', [(4,), (4,), (4,)]),
    ('i,i,i', 'f8 f8 f8', [(4,), (4,), (4,)]),
    ('ij,ik,il->jkl', 'f8 f8 f8', [(3, 2), (3, 2), (3, 2)]),
    ('abc,cd,de,ef->abf', 'f4 f8 f4 f4', [(2, 2, 3), (3, 4), (4, 2), (2, 3)]),
    ('ii,ij,jk->k', 'f8 f8 f8', [(3, 3), (3, 4), (4, 2)]),
]

PATH_CASES = [
    ('ij,jk,kl->il', [(2, 2), (2, 5), (5, 2)]),
    ('ij,jk,kl->il', [(10, 20), (20, 30), (30, 5)]),
    ('ij,jk,kl,lm->im', [(10, 30), (30, 5), (5, 60), (60, 8)]),
    ('ij,jk,kl,lm,mn->in', [(4, 50), (50, 3), (3, 40), (40, 6), (6, 70)]),
    ('ij,jk,kl,lm,mn,no->io', [(5, 2), (2, 30), (30, 4), (4, 20), (20, 3), (3, 9)]),
    ('ea,fb,abcd,gc,hd->efgh', [(10, 10), (10, 10), (10, 10, 10, 10), (10, 10), (10, 10)]),
    ('ea,fb,abcd,gc,hd->efgh', [(3, 4), (5, 6), (4, 6, 7, 8), (2, 7), (9, 8)]),
    ('ia,ib,ic,id->abcd', [(6, 2), (6, 3), (6, 4), (6, 5)]),
    ('ai,bi,ci->abc', [(8, 9), (7, 9), (6, 9)]),
    ('ij,ik,il,im->jklm', [(5, 3), (5, 2), (5, 4), (5, 3)]),
    ('iq,jq->ij', [(100, 50), (784, 50)]),
    ('pi,pj->ij', [(100, 784), (100, 50)]),
    ('ij->j', [(100, 50)]),
    ('pi,ij,pj->', [(100, 784), (784, 50), (100, 50)]),
    ('bij,bjk,bkl->bil', [(4, 8, 16), (4, 16, 2), (4, 2, 32)]),
    ('ab,bc,cd,da->', [(5, 6), (6, 7), (7, 8), (8, 5)]),
    ('ab,ac,ad,ae->bcde', [(3, 4), (3, 5), (3, 6), (3, 7)]),
    ('i,ij,jk,k->', [(30,), (30, 40), (40, 50), (50,)]),
    ('abc,bcd,cde,def->af', [(3, 4, 5), (4, 5, 6), (5, 6, 7), (6, 7, 8)]),
    ('ij,jk,ki->', [(20, 30), (30, 40), (40, 20)]),
    ('ijk,jl,kl->il', [(10, 20, 30), (20, 40), (30, 40)]),
    ('ab,cd,ef->abcdef', [(2, 3), (4, 5), (6, 7)]),
    ('ab,bc,cd,de,ef,fg,gh->ah', [(3, 20), (20, 4), (4, 30), (30, 5), (5, 25), (25, 6), (6, 7)]),
    ('i,i,i->i', [(10,), (10,), (10,)]),
    ('ijk,ikl,ilm->ijm', [(3, 4, 5), (3, 5, 6), (3, 6, 7)]),
    ('ab,a,b,ab->', [(40, 50), (40,), (50,), (40, 50)]),
    ('ii,ij,jk->k', [(30, 30), (30, 40), (40, 20)]),
    ('...ij,...jk,...kl->...il', [(2, 3, 4), (2, 4, 5), (2, 5, 6)]),
    ('Ab,bC,CD,DE->AE', [(7, 3), (3, 9), (9, 2), (2, 11)]),
    ('abcd,ea,fb,gc,hd->efgh', [(6, 5, 4, 3), (2, 6), (3, 5), (4, 4), (5, 3)]),
]


def path_str(p):
    return ' '.join(','.join(map(str, t)) for t in p[1:])


def opt_flops(info):
    return int(float(re.search(r'Optimized FLOP count:\s*(\S+)', info).group(1)))


def exact_counts(spec, shapes, optimize):
    """Re-derives the exact integers einsum_path prints in %.3e from the path it returns."""
    from numpy._core import einsumfunc as ef
    ops = [np.empty(s) for s in shapes]
    path, info = np.einsum_path(spec, *ops, optimize=optimize)
    _, contraction_list = np.einsum_path(spec, *ops, optimize=path, einsum_call=True)
    inp, out, _ = ef._parse_einsum_input((spec, *ops))
    sets = [set(x) for x in inp.split(',')]
    dims = {}
    for term, s in zip(inp.split(','), shapes):
        for c, d in zip(term, s):
            dims[c] = d if dims.get(c, 1) == 1 else dims[c]
    cost, largest = 0, 0
    for inds in path[1:]:
        inds = tuple(sorted(inds, reverse=True))
        new, sets, removed, contract = ef._find_contraction(inds, sets, set(out))
        cost += ef._flop_count(contract, removed, len(inds), dims)
        largest = max(largest, ef._compute_size_by_dict(new, dims))
    indices = set(inp.replace(',', ''))
    inner = (sum(len(set(x)) for x in inp.split(',')) - len(indices)) > 0
    naive = ef._flop_count(indices, inner, len(inp.split(',')), dims)
    assert abs(float(re.search(r'Optimized FLOP count:\s*(\S+)', info).group(1)) - (cost + 1)) <= 5e-4 * (cost + 1)
    return path, cost + 1, largest, naive


def main():
    with open('einsum_values.txt', 'w') as f:
        f.write('# made by make_fixtures.py with numpy ' + np.__version__ + '\n')
        for spec, dts, shapes in VALUE_CASES:
            dts = dts.split()
            ops = [operand(t, s, np.float32 if dt == 'f4' else np.float64) for t, (dt, s) in enumerate(zip(dts, shapes))]
            r = np.asarray(np.einsum(spec, *ops))
            vals = ' '.join(repr(float(v)) for v in r.ravel())
            f.write(f"{spec};{' '.join(dts)};{' '.join(shape_str(s) for s in shapes)};"
                    f"{'f4' if r.dtype == np.float32 else 'f8'};{shape_str(r.shape)};{vals}\n")
    with open('einsum_paths.txt', 'w') as f:
        f.write('# made by make_fixtures.py with numpy ' + np.__version__ + '\n')
        for spec, shapes in PATH_CASES:
            p, flops, largest, naive = exact_counts(spec, shapes, 'optimal')
            gp, gflops, _, _ = exact_counts(spec, shapes, 'greedy')
            f.write(f"{spec};{' '.join(shape_str(s) for s in shapes)};{flops};{largest};{path_str(p)};"
                    f"{gflops};{path_str(gp)};{naive}\n")


if __name__ == '__main__':
    main()
