#!/usr/bin/env bash
# Runs `mnist-nn bench` and the NumPy baseline (bench/numpy_baseline.py) one after the other on
# this machine, and prints the batch-16 epoch time and the test-set time of both with the ratio.
#
# Usage: bench/compare.sh [REPS]          (default 5; data as for mnist-nn: --data is not taken,
#                                          set MNIST_DATA or use the cache)
# Output: a table on stdout; the raw JSON of both runs in bench/out/.
#
# NumPy gets its best configuration: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (which this workplace
# may set for old OpenBLAS builds, and which slow a current one) are unset for its command only,
# and it is run both with OpenBLAS's default threads and with one thread; the faster counts.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"
mkdir -p bench/out
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
java_json="bench/out/java-$stamp.json"
np_json="bench/out/numpy-$stamp.json"
np1_json="bench/out/numpy-1thread-$stamp.json"

echo "compare: mnist-nn bench ($reps repetitions)..." >&2
./mnist-nn bench --json --reps "$reps" --batch-sizes 16,128,1024 >"$java_json"
echo "compare: NumPy baseline, default threads..." >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_baseline.py --json \
  --reps "$reps" >"$np_json"
echo "compare: NumPy baseline, OPENBLAS_NUM_THREADS=1..." >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
  python3 bench/numpy_baseline.py --json --reps "$reps" >"$np1_json"

python3 - "$java_json" "$np_json" "$np1_json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
runs = [json.load(open(p)) for p in sys.argv[2:]]
np_best = min(runs, key=lambda r: r["seconds_per_epoch"])
np_eval = min(r["test_set_ms"] for r in runs)
j16 = next(t for t in j["training"] if t["batch_size"] == 16)
print(f"machine: {j['cpu']}; {j['jvm']}")
print(f"java kernels: {j['kernels_note']}")
print(f"numpy {np_best['numpy']} ({np_best['blas']})")
print(f"data: java {j['data']}; numpy {np_best['data']}")
print()
print("| measure (median) | mnist-nn (Java) | NumPy | NumPy / Java |")
print("| --- | --- | --- | --- |")
print(f"| batch 16, seconds per epoch | {j16['seconds_per_epoch']:.3f} | "
      f"{np_best['seconds_per_epoch']:.3f} | {np_best['seconds_per_epoch'] / j16['seconds_per_epoch']:.1f}× |")
ji = j["inference"]
print(f"| 10,000 test images, ms | {ji['test_set_ms']:.1f} | {np_eval:.1f} | {np_eval / ji['test_set_ms']:.1f}× |")
print()
for r in runs:
    print(f"numpy run: {r['blas']}: {r['seconds_per_epoch']:.3f} s/epoch, "
          f"eval {r['test_set_ms']:.1f} ms, accuracy after 1 epoch {r['test_accuracy_after_one_epoch']:.4f}")
for t in j["training"]:
    print(f"java batch {t['batch_size']}: {t['seconds_per_epoch']:.3f} s/epoch, "
          f"{t['images_per_second']:.0f} images/s, {t['gflops']:.1f} GFLOP/s dense-equivalent, "
          f"{t.get('gflops_done', float('nan')):.1f} GFLOP/s done "
          f"(pixel density {100 * j.get('input_density', float('nan')):.1f}%), "
          f"{t.get('percent_of_peak', float('nan')):.0f}% of the peak measured in the run")
pk = j.get("fma_peak", {})
print(f"java FMA peak measured in the run: {pk.get('gflops_all_cores', float('nan')):.1f} GFLOP/s "
      f"on {pk.get('threads')} threads, {pk.get('gflops_one_core', float('nan')):.1f} on one (best of each)")
print(f"java one image: {ji['one_image_us']:.1f} µs")
PY
