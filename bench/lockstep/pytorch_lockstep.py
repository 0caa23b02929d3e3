#!/usr/bin/python3
"""PyTorch's side of bench/lockstep (Lockstep.java): the reference's training and inference steps of a model of
shared/bench/pytorch/models.py (pytorch_steps.py: those of throughput_bench.py, on 2 threads) in chunks that take
turns with the torch engine's: a chunk starts when a byte arrives on IN_PIPE and hands the turn back with one on
OUT_PIPE. Per mode one unrecorded warm-up chunk, then CHUNKS recorded ones, each printed as a CHUNK line.
Usage: pytorch_lockstep.py MODELS_DIR MODEL CHUNKS CHUNK_SECONDS WARM_SECONDS IN_PIPE OUT_PIPE
"""
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchutil import Window  # noqa: E402
from pytorch_steps import reference_steps  # noqa: E402

NAME, CHUNKS, SECONDS, WARM = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
model, batch, train_step, infer_step = reference_steps(NAME)
fd_in = os.open(sys.argv[6], os.O_RDWR)  # read-write: opening a pipe's one end alone would wait for the other side
fd_out = os.open(sys.argv[7], os.O_RDWR)
for mode, step in (("train", train_step), ("infer", infer_step)):
    model.train(mode == "train")
    for c in range(-1, CHUNKS):
        if not os.read(fd_in, 1):
            sys.exit("lockstep: the other side closed " + sys.argv[6])
        with Window() as w:
            steps, t0 = 0, time.perf_counter()
            while steps == 0 or time.perf_counter() - t0 < (WARM if c < 0 else SECONDS):
                step()
                steps += 1
        if c >= 0:
            print(f"CHUNK engine=pytorch model={NAME} mode={mode} chunk={c} images_per_s={steps * batch / w.elapsed:.1f}"
                  f" other_load={w.other_frac:.2f}", flush=True)
        if not (mode == "infer" and c == CHUNKS - 1):  # the torch engine's side has finished
            os.write(fd_out, b"t")
