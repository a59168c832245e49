#!/usr/bin/env python3
"""PyTorch baseline for `mnist-nn bench`: the same network, written as idiomatic PyTorch.

784 -> 100 ReLU -> 10 as nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10)),
nn.CrossEntropyLoss (log-softmax of the logits, mean over the batch, as in mnist-nn) and
torch.optim.SGD(lr=0.02, weight_decay=1e-4), batch 16 by default, float32. These are the settings
of bench/numpy_baseline.py and mnist-nn's defaults, with the same initialisation
(W ~ N(0, 1)/sqrt(fan_out), biases zero) instead of nn.Linear's own.

L2: the project's loss is cross-entropy + 1/2 * reg * sum(theta^2) over weights AND biases, whose
gradient is reg * theta. SGD's weight_decay=reg adds exactly reg * theta to every parameter's
gradient (the biases included, since all parameters go to the optimiser), so the update
theta -= lr * (grad + reg * theta) is the same as mnist-nn's and the NumPy baseline's. The
penalty's value is not computed: the reported mean loss is the cross-entropy alone.

The data are held in memory as float tensors before any timing. One untimed warm-up epoch runs
first; then each repetition trains a fresh network for one epoch of 60,000 images (an index
permutation per epoch, batches by indexing, loss.item() every step as the others compute the loss
every step) and reports the median seconds per epoch, plus the median time to classify the
10,000 test images (one forward pass over all of them under torch.no_grad(), three times per
repetition) and the test accuracy after one epoch. Data: --data DIR, else $MNIST_DATA, else
~/.cache/mnist-nn/mnist; synthetic images with MNIST's sparsity when none is found (reported).

Threads: --threads N calls torch.set_num_threads(N) and also sets OPENBLAS_NUM_THREADS=N before
torch is imported, since torch.set_num_threads does not reach a pthread OpenBLAS behind
libblas.so.3. Without it PyTorch keeps its default, which PyTorch 1.13 computes as
std::thread::hardware_concurrency() / 2 on x86-64 (c10/core/thread_pool.h assumes two hardware
threads per core) unless OMP_NUM_THREADS or MKL_NUM_THREADS is set: 1 on a 2-core machine without
SMT. Ask for all cores with --threads $(nproc).

PyTorch's float32 matrix products go to whatever libblas.so.3 the system provides (Debian's torch
is built with BLAS_INFO=generic); with only the reference BLAS (libblas3) installed they run at a
fraction of the machine's speed. The JSON names the library loaded ("blas") and warns.

Usage: /usr/bin/python3 bench/torch_baseline.py [--data DIR] [--reps 5] [--batch-size 16]
       [--threads N] [--json]          (Debian: apt-get install python3-torch libopenblas0)
"""

import argparse
import json
import os
import statistics
import sys
import time

D, H, C = 784, 100, 10


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--reg", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, help="torch.set_num_threads(N); default: PyTorch's")
    ap.add_argument("--eval-reps", type=int, default=3, help="test-set passes per repetition")
    ap.add_argument("--json", action="store_true")
    return ap.parse_args()


ARGS = parse_args()
THREAD_ENV = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
if ARGS.threads:
    # Read by OpenBLAS when libblas.so.3 is loaded, i.e. during `import torch` below.
    os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402

import numpy_baseline  # noqa: E402  (the same IDX reading and data look-up)
from numpy_baseline import find_data  # noqa: E402

DEFAULT_THREADS = torch.get_num_threads()


def load(folder):
    """The four arrays of numpy_baseline.load as tensors, or None when a file is missing."""
    arrays = numpy_baseline.load(folder)
    return None if arrays is None else {k: torch.tensor(v) for k, v in arrays.items()}


def synthetic(gen):
    def images(n):
        x = torch.randint(1, 256, (n, 28, 28), dtype=torch.uint8, generator=gen)
        x[torch.rand((n, 28, 28), generator=gen) >= 0.19] = 0
        return x

    return {
        "train_x": images(60000),
        "train_y": torch.randint(0, C, (60000,), generator=gen),
        "test_x": images(10000),
        "test_y": torch.randint(0, C, (10000,), generator=gen),
    }


def make_model(seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Linear(H, C))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            nn.init.normal_(layer.weight, std=layer.out_features**-0.5)
            nn.init.zeros_(layer.bias)
    return model


def train_epoch(model, x_all, y_all, bs, lr, reg):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=reg)
    loss_fn = nn.CrossEntropyLoss()
    n = x_all.shape[0]
    order = torch.randperm(n)
    total = 0.0
    for start in range(0, n, bs):
        idx = order[start : start + bs]
        x, y = x_all[idx], y_all[idx]
        optimizer.zero_grad(set_to_none=True)  # PyTorch 2's default
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / ((n + bs - 1) // bs)


def evaluate(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def blas_libraries():
    """The BLAS/LAPACK libraries mapped into this process, symlinks resolved (Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "/" in line}
    except OSError:
        return []
    keys = ("blas", "blis", "mkl", "lapack")
    return sorted(
        {os.path.realpath(p) for p in paths if any(k in os.path.basename(p).lower() for k in keys)}
    )


def main():
    args = ARGS
    if args.threads:
        torch.set_num_threads(args.threads)

    folder = find_data(args.data)
    raw = load(folder)
    source = f"real MNIST from {folder}"
    if raw is None:
        raw = synthetic(torch.Generator().manual_seed(1))
        source = "synthetic images (19% non-zero pixels)"
    x_train = raw["train_x"].reshape(-1, D).float().div_(255)
    y_train = raw["train_y"].long()
    x_test = raw["test_x"].reshape(-1, D).float().div_(255)
    y_test = raw["test_y"].long()

    # Untimed warm-up: one epoch and one test-set pass (allocator, BLAS and thread-pool start-up).
    warm = make_model(10_000)
    train_epoch(warm, x_train, y_train, args.batch_size, args.lr, args.reg)
    evaluate(warm, x_test, y_test)

    epoch_s, eval_ms, accs, losses = [], [], [], []
    for rep in range(args.reps):
        model = make_model(rep)
        t0 = time.perf_counter()
        losses.append(train_epoch(model, x_train, y_train, args.batch_size, args.lr, args.reg))
        epoch_s.append(time.perf_counter() - t0)
        for _ in range(max(1, args.eval_reps)):
            t0 = time.perf_counter()
            acc = evaluate(model, x_test, y_test)
            eval_ms.append((time.perf_counter() - t0) * 1e3)
        accs.append(acc)

    blas = blas_libraries()
    # Debian's netlib reference BLAS lives in .../blas/; OpenBLAS and BLIS in openblas-*/, blis-*/.
    reference_blas = any("/blas/libblas.so" in p for p in blas)
    if reference_blas:
        print(
            "torch_baseline: PyTorch runs on the reference BLAS (" + ", ".join(blas) + "): its "
            "matrix products are far from the machine's speed; install an optimised BLAS "
            "(Debian: apt-get install libopenblas0) for a fair figure",
            file=sys.stderr,
        )
    result = {
        "implementation": "pytorch",
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "threads_requested": args.threads,
        "threads_pytorch_default": DEFAULT_THREADS,
        "thread_env": THREAD_ENV,
        "parallel_backend": torch.__config__.parallel_info().strip().splitlines()[-1],
        "blas": "; ".join(blas) or "unknown",
        "blas_is_reference": reference_blas,
        "data": source,
        "batch_size": args.batch_size,
        "repetitions": args.reps,
        "seconds_per_epoch": statistics.median(epoch_s),
        "seconds_per_epoch_all": epoch_s,
        "test_set_ms": statistics.median(eval_ms),
        "test_set_ms_all": eval_ms,
        "test_accuracy_after_one_epoch": statistics.median(accs),
        "mean_loss": float(statistics.median(losses)),
        "mean_loss_note": "cross-entropy only; weight_decay applies the L2 gradient, not its value",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"torch {result['torch']}, {result['threads']} threads (PyTorch's default here:"
            f" {DEFAULT_THREADS}), BLAS {result['blas']}, {source}\n"
            f"batch {args.batch_size}: {result['seconds_per_epoch']:.3f} s per epoch"
            f" (median of {args.reps}); 10,000 test images in {result['test_set_ms']:.1f} ms;"
            f" test accuracy after one epoch {result['test_accuracy_after_one_epoch']:.4f}"
        )


if __name__ == "__main__":
    main()
