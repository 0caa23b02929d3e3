#!/usr/bin/python3
"""PyTorch reference throughput under whatever load the machine has, for when ../shared/bench/pytorch/
throughput_bench.py cannot find idle windows on a shared machine. Same models, data, step and threads as
that script (it imports its models.py); 3 windows of WIN s after warm-up, no filtering of busy windows,
and the share of the machine other processes used in each window is reported instead.

Usage: pytorch_unfiltered.py REF_DIR WIN model   ->  one line: TORCH <model> train=.. infer=.. other_load_train=..
"""
import os, statistics, sys, time

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchutil import Window  # noqa: E402
from pytorch_steps import reference_steps  # noqa: E402

WIN, NAME = float(sys.argv[2]), sys.argv[3]
model, batch, train_step, infer_step = reference_steps(NAME)


def measure(step):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < max(2.0, WIN / 2):
        step()
    rates, loads = [], []
    for _ in range(3):
        with Window() as w:
            n, t0 = 0, time.perf_counter()
            while n == 0 or time.perf_counter() - t0 < WIN:
                step()
                n += 1
        rates.append(round(n * batch / w.elapsed, 1))
        loads.append(round(w.other_frac, 2))
    return statistics.median(rates), rates, loads


model.train()
tr, trs, trl = measure(train_step)
model.eval()
inf, infs, infl = measure(infer_step)
print(f"TORCH {NAME} train={tr} infer={inf} train_windows={','.join(map(str, trs))} "
      f"infer_windows={','.join(map(str, infs))} other_load_train={','.join(map(str, trl))} "
      f"other_load_infer={','.join(map(str, infl))}", flush=True)
