#!/usr/bin/env python3
"""NumPy reference for `ricci train mnist`: seed 004's TwoLayerNet loop in float32.

784-50-10, Affine-ReLU-Affine-CEE_Softmax written as seed 004 writes it (its layer classes and
Saito's softmax / cross_entropy_error), weights N(0, 0.01^2), SGD lr 0.1, batches of 100 drawn with
replacement, the loss recomputed after each update, accuracy on the whole train and test sets every
epoch (train size / batch iterations), on the same embedded 10,000-digit split (first 8,000 train,
last 2,000 test). `--lean` runs a leaner loop in numpy's favour instead: no unused layer-1 input
gradient and no second forward for the loss.
Prints one JSON line: {"impl":"numpy","variant":..,"train_acc":..,"test_acc":..,"seconds":..,"iters":..}.
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


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class Relu:
    def forward(self, x):
        self.mask = np.array(x > 0, dtype=x.dtype)  # seed: int32, which silently promotes to float64
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * self.mask


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, X):
        self.X = X
        return np.dot(self.X, self.W) + self.b

    def backward(self, dout):
        self.dX = np.dot(dout, self.W.T)
        self.dW = np.dot(self.X.T, dout)
        self.db = np.sum(dout, axis=0)
        return self.dX


class CEE_Softmax:
    def forward(self, a, t):
        self.t = t
        self.y = softmax(a)
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout=1.0):
        return (self.y - self.t) / self.t.shape[0]


def seed004(iters, batch=100, lr=np.float32(0.1), hidden=50, seed=0):
    x_train, t_train, x_test, t_test = load()
    rng = np.random.default_rng(seed)
    params = {"W1": (0.01 * rng.standard_normal((784, hidden))).astype(np.float32),
              "b1": np.zeros(hidden, np.float32),
              "W2": (0.01 * rng.standard_normal((hidden, 10))).astype(np.float32),
              "b2": np.zeros(10, np.float32)}
    layers = [Affine(params["W1"], params["b1"]), Relu(), Affine(params["W2"], params["b2"])]
    last = CEE_Softmax()

    def predict(X):
        for layer in layers:
            X = layer.forward(X)
        return X

    def accuracy(X, t):
        return float(np.sum(np.argmax(predict(X), axis=-1) == np.argmax(t, axis=-1)) / X.shape[0])

    per_epoch = max(len(x_train) // batch, 1)
    start = time.perf_counter()
    for i in range(iters):
        m = rng.choice(len(x_train), batch)
        xb, tb = x_train[m], t_train[m]
        last.forward(predict(xb), tb)
        dout = last.backward(1)
        for layer in reversed(layers):
            dout = layer.backward(dout)
        grads = {"W1": layers[0].dW, "b1": layers[0].db, "W2": layers[2].dW, "b2": layers[2].db}
        for key in ("W1", "b1", "W2", "b2"):
            params[key] -= lr * grads[key]
        last.forward(predict(xb), tb)
        if i % per_epoch == 0:
            accuracy(x_train, t_train), accuracy(x_test, t_test)
    seconds = time.perf_counter() - start
    return accuracy(x_train, t_train), accuracy(x_test, t_test), seconds


def load():
    x = idx("mnist10k-images-idx3-ubyte.gz").reshape(10000, 784).astype(np.float32) / np.float32(255)
    t = np.eye(10, dtype=np.float32)[idx("mnist10k-labels-idx1-ubyte.gz")]
    return x[:8000], t[:8000], x[8000:], t[8000:]


def lean(iters, batch=100, lr=np.float32(0.1), hidden=50, seed=0):
    x_train, tt, x_test, te = load()
    t_train, t_test = tt.argmax(1), te.argmax(1)
    onehot = np.eye(10, dtype=np.float32)
    rng = np.random.default_rng(seed)
    w1 = (0.01 * rng.standard_normal((784, hidden))).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = (0.01 * rng.standard_normal((hidden, 10))).astype(np.float32)
    b2 = np.zeros(10, np.float32)

    def accuracy(xs, ts):
        return float(np.mean(np.argmax(np.maximum(xs @ w1 + b1, 0) @ w2 + b2, axis=1) == ts))

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
    return accuracy(x_train, t_train), accuracy(x_test, t_test), seconds


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    variant = "lean" if "--lean" in sys.argv else "seed004"
    iters = int(args[0]) if args else 10000
    tr, te, sec = (lean if variant == "lean" else seed004)(iters)
    print(json.dumps({"impl": "numpy", "variant": variant, "train_acc": round(tr, 4), "test_acc": round(te, 4),
                      "seconds": round(sec, 3), "iters": iters}))
