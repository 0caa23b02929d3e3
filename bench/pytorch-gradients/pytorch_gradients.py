#!/usr/bin/python3
"""PyTorch's side of bench/pytorch-gradients: rebuilds each gradient case that GradientCasesForPyTorch.java wrote (a
lowbit model graph, its flat parameters and batch-norm state, a batch) on PyTorch's functional API, computes the same
two gradients in float32 and in float64, and prints how far each of them, and each of lowbit's float engines, is from
lowbit's double-precision reference (the one EngineGradientsTest holds the engines to).

The gradients: of the mean cross-entropy over the batch with respect to the parameters, batch norm on batch statistics
(training); of the summed cross-entropy with respect to the input, batch norm on running statistics (inference). The
error: max |g - reference| / max(1, max |reference|) over the parameters, and max |g - reference| / max |reference|
over the input; the larger of the two.
Usage: pytorch_gradients.py CASE.json...   -> one line per case: PYGRAD label=.. pytorch32=.. pytorch64=.. dl4j=.. torch=..
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(2)


def padded(x, p):
    """The input with explicit zero padding where it is asymmetric, and the padding conv2d adds itself."""
    if p["top"] == p["bottom"] and p["left"] == p["right"]:
        return x, (p["top"], p["left"])
    return F.pad(x, (p["left"], p["right"], p["top"], p["bottom"])), (0, 0)


def activation(name, x):
    if name == "IDENTITY":
        return x
    if name == "RELU":
        return F.relu(x)
    if name == "RELU6":
        return F.hardtanh(x, 0.0, 6.0)
    if name == "BINARY_STEP":  # 1{x > 0} forward, ReLU's derivative backward
        r = F.relu(x)
        return r - r.detach() + (x > 0).to(x.dtype)
    raise ValueError("no PyTorch version of activation " + name)


def run(op, xs, p, s, training):
    """One node of the graph: op (its fields), its inputs, its parameter and state tensors in the op's order."""
    t = op["type"]
    x = xs[0] if xs else None
    if t == "Conv":
        w, b = (p[1], p[0]) if op["bias"] else (p[0], None)
        x, pad = padded(x, op["padding"])
        return F.conv2d(x, w, b, op["stride"], pad)
    if t == "Depthwise":  # weights [kH, kW, channels, 1] as DL4J stores them
        w, b = (p[1], p[0]) if op["bias"] else (p[0], None)
        x, pad = padded(x, op["padding"])
        return F.conv2d(x, w.permute(2, 3, 0, 1), b, op["stride"], pad, 1, op["channels"])
    if t == "BatchNorm":
        return F.batch_norm(x, s[0], s[1], p[0], p[1], training, 0.0, op["eps"])
    if t == "Activation":
        return activation(op["function"], x)
    if t == "MaxPool":
        return F.max_pool2d(x, op["size"], op["size"])
    if t == "AvgPool":
        return F.avg_pool2d(x, op["kernel"], op["stride"])
    if t == "Subsample":
        return x[:, :, ::op["stride"], ::op["stride"]]
    if t == "GlobalAvgPool":
        return x.mean((2, 3))
    if t == "Flatten":
        return x.flatten(1)
    if t == "Dense":  # weights [out, in]
        return activation(op["function"], F.linear(x.flatten(1) if x.dim() > 2 else x, p[0], p[1]))
    if t == "Add":
        return xs[0] + xs[1]
    if t == "Average":
        return sum(xs[1:], xs[0]) / len(xs)
    if t == "Zeros":
        return torch.zeros_like(x)
    if t == "FirstChannels":
        return x[:, :op["count"]]
    if t == "ConcatChannels":
        return torch.cat(xs, 1)
    if t == "Noise":
        if op["scale"] != 0:
            raise ValueError("noise with a scale other than 0 draws lowbit's random numbers: not comparable")
        return x
    if t == "SoftmaxOutput":
        return x  # the logits: the loss applies the softmax
    raise ValueError("no PyTorch version of op " + t)


def logits(case, params, state, x, training):
    out = []
    for node in case["nodes"]:
        if "op" not in node:
            out.append(x)
            continue
        p = [params[v["offset"]:v["offset"] + math.prod(v["shape"])].view(v["shape"]) for v in node["params"]]
        # batch norm in training would move the running statistics: each pass gets its own copy
        s = [state[v["offset"]:v["offset"] + math.prod(v["shape"])].view(v["shape"]).clone() for v in node["state"]]
        out.append(run(node["op"], [out[i] for i in node["inputs"]], p, s, training))
    return out[-1]


def floats(values, dtype):
    """lowbit's float32 values: JSON holds each as the shortest decimal that reads back as that float, which read as a
    double is another number (3e-8 away, which MobileNet's steep gradient turns into 1e-5)."""
    return torch.tensor(values, dtype=torch.float32).to(dtype)


def gradients(case, dtype):
    """Parameter gradient (training, mean loss) and input gradient (inference, summed loss), flat, in lowbit's layout."""
    params = floats(case["parameters"], dtype).requires_grad_(True)
    state = floats(case["state"], dtype)
    x = floats(case["x"], dtype).view(case["x_shape"])
    labels = torch.tensor(case["labels"])
    F.cross_entropy(logits(case, params, state, x, True), labels).backward()
    xg = x.clone().requires_grad_(True)
    F.cross_entropy(logits(case, params.detach(), state, xg, False), labels, reduction="sum").backward()
    return params.grad.double(), xg.grad.flatten().double()


def error(g, reference):
    rp, ri = floats(reference["parameters"], torch.float64), floats(reference["input"], torch.float64)
    p = (g[0] - rp).abs().max() / max(1.0, rp.abs().max().item())
    i = (g[1] - ri).abs().max() / max(1e-30, ri.abs().max().item())
    return max(p.item(), i.item())


for path in sys.argv[1:]:
    case = json.load(open(path))
    ref = case["reference"]
    cells = [f"pytorch32={error(gradients(case, torch.float32), ref):.3g}",
             f"pytorch64={error(gradients(case, torch.float64), ref):.3g}"]
    for engine, g in case["engines"].items():
        cells.append(f"{engine}={error((floats(g['parameters'], torch.float64), floats(g['input'], torch.float64)), ref):.3g}")
    print(f"PYGRAD label={case['label'].replace(' ', '')} " + " ".join(cells), flush=True)
