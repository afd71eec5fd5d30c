#!/usr/bin/env python3
"""NumPy reference for `ricci train mnist`: seed 004's TwoLayerNet loop in float32.

784-50-10, Affine-ReLU-Affine-SoftmaxCrossEntropy, weights N(0, 0.01^2), SGD lr 0.1, batches of 100
drawn with replacement, accuracy on the whole train and test sets every epoch (train size / batch
iterations), on the same embedded 10,000-digit split (first 8,000 train, last 2,000 test). Differences
from the seed, both in numpy's favour: the loss is taken from the gradient's forward pass instead of a
second forward after the update, and layer 1's input gradient (dX, never used) is not computed.
Prints one JSON line: {"impl":"numpy","train_acc":..,"test_acc":..,"seconds":..,"iters":..}.
"""
import gzip, json, os, sys, time
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "..", "nn", "src", "main", "resources", "io", "ricci", "nn", "mnist")


def idx(name):
    with gzip.open(os.path.join(data, name), "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def main(iters=10000, batch=100, lr=np.float32(0.1), hidden=50, seed=0):
    x = idx("mnist10k-images-idx3-ubyte.gz").reshape(10000, 784).astype(np.float32) / np.float32(255)
    t = idx("mnist10k-labels-idx1-ubyte.gz").astype(np.int64)
    x_train, t_train, x_test, t_test = x[:8000], t[:8000], x[8000:], t[8000:]
    onehot = np.eye(10, dtype=np.float32)
    rng = np.random.default_rng(seed)
    w1 = (0.01 * rng.standard_normal((784, hidden))).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = (0.01 * rng.standard_normal((hidden, 10))).astype(np.float32)
    b2 = np.zeros(10, np.float32)

    def predict(xb):
        return np.maximum(xb @ w1 + b1, 0) @ w2 + b2

    def accuracy(xs, ts):
        return float(np.mean(np.argmax(predict(xs), axis=1) == ts))

    per_epoch = max(len(x_train) // batch, 1)
    start = time.perf_counter()
    for i in range(iters):
        m = rng.choice(len(x_train), batch)
        xb, tb = x_train[m], onehot[t_train[m]]
        h = xb @ w1 + b1
        mask = h > 0
        r = h * mask
        a = r @ w2 + b2
        a = a - a.max(axis=1, keepdims=True)
        e = np.exp(a)
        y = e / e.sum(axis=1, keepdims=True)
        da = (y - tb) / batch
        dw2 = r.T @ da
        db2 = da.sum(axis=0)
        dr = (da @ w2.T) * mask
        dw1 = xb.T @ dr
        db1 = dr.sum(axis=0)
        w1 -= lr * dw1; b1 -= lr * db1; w2 -= lr * dw2; b2 -= lr * db2
        if i % per_epoch == 0:
            accuracy(x_train, t_train), accuracy(x_test, t_test)
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "numpy", "train_acc": round(accuracy(x_train, t_train), 4),
                      "test_acc": round(accuracy(x_test, t_test), 4), "seconds": round(seconds, 3), "iters": iters}))


if __name__ == "__main__":
    main(iters=int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
