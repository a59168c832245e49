#!/usr/bin/env bash
# Runs, one after another on this machine, `mnist-nn bench`, the NumPy baseline
# (bench/numpy_baseline.py) and the PyTorch baseline (bench/torch_baseline.py), each at batch 16,
# 128 and 1024, and prints one markdown table: seconds per epoch at each batch size and the
# 10,000-image test set in ms, with each peer's ratio to mnist-nn.
#
# Usage: bench/compare.sh [REPS]          (default 5; data as for mnist-nn: --data is not taken,
#                                          set MNIST_DATA or use the cache)
# Output: the table and the details on stdout; the raw JSON of every run in bench/out/.
# Run time: 13 runs, one after another. Estimated 3-4 minutes with REPS=5 on an idle 2-core
# machine with OpenBLAS behind PyTorch (mnist-nn ~1 min; NumPy 6 runs ~1 min; PyTorch 6 runs
# ~1-2 min, each with an untimed warm-up epoch). On the reference BLAS PyTorch needs 5-12 s an
# epoch, which makes REPS=5 about 10 minutes; one REPS=1 run niced on a busy machine took 5 min.
#
# Each peer gets its best configuration and the faster run counts, per row:
# - NumPy runs with OpenBLAS's default threads and with OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE
#   and OPENBLAS_L2_SIZE (which this workplace may set for old OpenBLAS builds, and which slow a
#   current one) unset for its commands only.
# - PyTorch runs with --threads 1 and with --threads $(nproc). Not with "PyTorch's default": 1.13
#   defaults to std::thread::hardware_concurrency() / 2 on x86-64 (c10/core/thread_pool.h assumes
#   two hardware threads per core), i.e. 1 on a 2-core machine without SMT, although no
#   OMP_NUM_THREADS is set; --threads N calls torch.set_num_threads(N) and sets
#   OPENBLAS_NUM_THREADS=N, which overrides any OMP_NUM_THREADS/MKL_NUM_THREADS in the environment.
#   It uses Debian's python3-torch through $TORCH_PYTHON (default /usr/bin/python3); when torch
#   cannot be imported there the PyTorch columns stay empty. Debian's torch does its float32
#   products in whatever libblas.so.3 is installed: with only the reference BLAS (libblas3) they
#   are many times slower than with OpenBLAS (apt-get install libopenblas0), and the output
#   says so.
# - The test-set figure of a peer is the best of its runs' medians (the network differs by batch
#   size; the cost of the pass does not).
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"
torch_py="${TORCH_PYTHON:-/usr/bin/python3}"
cores="$(nproc)"
mkdir -p bench/out
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
java_json="bench/out/java-$stamp.json"
peers=()   # label=path of each peer run's JSON

echo "compare: mnist-nn bench ($reps repetitions)..." >&2
./mnist-nn bench --json --reps "$reps" --batch-sizes 16,128,1024 >"$java_json"

for bs in 16 128 1024; do
  out="bench/out/numpy-b$bs-default-$stamp.json"
  echo "compare: NumPy baseline, batch $bs, OpenBLAS's default threads..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS \
    python3 bench/numpy_baseline.py --json --reps "$reps" --batch-size "$bs" >"$out"
  peers+=("numpy:default threads=$out")
  out="bench/out/numpy-b$bs-1thread-$stamp.json"
  echo "compare: NumPy baseline, batch $bs, OPENBLAS_NUM_THREADS=1..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
    python3 bench/numpy_baseline.py --json --reps "$reps" --batch-size "$bs" >"$out"
  peers+=("numpy:1 thread=$out")
done

if "$torch_py" -c 'import torch' 2>/dev/null; then
  threads=(1)
  if [ "$cores" -gt 1 ]; then threads+=("$cores"); fi
  for bs in 16 128 1024; do
    for t in "${threads[@]}"; do
      label="$t threads"
      if [ "$t" -eq 1 ]; then label="1 thread"; fi
      out="bench/out/torch-b$bs-${label// /}-$stamp.json"
      echo "compare: PyTorch baseline, batch $bs, $label..." >&2
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
        "$torch_py" bench/torch_baseline.py --json --reps "$reps" --batch-size "$bs" \
        --threads "$t" >"$out"
      peers+=("pytorch:$label=$out")
    done
  done
else
  echo "compare: no PyTorch for $torch_py (Debian: apt-get install python3-torch); skipped" >&2
fi

python3 - "$java_json" "${peers[@]}" <<'PY'
import json, sys

j = json.load(open(sys.argv[1]))
runs = []
for arg in sys.argv[2:]:
    label, path = arg.split("=", 1)
    impl, setting = label.split(":", 1)
    r = json.load(open(path))
    r["_impl"], r["_setting"] = impl, setting
    runs.append(r)
jt = {t["batch_size"]: t for t in j["training"]}
ji = j["inference"]


def best(impl, bs=None):
    """The fastest run of a peer: at batch bs, or (bs None) for the test set over all its runs."""
    rs = [r for r in runs if r["_impl"] == impl and (bs is None or r["batch_size"] == bs)]
    if not rs:
        return None
    key = "seconds_per_epoch" if bs is not None else "test_set_ms"
    return min(rs, key=lambda r: r[key])


def cells(java_value, impl, bs, key, fmt):
    r = best(impl, bs)
    if r is None:
        return "—", "—"
    v = r[key]
    return f"{v:{fmt}} ({r['_setting']})", f"{v / java_value:.1f}×"


print("| measure (median) | mnist-nn | NumPy | PyTorch | NumPy / mnist-nn | PyTorch / mnist-nn |")
print("| --- | --- | --- | --- | --- | --- |")
for bs in (16, 128, 1024):
    jv = jt[bs]["seconds_per_epoch"]
    n, nr = cells(jv, "numpy", bs, "seconds_per_epoch", ".3f")
    p, pr = cells(jv, "pytorch", bs, "seconds_per_epoch", ".3f")
    print(f"| batch {bs}, seconds per epoch | {jv:.3f} | {n} | {p} | {nr} | {pr} |")
jv = ji["test_set_ms"]
n, nr = cells(jv, "numpy", None, "test_set_ms", ".1f")
p, pr = cells(jv, "pytorch", None, "test_set_ms", ".1f")
print(f"| 10,000 test images, ms | {jv:.1f} | {n} | {p} | {nr} | {pr} |")
print()
print(f"machine: {j['cpu']}; {j['jvm']}")
print(f"java kernels: {j['kernels_note']}")
np_any = best("numpy", 16)
if np_any:
    print(f"numpy {np_any['numpy']} ({np_any['blas']})")
t_any = next((r for r in runs if r["_impl"] == "pytorch"), None)
if t_any:
    print(f"pytorch {t_any['torch']} on python {t_any['python']}, BLAS {t_any['blas']}; "
          f"{t_any['parallel_backend']}; PyTorch's own default here: "
          f"{t_any['threads_pytorch_default']} thread(s)")
    if t_any.get("blas_is_reference"):
        print("WARNING: PyTorch ran on the reference BLAS (libblas3): its figures are far below "
              "what it does with OpenBLAS (apt-get install libopenblas0)")
print(f"data: java {j['data']}" + "".join(
    f"; {impl} {r['data']}" for impl, r in (("numpy", np_any), ("pytorch", t_any)) if r))
print()
for r in runs:
    print(f"{r['_impl']} run, batch {r['batch_size']}, {r['_setting']}: "
          f"{r['seconds_per_epoch']:.3f} s/epoch, eval {r['test_set_ms']:.1f} ms, "
          f"accuracy after 1 epoch {r['test_accuracy_after_one_epoch']:.4f}"
          + (f", {r['blas']}" if r["_impl"] == "numpy" else f", torch.get_num_threads() {r['threads']}"))
for t in j["training"]:
    print(f"java batch {t['batch_size']}: {t['seconds_per_epoch']:.3f} s/epoch, "
          f"{t['images_per_second']:.0f} images/s, {t['gflops']:.1f} GFLOP/s dense-equivalent, "
          f"{t.get('gflops_done', float('nan')):.1f} GFLOP/s done "
          f"(pixel density {100 * j.get('input_density', float('nan')):.1f}%), "
          f"{t.get('percent_of_peak', float('nan')):.0f}% of the peak measured in the run")
for bs in (16, 128, 1024):
    r = best("pytorch", bs)
    if r and bs in jt:
        # The same dense FLOP count as mnist-nn's "dense-equivalent" figure, over PyTorch's time.
        g = jt[bs]["gflops"] * jt[bs]["seconds_per_epoch"] / r["seconds_per_epoch"]
        print(f"pytorch batch {bs}: {g:.1f} GFLOP/s dense ({r['_setting']})")
pk = j.get("fma_peak", {})
print(f"java FMA peak measured in the run: {pk.get('gflops_all_cores', float('nan')):.1f} GFLOP/s "
      f"on {pk.get('threads')} threads, {pk.get('gflops_one_core', float('nan')):.1f} on one (best of each)")
if pk.get("cores_shared"):
    print(f"note: mnist-nn's {pk.get('threads')} threads ran the FMA chains only {pk.get('scaling'):.2f}× "
          "as fast as one, after its timings: the processors were not all free (a host that runs them "
          "on fewer cores, hyperthreads, or other work), so its figures that use several threads "
          "(batch 1024, the test set) may have had fewer cores")
print(f"java one image: {ji['one_image_us']:.1f} µs")
PY
