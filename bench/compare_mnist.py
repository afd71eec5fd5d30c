#!/usr/bin/env python3
"""Side-by-side wall time of 10,000 MNIST training iterations: `./ricci train mnist` through the tape
(the default) and through the lecture layers (`--engine layers`) vs the NumPy reference (seed 004's
loop, and the lean variant), alternating runs, best of N and median each.
Writes bench/results/mnist.md and mnist.json. Usage: python3 bench/compare_mnist.py [ITERS] [RUNS]"""
import json, os, subprocess, sys

root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
iters = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def last_json(cmd):
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True).stdout
    return json.loads([l for l in out.splitlines() if l.startswith("{")][-1])


best = {}
times = {}
for _ in range(runs):
    for name, cmd in [("ricci tape", ["./ricci", "train", "mnist", "--iters", str(iters), "--json"]),
                      ("ricci layers", ["./ricci", "train", "mnist", "--engine", "layers", "--iters", str(iters), "--json"]),
                      ("numpy seed 004 loop", [sys.executable, "bench/baseline/mnist_numpy.py", str(iters)]),
                      ("numpy lean loop", [sys.executable, "bench/baseline/mnist_numpy.py", str(iters), "--lean"])]:
        r = last_json(cmd)
        times.setdefault(name, []).append(r["seconds"])
        if name not in best or r["seconds"] < best[name]["seconds"]:
            best[name] = r
os.makedirs(os.path.join(root, "bench", "results"), exist_ok=True)
with open(os.path.join(root, "bench", "results", "mnist.json"), "w") as f:
    json.dump({name: dict(r, runs=times[name]) for name, r in best.items()}, f, indent=1)


def median(xs):
    xs = sorted(xs)
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2


ref = best["numpy seed 004 loop"]["seconds"]
ref_median = median(times["numpy seed 004 loop"])
lines = ["| implementation | seconds (best of %d) | vs numpy seed 004 loop | median | vs numpy (medians) | all runs | train acc | test acc |" % runs,
         "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
for name, r in best.items():
    m = median(times[name])
    lines.append("| %s | %.2f | %.2fx | %.2f | %.2fx | %s | %.4f | %.4f |" % (
        name, r["seconds"], r["seconds"] / ref, m, m / ref_median, " ".join("%.2f" % t for t in times[name]),
        r["train_acc"], r["test_acc"]))
table = "\n".join(lines)
with open(os.path.join(root, "bench", "results", "mnist.md"), "w") as f:
    f.write(table + "\n")
print(table)
