"""The PyTorch reference's steps as ../shared/bench/pytorch/throughput_bench.py defines them, for lowbit's own
reference scripts: random data, train = zero_grad + forward + cross-entropy + backward + SGD (lr 0.01, momentum 0.9),
infer = no_grad forward (the caller switches train/eval). Import after putting the reference's folder (models.py)
on sys.path."""
import torch
import torch.nn as nn
from models import SPECS


def reference_steps(name):
    """model, batch size, train step, infer step of SPECS[name], seeded and on 2 threads like the reference."""
    torch.set_num_threads(2)
    torch.manual_seed(0)
    ctor, shape, ncls, batch = SPECS[name]
    model = ctor()
    x, y = torch.randn(batch, *shape), torch.randint(0, ncls, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lossf = nn.CrossEntropyLoss()

    def train_step():
        opt.zero_grad(set_to_none=True)
        lossf(model(x), y).backward()
        opt.step()

    def infer_step():
        with torch.no_grad():
            model(x)

    return model, batch, train_step, infer_step
