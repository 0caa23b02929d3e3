#!/usr/bin/python3
"""Independent PyTorch reference for Keras HDF5 CNNs (the expected outputs lowbit's Java importer is tested against).

Reads the `model_config` JSON attribute and the `model_weights` group of a Keras 2 HDF5 file with h5py, builds the
network layer by layer from the Keras configs (TensorFlow semantics: asymmetric `same` padding, channels_last
kernels, inference BatchNormalization with the config's epsilon and the moving statistics), and evaluates a
class-folder image dataset: sorted class folder names give the label indices; every image is decoded with PIL as
RGB uint8, scaled (`unit` = x/255, `symmetric` = x/127.5 - 1) and fed as NCHW. Internally a rank-4 tensor is NCHW
(Keras NHWC); tensors of other ranks keep Keras' axis order.

Supported layers: InputLayer, ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation
(linear, relu, sigmoid, tanh, softmax), AveragePooling2D, GlobalAveragePooling2D, Reshape, Dropout, Flatten, Dense,
Softmax; single-input layers in a Functional or Sequential model, channels_last only. Anything else stops the build
with a message naming the first layer that is not supported.

"Logits" are the model output with a final softmax removed: the pre-activation output of an output layer whose
fused activation is softmax (e.g. Dense(activation=softmax)), or the input of a final Activation(softmax)/Softmax.

Usage (see README.md beside this file):
  reference.py MODEL.h5 DATA_DIR --scale unit|symmetric [--dtype float64|float32] [--logits-csv F] [--topk-csv F]
               [--topk 5] [--any-input-size] [--compare-float32] [--threads 1]
  reference.py --self-test
"""
import argparse
import json
import math
import os
import sys
import time
from collections import Counter

import h5py
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.bmp')


class Unsupported(Exception):
    """A layer type or option this reference does not implement; the message names the layer."""


def _text(value):
    return value.decode('utf-8') if isinstance(value, bytes) else value


# ---------------------------------------------------------------------------------------------------------------
# TensorFlow padding and layout helpers
# ---------------------------------------------------------------------------------------------------------------

def tf_same_pads(size, kernel, stride, dilation=1):
    """TensorFlow `same` padding along one axis: (before, after); the odd extra element goes after (bottom/right)."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def to_keras(x):
    """Internal layout -> Keras layout (rank-4 NCHW -> NHWC; other ranks unchanged)."""
    return x.permute(0, 2, 3, 1) if x.dim() == 4 else x


def from_keras(x):
    """Keras layout -> internal layout (rank-4 NHWC -> NCHW; other ranks unchanged)."""
    return x.permute(0, 3, 1, 2).contiguous() if x.dim() == 4 else x


def keras_axis_to_internal(axis, rank):
    """A Keras axis (may be negative, counts the batch axis) as the internal axis."""
    axis = axis + rank if axis < 0 else axis
    if not 0 < axis < rank:
        raise ValueError(f'axis {axis} out of range for rank {rank}')
    return (0, 2, 3, 1)[axis] if rank == 4 else axis


def keras_activation(name, layer):
    if name == 'linear':
        return None
    if name == 'relu':
        return F.relu
    if name == 'sigmoid':
        return torch.sigmoid
    if name == 'tanh':
        return torch.tanh
    if name == 'softmax':
        return lambda x: torch.softmax(x, dim=keras_axis_to_internal(-1, x.dim()))
    raise Unsupported(f'{layer}: activation {name!r} is not supported')


# ---------------------------------------------------------------------------------------------------------------
# Layers: forward(x) -> (output, pre_activation); pre_activation is the value before the fused / final activation
# ---------------------------------------------------------------------------------------------------------------

class Layer:
    softmax_output = False  # True when the layer's output is a softmax of `pre_activation`

    def __init__(self, class_name, config):
        self.class_name = class_name
        self.name = config['name']
        self.config = config

    def __str__(self):
        return f"{self.class_name} '{self.name}'"

    def require(self, key, allowed):
        value = self.config.get(key)
        if value not in allowed:
            raise Unsupported(f'{self}: {key}={value!r} is not supported (supported: {allowed})')
        return value

    def forward(self, x):
        raise NotImplementedError


class InputLayer(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        shape = config.get('batch_input_shape') or config.get('batch_shape')
        if shape is None or len(shape) != 4:
            raise Unsupported(f'{self}: only rank-4 image inputs (batch, h, w, c) are supported, got {shape}')
        self.shape = list(shape[1:])  # (h, w, c), h and w may be None

    def forward(self, x):
        return x, x


class ZeroPadding2D(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.require('data_format', ['channels_last'])
        p = config['padding']
        if isinstance(p, int):
            p = [[p, p], [p, p]]
        elif isinstance(p[0], int):
            p = [[p[0], p[0]], [p[1], p[1]]]
        (self.top, self.bottom), (self.left, self.right) = p

    def forward(self, x):
        y = F.pad(x, (self.left, self.right, self.top, self.bottom))
        return y, y


class _Conv(Layer):
    """Shared parts of Conv2D and DepthwiseConv2D: padding, strides, dilation, bias, fused activation."""

    def __init__(self, class_name, config):
        super().__init__(class_name, config)
        self.require('data_format', ['channels_last', None])
        self.padding = self.require('padding', ['same', 'valid'])
        self.kernel_size = tuple(config['kernel_size'])
        self.strides = tuple(config['strides'])
        self.dilation = tuple(config.get('dilation_rate', (1, 1)))
        self.use_bias = bool(config['use_bias'])
        self.activation = keras_activation(config.get('activation', 'linear'), self)
        self.softmax_output = config.get('activation') == 'softmax'

    def pad(self, x):
        if self.padding == 'valid':
            return x
        top, bottom = tf_same_pads(x.shape[2], self.kernel_size[0], self.strides[0], self.dilation[0])
        left, right = tf_same_pads(x.shape[3], self.kernel_size[1], self.strides[1], self.dilation[1])
        return F.pad(x, (left, right, top, bottom))

    def finish(self, y):
        return (y if self.activation is None else self.activation(y)), y


def _weights(layer, weights, required, optional=()):
    missing = [n for n in required if n not in weights]
    if missing:
        raise Unsupported(f'{layer}: weights {missing} missing from model_weights (has {sorted(weights)})')
    extra = sorted(set(weights) - set(required) - set(optional))
    if extra:
        raise Unsupported(f'{layer}: unexpected weights {extra}')
    return weights


class Conv2D(_Conv):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.groups = int(config.get('groups', 1))
        w = _weights(self, weights, ['kernel'] + (['bias'] if self.use_bias else []))
        kernel = w['kernel']  # (kh, kw, in / groups, out)
        if kernel.shape[:2] != self.kernel_size or kernel.shape[3] != config['filters']:
            raise Unsupported(f'{self}: kernel shape {kernel.shape} does not match the config')
        self.weight = torch.from_numpy(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1)))  # (out, in/g, kh, kw)
        self.bias = torch.from_numpy(w['bias']) if self.use_bias else None

    def forward(self, x):
        y = F.conv2d(self.pad(x), self.weight.to(x.dtype), None if self.bias is None else self.bias.to(x.dtype),
                     stride=self.strides, dilation=self.dilation, groups=self.groups)
        return self.finish(y)


class DepthwiseConv2D(_Conv):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.multiplier = int(config.get('depth_multiplier', 1))
        w = _weights(self, weights, ['depthwise_kernel'] + (['bias'] if self.use_bias else []))
        kernel = w['depthwise_kernel']  # (kh, kw, in, multiplier); output channel c * multiplier + m
        if kernel.shape[:2] != self.kernel_size or kernel.shape[3] != self.multiplier:
            raise Unsupported(f'{self}: depthwise_kernel shape {kernel.shape} does not match the config')
        kh, kw, channels, mult = kernel.shape
        self.channels = channels
        self.weight = torch.from_numpy(
            np.ascontiguousarray(kernel.transpose(2, 3, 0, 1).reshape(channels * mult, 1, kh, kw)))
        self.bias = torch.from_numpy(w['bias']) if self.use_bias else None

    def forward(self, x):
        if x.shape[1] != self.channels:
            raise Unsupported(f'{self}: input has {x.shape[1]} channels, kernel expects {self.channels}')
        y = F.conv2d(self.pad(x), self.weight.to(x.dtype), None if self.bias is None else self.bias.to(x.dtype),
                     stride=self.strides, dilation=self.dilation, groups=self.channels)
        return self.finish(y)


class BatchNormalization(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        axis = config.get('axis', -1)
        self.axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
        if not isinstance(self.axis, int):
            raise Unsupported(f'{self}: axis={axis!r} is not supported (one channel axis only)')
        for key in ('renorm', 'virtual_batch_size', 'adjustment'):
            if config.get(key) not in (None, False):
                raise Unsupported(f'{self}: {key}={config[key]!r} is not supported')
        self.epsilon = float(config['epsilon'])
        self.center = bool(config.get('center', True))
        self.scale = bool(config.get('scale', True))
        required = ['moving_mean', 'moving_variance'] + (['gamma'] if self.scale else []) + \
                   (['beta'] if self.center else [])
        w = _weights(self, weights, required)
        mean, var = w['moving_mean'], w['moving_variance']
        self.mean = torch.from_numpy(mean)
        self.var = torch.from_numpy(var)
        self.gamma = torch.from_numpy(w['gamma']) if self.scale else None
        self.beta = torch.from_numpy(w['beta']) if self.center else None

    def forward(self, x):
        try:
            axis = keras_axis_to_internal(self.axis, x.dim())
        except ValueError as e:
            raise Unsupported(f'{self}: {e}')
        if axis != 1:
            raise Unsupported(f'{self}: axis {self.axis} is not the channel axis of a rank-{x.dim()} input')
        shape = [1, -1] + [1] * (x.dim() - 2)
        # Inference: gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta, in x's dtype.
        y = (x - self.mean.to(x.dtype).view(shape)) / torch.sqrt(self.var.to(x.dtype).view(shape) + self.epsilon)
        if self.gamma is not None:
            y = y * self.gamma.to(x.dtype).view(shape)
        if self.beta is not None:
            y = y + self.beta.to(x.dtype).view(shape)
        return y, y


class ReLU(Layer):
    """Keras ReLU: min(x, max_value) for x > threshold, negative_slope * (x - threshold) otherwise (backend.relu)."""

    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.max_value = None if config.get('max_value') is None else float(config['max_value'])
        self.negative_slope = float(config.get('negative_slope', 0.0))
        self.threshold = float(config.get('threshold', 0.0))

    def forward(self, x):
        if self.threshold != 0:
            y = x * (x > self.threshold).to(x.dtype)
        else:
            y = F.relu(x)
        if self.max_value is not None:
            y = torch.clamp(y, 0.0, self.max_value)
        if self.negative_slope != 0:
            y = y - self.negative_slope * F.relu(self.threshold - x)
        return y, y


class Activation(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.function = keras_activation(config['activation'], self)
        self.softmax_output = config['activation'] == 'softmax'

    def forward(self, x):
        return (x if self.function is None else self.function(x)), x


class Softmax(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        axis = config.get('axis', -1)
        self.axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
        if not isinstance(self.axis, int):
            raise Unsupported(f'{self}: axis={axis!r} is not supported')
        self.softmax_output = True

    def forward(self, x):
        return torch.softmax(x, dim=keras_axis_to_internal(self.axis, x.dim())), x


class AveragePooling2D(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.require('data_format', ['channels_last'])
        self.padding = self.require('padding', ['same', 'valid'])
        self.pool = tuple(config['pool_size'])
        self.strides = tuple(config.get('strides') or config['pool_size'])

    def forward(self, x):
        if self.padding == 'valid':
            y = F.avg_pool2d(x, self.pool, self.strides)
        else:  # TF `same`: asymmetric padding, padded cells are not counted in the average
            top, bottom = tf_same_pads(x.shape[2], self.pool[0], self.strides[0])
            left, right = tf_same_pads(x.shape[3], self.pool[1], self.strides[1])
            pads = (left, right, top, bottom)
            sums = F.avg_pool2d(F.pad(x, pads), self.pool, self.strides, divisor_override=1)
            ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype)
            counts = F.avg_pool2d(F.pad(ones, pads), self.pool, self.strides, divisor_override=1)
            y = sums / counts
        return y, y


class GlobalAveragePooling2D(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.require('data_format', ['channels_last'])
        self.keepdims = bool(config.get('keepdims', False))

    def forward(self, x):
        y = x.mean(dim=(2, 3), keepdim=self.keepdims)
        return y, y


class Reshape(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.target = list(config['target_shape'])

    def forward(self, x):
        y = from_keras(to_keras(x).reshape([x.shape[0]] + self.target))
        return y, y


class Flatten(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.require('data_format', ['channels_last', None])

    def forward(self, x):
        y = to_keras(x).reshape(x.shape[0], -1)  # flattens in NHWC order, as Keras does
        return y, y


class Dropout(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.rate = float(config['rate'])

    def forward(self, x):  # inference: identity
        return x, x


class Dense(Layer):
    def __init__(self, class_name, config, weights):
        super().__init__(class_name, config)
        self.use_bias = bool(config['use_bias'])
        self.activation = keras_activation(config.get('activation', 'linear'), self)
        self.softmax_output = config.get('activation') == 'softmax'
        w = _weights(self, weights, ['kernel'] + (['bias'] if self.use_bias else []))
        if w['kernel'].shape[1] != config['units']:
            raise Unsupported(f'{self}: kernel shape {w["kernel"].shape} does not match units {config["units"]}')
        self.kernel = torch.from_numpy(w['kernel'])  # (in, units)
        self.bias = torch.from_numpy(w['bias']) if self.use_bias else None

    def forward(self, x):
        y = to_keras(x) @ self.kernel.to(x.dtype)  # on the last Keras axis
        if self.bias is not None:
            y = y + self.bias.to(x.dtype)
        y = from_keras(y)
        return (y if self.activation is None else self.activation(y)), y


LAYER_TYPES = {cls.__name__: cls for cls in (
    InputLayer, ZeroPadding2D, Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, Softmax,
    AveragePooling2D, GlobalAveragePooling2D, Reshape, Flatten, Dropout, Dense)}


# ---------------------------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------------------------

def read_h5(path):
    """(model_config dict, {layer name: {weight short name: float64 array}}, {layer name: [full weight names]})."""
    with h5py.File(path, 'r') as f:
        if 'model_config' not in f.attrs:
            raise Unsupported(f'{path}: no model_config attribute (a weights-only file?)')
        config = json.loads(_text(f.attrs['model_config']))
        group = f['model_weights'] if 'model_weights' in f else f
        weights, names = {}, {}
        for layer_name in (_text(n) for n in group.attrs['layer_names']):
            layer_group = group[layer_name]
            full = [_text(n) for n in layer_group.attrs['weight_names']]
            names[layer_name] = full
            short = {}
            for name in full:
                key = name.split('/')[-1].split(':')[0]
                if key in short:
                    raise Unsupported(f'layer {layer_name!r}: two weights named {key!r}')
                short[key] = np.asarray(layer_group[name], dtype=np.float64)
            weights[layer_name] = short
    return config, weights, names


def _inbound(layer):
    nodes = layer.get('inbound_nodes', [])
    if not nodes:
        return []
    if len(nodes) != 1:
        raise Unsupported(f"{layer['class_name']} '{layer['config']['name']}': shared layers "
                          f"({len(nodes)} inbound nodes) are not supported")
    node = nodes[0]
    if isinstance(node, dict):
        raise Unsupported(f"{layer['class_name']} '{layer['config']['name']}': Keras 3 node format not supported")
    return [entry[0] for entry in node]


class KerasModel:
    def __init__(self, path):
        self.path = path
        config, weights, self.weight_names = read_h5(path)
        kind = config['class_name']
        body = config['config']
        if kind == 'Sequential':
            specs = body['layers'] if isinstance(body, dict) else body
            layers_cfg = []
            previous = None
            for spec in specs:
                spec = dict(spec)
                spec['inbound_nodes'] = [] if previous is None else [[[previous, 0, 0, {}]]]
                layers_cfg.append(spec)
                previous = spec['config']['name']
            if layers_cfg and layers_cfg[0]['class_name'] != 'InputLayer':
                first = layers_cfg[0]['config']
                shape = first.get('batch_input_shape')
                layers_cfg.insert(0, {'class_name': 'InputLayer',
                                      'config': {'name': '__input__', 'batch_input_shape': shape}})
                layers_cfg[1]['inbound_nodes'] = [[['__input__', 0, 0, {}]]]
            inputs, outputs = [layers_cfg[0]['config']['name']], [layers_cfg[-1]['config']['name']]
        elif kind in ('Functional', 'Model'):
            layers_cfg = body['layers']
            inputs = [i[0] for i in body['input_layers']]
            outputs = [o[0] for o in body['output_layers']]
        else:
            raise Unsupported(f'model class {kind!r} is not supported (Functional or Sequential only)')
        if len(inputs) != 1 or len(outputs) != 1:
            raise Unsupported(f'only single-input single-output models are supported: inputs {inputs}, '
                              f'outputs {outputs}')
        self.layers = []  # (layer, inbound name) in config order
        seen = set()
        for spec in layers_cfg:
            class_name, cfg = spec['class_name'], spec['config']
            label = f"{class_name} '{cfg['name']}'"
            if class_name not in LAYER_TYPES:
                raise Unsupported(f'{label}: layer type {class_name} is not supported '
                                  f'(supported: {", ".join(sorted(LAYER_TYPES))})')
            inbound = _inbound(spec)
            if class_name == 'InputLayer':
                if inbound:
                    raise Unsupported(f'{label}: an InputLayer with inbound nodes')
            elif len(inbound) != 1:
                raise Unsupported(f'{label}: {len(inbound)} inputs; only single-input layers are supported')
            elif inbound[0] not in seen:
                raise Unsupported(f'{label}: input {inbound[0]!r} is not an earlier layer')
            layer = LAYER_TYPES[class_name](class_name, cfg, weights.get(cfg['name'], {}))
            if class_name not in ('Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'Dense') and \
                    weights.get(cfg['name']):
                raise Unsupported(f'{label}: has weights {sorted(weights[cfg["name"]])}, not expected')
            self.layers.append((layer, inbound[0] if inbound else None))
            seen.add(cfg['name'])
        self.input_name, self.output_name = inputs[0], outputs[0]
        if self.input_name not in seen or self.output_name not in seen:
            raise Unsupported(f'input {self.input_name!r} or output {self.output_name!r} not among the layers')
        self.input_layer = next(l for l, _ in self.layers if l.name == self.input_name)
        self.output_layer = next(l for l, _ in self.layers if l.name == self.output_name)

    def logits_source(self):
        out = self.output_layer
        if out.softmax_output and out.class_name in ('Activation', 'Softmax'):
            return f'the input of the final {out} (softmax removed)'
        if out.softmax_output:
            return f'the pre-activation output of {out} (its softmax activation removed)'
        return f'the output of {out} (no final softmax)'

    def forward(self, x):
        """Input: NCHW batch. Returns (model output, logits = output with a final softmax removed)."""
        values = {}
        for layer, inbound in self.layers:
            source = x if inbound is None else values[inbound]
            try:
                out, pre = layer.forward(source)
            except Unsupported:
                raise
            except Exception as e:  # shape errors etc.: name the layer
                raise Unsupported(f'{layer}: {type(e).__name__}: {e}') from e
            values[layer.name] = out
            if layer.name == self.output_name:
                return out, (pre if layer.softmax_output else out)
        raise AssertionError('output layer not reached')


# ---------------------------------------------------------------------------------------------------------------
# Data and evaluation
# ---------------------------------------------------------------------------------------------------------------

def load_dataset(root):
    """Sorted class folders -> labels 0..n-1; returns (relative paths, labels, uint8 NHWC array, class names)."""
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not classes:
        raise SystemExit(f'{root}: no class folders')
    paths, labels, images = [], [], []
    for label, name in enumerate(classes):
        for file in sorted(os.listdir(os.path.join(root, name))):
            if not file.lower().endswith(IMAGE_EXTENSIONS):
                continue
            with Image.open(os.path.join(root, name, file)) as image:
                images.append(np.asarray(image.convert('RGB'), dtype=np.uint8))
            paths.append(f'{name}/{file}')
            labels.append(label)
    sizes = Counter(i.shape for i in images)
    if len(sizes) != 1:
        raise SystemExit(f'{root}: images of different sizes {dict(sizes)}')
    return paths, np.array(labels), np.stack(images), classes


def scale_pixels(batch_uint8, scale, dtype):
    """uint8 NHWC -> NCHW in dtype; the scaling is computed in float64, then rounded to dtype."""
    x = torch.from_numpy(batch_uint8).to(torch.float64).permute(0, 3, 1, 2)
    if scale == 'unit':
        x = x / 255.0
    elif scale == 'symmetric':
        x = x / 127.5 - 1.0
    else:
        raise ValueError(scale)
    return x.to(dtype).contiguous()


def run(model, images, scale, dtype, batch):
    logits = []
    with torch.no_grad():
        for start in range(0, len(images), batch):
            _, z = model.forward(scale_pixels(images[start:start + batch], scale, dtype))
            if z.dim() != 2:
                raise Unsupported(f'the logits have shape {tuple(z.shape)}; expected (batch, classes)')
            logits.append(z.to(torch.float64))
    return torch.cat(logits).numpy()


def write_logits_csv(path, paths, labels, logits, fmt):
    with open(path, 'w') as f:
        f.write('image,label,' + ','.join(f'logit_{k}' for k in range(logits.shape[1])) + '\n')
        for p, label, row in zip(paths, labels, logits):
            f.write(f'{p},{label},' + ','.join(fmt % v for v in row) + '\n')


def topk_of(logits, k):
    order = np.argsort(-logits, axis=1, kind='stable')[:, :k]
    return order, np.take_along_axis(logits, order, axis=1)


def write_topk_csv(path, paths, logits, k, fmt):
    order, values = topk_of(logits, k)
    with open(path, 'w') as f:
        f.write('image,' + ','.join(f'top{i + 1},logit{i + 1}' for i in range(k)) + '\n')
        for p, idx, val in zip(paths, order, values):
            f.write(p + ',' + ','.join(f'{c},{fmt % v}' for c, v in zip(idx, val)) + '\n')


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return 'unknown'


def summarize(name, model, paths, labels, classes, logits):
    """Prints accuracy when the output count equals the number of class folders, and the top-1 distribution."""
    predicted = logits.argmax(axis=1)
    if logits.shape[1] == len(classes):
        correct = int((predicted == labels).sum())
        print(f'{name}: accuracy {correct}/{len(labels)} = {100.0 * correct / len(labels):.1f} %')
        for t, cls in enumerate(classes):
            row = [int(((labels == t) & (predicted == p)).sum()) for p in range(len(classes))]
            print(f'  true {t} ({cls}): predicted counts {row}')
    else:
        print(f'{name}: {logits.shape[1]} outputs, {len(classes)} class folders: no accuracy; top-1 classes:')
        for cls, count in Counter(predicted.tolist()).most_common(10):
            print(f'  class {cls}: {count} images')
    return predicted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('model', nargs='?', help='Keras HDF5 file (model_config + model_weights)')
    parser.add_argument('data', nargs='?', help='class-folder dataset root (sorted folder names = labels)')
    parser.add_argument('--scale', choices=['unit', 'symmetric'], help='unit: x/255; symmetric: x/127.5 - 1')
    parser.add_argument('--dtype', choices=['float64', 'float32'], default='float64')
    parser.add_argument('--logits-csv', help='write image,label,logit_0..logit_{n-1}')
    parser.add_argument('--topk-csv', help='write image,top1,logit1,...,topK,logitK')
    parser.add_argument('--topk', type=int, default=5)
    parser.add_argument('--format', default='%.9g', help='number format of the CSV files (default %%.9g)')
    parser.add_argument('--any-input-size', action='store_true',
                        help='allow images whose size differs from the declared input (fully convolutional)')
    parser.add_argument('--compare-float32', action='store_true',
                        help='also run in float32 and report prediction agreement and the largest logit difference')
    parser.add_argument('--batch', type=int, default=50)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--self-test', action='store_true', help='check padding/layout handling on random data')
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.self_test:
        return self_test()
    if not (args.model and args.data and args.scale):
        parser.error('MODEL, DATA and --scale are required (or --self-test)')

    print(f'CPU: {cpu_model()}, torch {torch.__version__}, {args.threads} thread(s)')
    t0 = time.perf_counter()
    try:
        model = KerasModel(args.model)
    except Unsupported as e:
        raise SystemExit(f'{args.model}: not supported: {e}')
    paths, labels, images, classes = load_dataset(args.data)
    t1 = time.perf_counter()
    print(f'model {os.path.basename(args.model)}: {len(model.layers)} layers, input {model.input_layer.shape}; '
          f'logits = {model.logits_source()}')
    print(f'data {args.data}: {len(paths)} images {images.shape[1:]} (HWC), classes {classes}; '
          f'scale {args.scale}; load {t1 - t0:.1f} s')
    h, w, c = model.input_layer.shape
    if images.shape[3] != c:
        raise SystemExit(f'images have {images.shape[3]} channels, the model expects {c}')
    if (h, w) != images.shape[1:3] and not args.any_input_size and (h is not None or w is not None):
        raise SystemExit(f'images are {images.shape[1:3]}, the model declares {(h, w)}: use --any-input-size '
                         f'for a fully convolutional model')

    dtype = getattr(torch, args.dtype)
    try:
        start = time.perf_counter()
        logits = run(model, images, args.scale, dtype, args.batch)
        elapsed = time.perf_counter() - start
    except Unsupported as e:
        raise SystemExit(f'{args.model}: not supported: {e}')
    print(f'{args.dtype}: {len(paths)} images in {elapsed:.1f} s ({1000 * elapsed / len(paths):.2f} ms/image)')
    predicted = summarize(args.dtype, model, paths, labels, classes, logits)

    if args.compare_float32:
        start = time.perf_counter()
        logits32 = run(model, images, args.scale, torch.float32, args.batch)
        elapsed = time.perf_counter() - start
        print(f'float32: {len(paths)} images in {elapsed:.1f} s ({1000 * elapsed / len(paths):.2f} ms/image)')
        predicted32 = summarize('float32', model, paths, labels, classes, logits32)
        diff = np.abs(logits32 - logits)
        worst = np.unravel_index(diff.argmax(), diff.shape)
        print(f'float32 vs {args.dtype}: same predicted class on {int((predicted32 == predicted).sum())}/'
              f'{len(paths)} images; largest |logit difference| {diff.max():.3g} ({paths[worst[0]]}, '
              f'logit {worst[1]}, value {logits[worst]:.6g}); mean {diff.mean():.3g}')
        if logits.shape[1] > args.topk:
            same = sum(list(a) == list(b) for a, b in zip(topk_of(logits, args.topk)[0],
                                                          topk_of(logits32, args.topk)[0]))
            print(f'float32 vs {args.dtype}: same ordered top-{args.topk} on {same}/{len(paths)} images')
        margin = np.sort(logits, axis=1)
        margin = margin[:, -1] - margin[:, -2]
        print(f'{args.dtype}: smallest top-1 margin {margin.min():.3g} ({paths[int(margin.argmin())]})')

    if args.logits_csv:
        write_logits_csv(args.logits_csv, paths, labels, logits, args.format)
        print(f'wrote {args.logits_csv} ({os.path.getsize(args.logits_csv)} bytes)')
    if args.topk_csv:
        write_topk_csv(args.topk_csv, paths, logits, args.topk, args.format)
        print(f'wrote {args.topk_csv} ({os.path.getsize(args.topk_csv)} bytes)')
    print(f'total {time.perf_counter() - t0:.1f} s')
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Self-test: the torch layout/padding path against literal NHWC loops with TensorFlow's padding rule
# ---------------------------------------------------------------------------------------------------------------

def _np_conv_nhwc(x, kernel, stride, padding, dilation, depthwise):
    """Direct loops: x (h, w, cin); kernel (kh, kw, cin, cout) or depthwise (kh, kw, cin, mult)."""
    h, w, cin = x.shape
    kh, kw = kernel.shape[:2]
    if padding == 'same':
        oh, ow = -(-h // stride), -(-w // stride)
        ph = max((oh - 1) * stride + (kh - 1) * dilation + 1 - h, 0)
        pw = max((ow - 1) * stride + (kw - 1) * dilation + 1 - w, 0)
        top, left = ph // 2, pw // 2  # TF: the smaller half before
    else:
        oh = (h - (kh - 1) * dilation - 1) // stride + 1
        ow = (w - (kw - 1) * dilation - 1) // stride + 1
        top = left = 0
    cout = cin * kernel.shape[3] if depthwise else kernel.shape[3]
    out = np.zeros((oh, ow, cout))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    r, s = i * stride + a * dilation - top, j * stride + b * dilation - left
                    if 0 <= r < h and 0 <= s < w:
                        if depthwise:
                            mult = kernel.shape[3]
                            for ch in range(cin):
                                out[i, j, ch * mult:(ch + 1) * mult] += x[r, s, ch] * kernel[a, b, ch, :]
                        else:
                            out[i, j, :] += x[r, s, :] @ kernel[a, b, :, :]
    return out


def self_test():
    rng = np.random.default_rng(1)
    checks = 0
    # The rule itself on the cases that matter: stride 2 on even input pads only after.
    assert tf_same_pads(96, 3, 2) == (0, 1) and tf_same_pads(95, 3, 2) == (1, 1) and tf_same_pads(6, 3, 1) == (1, 1)
    assert tf_same_pads(4, 1, 2) == (0, 0) and tf_same_pads(5, 3, 2, 1) == (1, 1)
    for depthwise in (False, True):
        for size in ((6, 6), (7, 5), (4, 9)):
            for stride in (1, 2):
                for padding in ('same', 'valid'):
                    for dilation in ((1, 2) if stride == 1 else (1,)):
                        if padding == 'valid' and min(size) < 2 * dilation + 1:
                            continue
                        cin = 3
                        x = rng.standard_normal(size + (cin,))
                        last = 2 if depthwise else 4
                        kernel = rng.standard_normal((3, 3, cin, last))
                        cfg = {'name': 't', 'kernel_size': [3, 3], 'strides': [stride, stride], 'padding': padding,
                               'dilation_rate': [dilation, dilation], 'use_bias': True, 'activation': 'linear',
                               'data_format': 'channels_last', 'filters': last, 'depth_multiplier': last}
                        bias_len = cin * last if depthwise else last
                        bias = rng.standard_normal(bias_len)
                        weights = {'depthwise_kernel' if depthwise else 'kernel': kernel, 'bias': bias}
                        layer = (DepthwiseConv2D if depthwise else Conv2D)(
                            'DepthwiseConv2D' if depthwise else 'Conv2D', cfg, weights)
                        got = to_keras(layer.forward(torch.from_numpy(x[None].transpose(0, 3, 1, 2)))[0])[0].numpy()
                        want = _np_conv_nhwc(x, kernel, stride, padding, dilation, depthwise) + bias
                        assert got.shape == want.shape, (got.shape, want.shape)
                        assert np.allclose(got, want, atol=1e-12), (depthwise, size, stride, padding, dilation)
                        checks += 1
    # ZeroPadding2D((0,1),(0,1)) + valid stride 2 equals same stride 2 on even input (Keras applications' form).
    x = torch.from_numpy(rng.standard_normal((1, 4, 8, 8)))
    kernel = rng.standard_normal((3, 3, 4, 1))
    base = {'name': 't', 'kernel_size': [3, 3], 'strides': [2, 2], 'use_bias': False, 'activation': 'linear',
            'data_format': 'channels_last', 'depth_multiplier': 1}
    same = DepthwiseConv2D('DepthwiseConv2D', dict(base, padding='same'), {'depthwise_kernel': kernel})
    valid = DepthwiseConv2D('DepthwiseConv2D', dict(base, padding='valid'), {'depthwise_kernel': kernel})
    zpad = ZeroPadding2D('ZeroPadding2D', {'name': 'p', 'padding': [[0, 1], [0, 1]], 'data_format': 'channels_last'},
                         {})
    assert torch.equal(same.forward(x)[0], valid.forward(zpad.forward(x)[0])[0])
    checks += 1
    # AveragePooling2D same: TF excludes the padded cells from the count.
    x = torch.from_numpy(rng.standard_normal((1, 2, 5, 5)))
    pool = AveragePooling2D('AveragePooling2D', {'name': 'a', 'pool_size': [2, 2], 'strides': [2, 2],
                                                 'padding': 'same', 'data_format': 'channels_last'}, {})
    y = pool.forward(x)[0]
    assert y.shape == (1, 2, 3, 3) and torch.allclose(y[0, :, 2, 2], x[0, :, 4, 4]) and \
        torch.allclose(y[0, :, 0, 2], x[0, :, 0:2, 4].mean(dim=1))
    checks += 1
    # Flatten / Dense follow NHWC order.
    x = torch.from_numpy(rng.standard_normal((2, 3, 2, 2)))
    flat = Flatten('Flatten', {'name': 'f', 'data_format': 'channels_last'}, {}).forward(x)[0]
    assert torch.equal(flat, x.permute(0, 2, 3, 1).reshape(2, -1))
    checks += 1
    # ReLU with max_value / threshold / negative_slope (Keras backend.relu).
    x = torch.tensor([-2.0, -0.5, 0.5, 1.5, 7.0], dtype=torch.float64)
    relu = ReLU('ReLU', {'name': 'r', 'max_value': 6.0, 'negative_slope': 0.1, 'threshold': 1.0}, {})
    assert torch.allclose(relu.forward(x)[0], torch.tensor([-0.3, -0.15, -0.05, 1.5, 6.0], dtype=torch.float64))
    checks += 1
    print(f'self-test: {checks} checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
