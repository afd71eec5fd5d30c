#!/usr/bin/env python3
"""Ricci vs NumPy einsum, side by side: alternates a JMH run of EinsumBenchmark and
baseline/einsum_numpy.py (np.einsum(..., optimize=True)) for --rounds rounds on the same machine, keeps
the best time per case over all rounds for each side (best = least disturbed by other load), and writes

  bench/results/einsum.md     Markdown table: case, spec, dtype, Ricci µs, NumPy µs, speed-up
  bench/results/einsum.jsonl  every raw measurement, tagged with "impl" and "round"

Needs bench/target/benchmarks.jar (mvn -pl bench -am package -DskipTests).
Usage (from the repository root): python3 bench/compare_einsum.py [--rounds 2]
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAVA = '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java'


def loadavg():
    try:
        return ' '.join(open('/proc/loadavg').read().split()[:3])
    except OSError:
        return '?'


def run_jmh(rnd):
    with tempfile.NamedTemporaryFile(suffix='.json', delete=False) as f:
        out = f.name
    cmd = [JAVA, '--add-modules', 'jdk.incubator.vector', '-jar', str(ROOT / 'bench/target/benchmarks.jar'),
           'EinsumBenchmark', '-p', 'kase=dX,dW,db,chain4', '-wi', '5', '-i', '25', '-w', '200ms', '-r', '100ms', '-f', '1', '-rf', 'json', '-rff', out]
    # Other benchmarks on this machine hold JMH's /tmp/jmh.lock: wait for it rather than run alongside them.
    for attempt in range(120):
        p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode == 0:
            break
        if 'Unable to acquire the JMH lock' not in p.stdout:
            raise RuntimeError(p.stdout[-2000:])
        time.sleep(10)
    else:
        raise RuntimeError('JMH lock busy for 20 minutes')
    rows = []
    for r in json.load(open(out)):
        raw = [x for it in r['primaryMetric']['rawData'] for x in it]
        impl = {'einsum': 'ricci', 'einsumOut': 'ricci-out'}.get(r['benchmark'].rsplit('.', 1)[1], 'ricci-matmul')
        rows.append({'impl': impl, 'round': rnd, 'case': r['params']['kase'],
                     'dtype': r['params']['dtype'].lower(), 'best_us': min(raw),
                     'median_us': statistics.median(raw), 'jvm': r['vmVersion']})
    os.unlink(out)
    return rows


def run_numpy(rnd):
    out = subprocess.run([sys.executable, str(ROOT / 'bench/baseline/einsum_numpy.py')], cwd=ROOT, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith('{')]
    for r in rows:
        r['round'] = rnd
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--rounds', type=int, default=2)
    args = p.parse_args()
    raw = []
    load_start = loadavg()
    for rnd in range(args.rounds):
        raw += run_jmh(rnd)
        raw += run_numpy(rnd)
    load_end = loadavg()
    spec = {r['case']: r['spec'] for r in raw if r['impl'].startswith('numpy')}
    best, medians = {}, {}
    for r in raw:
        k = (r['impl'], r['case'], r['dtype'])
        best[k] = min(best.get(k, float('inf')), r['best_us'])
        medians.setdefault(k, []).append(r['median_us'])
    # The typical call: the median over rounds of each round's median sample.
    median = {k: statistics.median(v) for k, v in medians.items()}
    res = ROOT / 'jmh' / 'results'
    res.mkdir(parents=True, exist_ok=True)
    with open(res / 'einsum.jsonl', 'w') as f:
        for r in raw:
            f.write(json.dumps(r) + '\n')
    np_version = next(r['version'] for r in raw if r['impl'] == 'numpy')
    lines = ['# einsum: Ricci vs NumPy', '',
             f'Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `python3 bench/compare_einsum.py'
             f' --rounds {args.rounds}`: JMH EinsumBenchmark (Tensor.einsum) vs `np.einsum(spec, *ops, optimize=True)`'
             f' (numpy {np_version}), alternated. Each sample is the mean time per call over a JMH iteration of 100 ms'
             ' or a numpy sample of ~100 ms; "best" is the fastest sample over all rounds, "median" the median over'
             ' rounds of each round\'s median sample (the typical call). Speed-up = NumPy time / Ricci time.',
             f'Machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}; load average {load_start}'
             f' at start, {load_end} at end (shared machine: absolute times are noisy). Both sides use their default'
             ' thread count.', '',
             'The "Ricci matmul" column times the same product written with Tensor.matmul (db as ones(1,100) @ dY,'
             ' chain4 as X @ (W @ (W2 @ W3))), separating einsum\'s own cost from the GEMM\'s.', '',
             '| case | spec | shapes | dtype | Ricci einsum µs best / median | Ricci matmul µs median |'
             ' NumPy einsum µs best / median | speed-up best / median |',
             '|---|---|---|---|---:|---:|---:|---:|']
    shapes = {'dX': 'dY 100x50, W 784x50', 'dW': 'X 100x784, dY 100x50', 'db': 'dY 100x50',
              'chain4': '100x784, 784x50, 50x50, 50x10'}
    for dtype in ('f32', 'f64'):
        for case in ('dX', 'dW', 'db', 'chain4'):
            k, kn = ('ricci', case, dtype), ('numpy', case, dtype)
            if k not in best or kn not in best:
                continue
            mm = median.get(('ricci-matmul', case, dtype), float('nan'))
            lines.append(f'| {case} | `{spec[case]}` | {shapes[case]} | {dtype} | {best[k]:.1f} / {median[k]:.1f} |'
                         f' {mm:.1f} | {best[kn]:.1f} / {median[kn]:.1f} |'
                         f' {best[kn] / best[k]:.2f}x / {median[kn] / median[k]:.2f}x |')
    lines += ['', 'Into a preallocated result: `Tensor.einsum(out, spec, ops)` vs `np.einsum(spec, *ops, out=out,'
              ' optimize=True)` (a backward pass reusing its gradient buffers; no result allocation on either side).',
              '', '| case | dtype | Ricci einsum(out) µs best / median | NumPy einsum(out=) µs best / median |'
              ' speed-up best / median |', '|---|---|---:|---:|---:|']
    for dtype in ('f32', 'f64'):
        for case in ('dX', 'dW', 'db', 'chain4'):
            k, kn = ('ricci-out', case, dtype), ('numpy-out', case, dtype)
            if k not in best or kn not in best:
                continue
            lines.append(f'| {case} | {dtype} | {best[k]:.1f} / {median[k]:.1f} | {best[kn]:.1f} / {median[kn]:.1f} |'
                         f' {best[kn] / best[k]:.2f}x / {median[kn] / median[k]:.2f}x |')
    (res / 'einsum.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
