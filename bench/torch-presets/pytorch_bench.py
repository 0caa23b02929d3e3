#!/usr/bin/python3
"""PyTorch from Python, the reference for PresetsBench.java: one thread, images (or ms) per CPU-second of the
process (time.process_time), median of WINDOWS windows of SECONDS after a warm-up; same measures and output lines.
The step is the MobileNetV1-0.25 person-detection model of shared/bench/pytorch/models.py at batch 32 on random
96x96x1 inputs: forward, cross-entropy, backward, plain SGD (lr 0.01); the ops are fwd+bwd with an all-ones gradient.
Usage: pytorch_bench.py MODELS_DIR [windows] [seconds]
"""
import statistics
import sys
import time

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from models import MobileNetV1  # noqa: E402

WINDOWS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
BATCH = 32
torch.set_num_threads(1)
torch.manual_seed(7)


def measure(call):
    """CPU seconds of the process per call, the median over the windows, after a warm-up of half a window."""
    for _ in range(3):
        call()
    warm_end = time.process_time() + SECONDS / 2
    while time.process_time() < warm_end:
        call()
    per_call = []
    for _ in range(WINDOWS):
        start = time.process_time()
        calls = 0
        while True:
            call()
            calls += 1
            now = time.process_time()
            if now >= start + SECONDS:
                break
        per_call.append((now - start) / calls)
    return statistics.median(per_call)


def result(measure_name, value):
    print(f"RESULT {measure_name} {value:.3f}", flush=True)


print(f"INFO threads={torch.get_num_threads()} pytorch={torch.__version__}", flush=True)
model = MobileNetV1(0.25, 1, 2).train()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(BATCH, 1, 96, 96)
y = torch.randint(0, 2, (BATCH,))


def step():
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


s = measure(step)
result("mobilenet_step_images_per_cpu_s", BATCH / s)
result("mobilenet_step_ms", 1000 * s)


def op_result(name, op, *inputs):
    leaves = [t.detach().clone().requires_grad_(True) for t in inputs]

    def once():
        out = op(*leaves)
        out.backward(torch.ones_like(out))
        for leaf in leaves:
            leaf.grad.zero_()
    result(f"op_{name}_fwd_bwd_ms", 1000 * measure(once))


for c in (8, 16):
    inp = torch.randn(BATCH, c, 48, 48)
    op_result(f"bn_{c}x48x48", lambda t, w, b: F.batch_norm(t, None, None, w, b, True, 0.0, 1e-5),
              inp, torch.ones(c), torch.zeros(c))
    op_result(f"dwconv3x3_{c}x48x48", lambda t, w, c=c: F.conv2d(t, w, None, 1, 1, 1, c),
              inp, torch.randn(c, 1, 3, 3) * 0.3)
op_result("pwconv_8to16x48x48", lambda t, w: F.conv2d(t, w, None, 1, 0, 1, 1),
          torch.randn(BATCH, 8, 48, 48), torch.randn(16, 8, 1, 1) * 0.3)
op_result("dwconv3x3s2_16x48x48", lambda t, w: F.conv2d(t, w, None, 2, 1, 1, 16),
          torch.randn(BATCH, 16, 48, 48), torch.randn(16, 1, 3, 3) * 0.3)
