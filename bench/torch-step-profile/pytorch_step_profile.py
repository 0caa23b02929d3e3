#!/usr/bin/python3
"""PyTorch's side of TorchStepProfile.java: the same step of a model of shared/bench/pytorch/models.py (SPECS: input
shape, classes, batch; random data, cross-entropy, SGD lr 0.01 momentum 0.9 as throughput_bench.py) split into
zero_grad, forward+loss, backward and the optimizer step; per phase mean ms of process CPU (time.process_time) and
wall per step, and the step's images per CPU-second and per second (median over the windows). Same output lines.
Usage: pytorch_step_profile.py MODELS_DIR MODEL THREADS WINDOWS SECONDS
"""
import statistics
import sys
import time

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from models import SPECS  # noqa: E402

MODEL, THREADS, WINDOWS, SECONDS = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
ctor, shape, classes, BATCH = SPECS[MODEL]
torch.set_num_threads(THREADS)
torch.manual_seed(0)
model = ctor().train()
x = torch.randn(BATCH, *shape)
y = torch.randint(0, classes, (BATCH,))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
lossf = nn.CrossEntropyLoss()
phases = {p: [0.0, 0.0] for p in ("zero_grad", "forward+loss", "backward", "sgd")}


def step():
    c, w = time.process_time(), time.perf_counter()

    def lap(name):
        nonlocal c, w
        c2, w2 = time.process_time(), time.perf_counter()
        phases[name][0] += c2 - c
        phases[name][1] += w2 - w
        c, w = c2, w2
    opt.zero_grad(set_to_none=True)
    lap("zero_grad")
    loss = lossf(model(x), y)
    lap("forward+loss")
    loss.backward()
    lap("backward")
    opt.step()
    lap("sgd")


warm_end = time.process_time() + SECONDS / 2
for i in range(3):
    step()
while time.process_time() < warm_end:
    step()
for v in phases.values():
    v[0] = v[1] = 0.0
rates, steps = [], 0
for _ in range(WINDOWS):
    c0, w0, n = time.process_time(), time.perf_counter(), 0
    while True:
        step()
        n += 1
        if time.process_time() - c0 >= SECONDS:
            break
    rates.append((n * BATCH / (time.process_time() - c0), n * BATCH / (time.perf_counter() - w0)))
    steps += n
rates.sort()
med = rates[len(rates) // 2]
print(f"STEP engine=pytorch model={MODEL} threads={THREADS} images_per_cpu_s={med[0]:.1f} images_per_s={med[1]:.1f} "
      f"windows={[round(r[0], 1) for r in rates]}")
for name, (c, w) in phases.items():
    print(f"PHASE engine=pytorch model={MODEL} threads={THREADS} phase={name} cpu_ms={1e3 * c / steps:.2f} wall_ms={1e3 * w / steps:.2f}")
