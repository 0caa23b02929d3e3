# The lines that say what a benchmark ran on, for bench/run and bench/lockstep/run (sourced, not run).

cpu_line() { # the CPU: model name, the flags that pick kernels, cores, host
  local flags
  flags="$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -x -E 'avx|avx2|fma|avx512f|avx512_vnni|avx512_bf16|amx_tile' | xargs)"
  echo "CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) [$flags], $(nproc) cores ($(hostname))"
}

reference_machine() { # python -> what the PyTorch reference runs: version, ATen CPU capability, oneDNN, the BLAS it loads and its core
  OPENBLAS_VERBOSE=2 "$1" -c '
import torch
torch.mm(torch.ones(256, 256), torch.ones(256, 256))
show = torch.__config__.show().splitlines()
cap = [l.split(":", 1)[1].strip() for l in show if "CPU capability" in l]
dnn = [l.strip().lstrip("- ") for l in show if "MKL-DNN" in l or "oneDNN" in l]
print("PyTorch", torch.__version__ + ", ATen", (cap or ["?"])[0] + ",", (dnn or ["no oneDNN"])[0], end="")' 2>&1 \
    | tr '\n' ' ' | sed 's/Core: \([A-Za-z0-9]*\)/(its OpenBLAS core \1)/'
  # oneDNN picks its own kernels (the convolutions'), whatever ATen's capability is: ask one convolution which
  local isa; isa="$(DNNL_VERBOSE=1 ONEDNN_VERBOSE=1 "$1" -c 'import torch; torch.nn.functional.conv2d(torch.ones(16, 16, 16, 16), torch.ones(16, 16, 3, 3))' 2>/dev/null \
    | sed -n 's/.*,isa:\(.*\)/\1/p' | head -1)"
  local blas; blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)"
  echo " (convolutions on ${isa:-unknown}), BLAS ${blas:-unknown}"
}

