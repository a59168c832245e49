#!/usr/bin/env python3
"""NumPy baseline for `mnist-nn bench`: the same network, written plainly with NumPy.

784 -> 100 ReLU -> 10 softmax, cross-entropy, minibatch SGD with batch 16, learning rate 0.02 and
L2 1e-4 on weights and biases (the notebook's settings and mnist-nn's defaults), float32,
W ~ N(0, 1)/sqrt(fan_out), biases zero. The logits go straight into softmax (no ReLU on the
output layer), as in mnist-nn.

It trains one epoch of 60,000 images per repetition (a fresh network each time, shuffled order,
loss and L2 penalty computed every step as mnist-nn does) and reports the median seconds per
epoch, plus the median time to classify the 10,000 test images and the test accuracy after one
epoch. Data: --data DIR, else $MNIST_DATA, else ~/.cache/mnist-nn/mnist; synthetic images with
MNIST's sparsity when none is found (reported).

Usage: python3 bench/numpy_baseline.py [--data DIR] [--reps 5] [--batch-size 16] [--json]
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np

D, H, C = 784, 100, 10
FILES = {
    "train_x": "train-images-idx3-ubyte",
    "train_y": "train-labels-idx1-ubyte",
    "test_x": "t10k-images-idx3-ubyte",
    "test_y": "t10k-labels-idx1-ubyte",
}


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find_data(arg):
    if arg:
        return arg
    if os.environ.get("MNIST_DATA"):
        return os.environ["MNIST_DATA"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mnist-nn", "mnist")


def load(folder):
    """The four arrays, or None when a file is missing."""
    out = {}
    for key, name in FILES.items():
        for candidate in (name, name + ".gz"):
            path = os.path.join(folder, candidate)
            if os.path.isfile(path):
                out[key] = read_idx(path)
                break
        else:
            return None
    return out


def synthetic(rng):
    def images(n):
        x = rng.integers(1, 256, size=(n, 28, 28), dtype=np.uint8)
        x[rng.random((n, 28, 28)) >= 0.19] = 0
        return x

    return {
        "train_x": images(60000),
        "train_y": rng.integers(0, C, 60000).astype(np.uint8),
        "test_x": images(10000),
        "test_y": rng.integers(0, C, 10000).astype(np.uint8),
    }


def init(rng):
    return {
        "W1": (rng.standard_normal((D, H)) / np.sqrt(H)).astype(np.float32),
        "b1": np.zeros((1, H), np.float32),
        "W2": (rng.standard_normal((H, C)) / np.sqrt(C)).astype(np.float32),
        "b2": np.zeros((1, C), np.float32),
    }


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def forward(m, x):
    z1 = x @ m["W1"] + m["b1"]
    h1 = np.maximum(z1, 0)
    z2 = h1 @ m["W2"] + m["b2"]
    return z1, h1, softmax(z2)


def train_epoch(m, x_all, y_all, bs, lr, reg, rng):
    n = x_all.shape[0]
    order = rng.permutation(n)
    lr = np.float32(lr)
    reg = np.float32(reg)
    losses = 0.0
    for start in range(0, n, bs):
        idx = order[start : start + bs]
        x = x_all[idx]
        y = y_all[idx]
        k = x.shape[0]
        z1, h1, probs = forward(m, x)
        penalty = 0.5 * reg * sum(float(np.sum(p * p)) for p in m.values())
        losses += -np.mean(np.log(np.maximum(probs[np.arange(k), y], 1.1754944e-38))) + penalty
        dz2 = probs.copy()
        dz2[np.arange(k), y] -= 1
        dz2 /= k
        grads = {"W2": h1.T @ dz2, "b2": dz2.sum(axis=0, keepdims=True)}
        dh1 = dz2 @ m["W2"].T
        dz1 = dh1 * (z1 > 0)
        grads["W1"] = x.T @ dz1
        grads["b1"] = dz1.sum(axis=0, keepdims=True)
        for name, g in grads.items():
            m[name] -= lr * (g + reg * m[name])
    return losses / ((n + bs - 1) // bs)


def evaluate(m, x, y):
    preds = np.concatenate(
        [forward(m, x[i : i + 500])[2].argmax(axis=1) for i in range(0, len(x), 500)]
    )
    return float(np.mean(preds == y))


def blas_info():
    """Which BLAS kernel NumPy runs, through threadpoolctl where it is installed."""
    try:
        import threadpoolctl  # noqa: PLC0415
    except ImportError:
        if os.path.isdir("/usr/lib/python3/dist-packages"):
            sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import threadpoolctl  # noqa: PLC0415
        except ImportError:
            return "unknown (threadpoolctl not installed)"
    info = threadpoolctl.threadpool_info()
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}"
        f" {i.get('num_threads')} threads"
        for i in info
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--reg", type=float, default=1e-4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    folder = find_data(args.data)
    raw = load(folder)
    source = f"real MNIST from {folder}"
    if raw is None:
        raw = synthetic(np.random.default_rng(1))
        source = "synthetic images (19% non-zero pixels)"
    x_train = raw["train_x"].reshape(-1, D).astype(np.float32) / np.float32(255)
    y_train = raw["train_y"].astype(np.int64)
    x_test = raw["test_x"].reshape(-1, D).astype(np.float32) / np.float32(255)
    y_test = raw["test_y"].astype(np.int64)

    epoch_s, eval_ms, accs, losses = [], [], [], []
    for rep in range(args.reps):
        rng = np.random.default_rng(rep)
        m = init(rng)
        t0 = time.perf_counter()
        losses.append(train_epoch(m, x_train, y_train, args.batch_size, args.lr, args.reg, rng))
        epoch_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        accs.append(evaluate(m, x_test, y_test))
        eval_ms.append((time.perf_counter() - t0) * 1e3)

    result = {
        "implementation": "numpy",
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "blas": blas_info(),
        "data": source,
        "batch_size": args.batch_size,
        "repetitions": args.reps,
        "seconds_per_epoch": statistics.median(epoch_s),
        "seconds_per_epoch_all": epoch_s,
        "test_set_ms": statistics.median(eval_ms),
        "test_accuracy_after_one_epoch": statistics.median(accs),
        "mean_loss": float(statistics.median(losses)),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"numpy {result['numpy']} ({result['blas']}), {source}\n"
            f"batch {args.batch_size}: {result['seconds_per_epoch']:.3f} s per epoch"
            f" (median of {args.reps}); 10,000 test images in {result['test_set_ms']:.1f} ms;"
            f" test accuracy after one epoch {result['test_accuracy_after_one_epoch']:.4f}"
        )


if __name__ == "__main__":
    main()
