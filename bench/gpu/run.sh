#!/usr/bin/env bash
# The one prepared GPU-machine run for issue 9: steady-state MLM training tokens/s of
# RobertaForMaskedLM (tiny and DistilRoBERTa, batch 8 and 32, sequence 128) on the webgpu backend
# (tfjs on Dawn, Vulkan) and on PyTorch (transformers, fp32, eager) on the same GPU, in one call.
#
# Here, first:  bash bench/gpu/prepare.sh            (builds bench/gpu/carry, ~35 MB)
# On the GPU machine (device tool, one call, carry ["bench/gpu/carry"], timeout_s 540):
#               bash bench/gpu/run.sh
# Back here:    node bench/gpu/record.mjs <the folder the files came back to>   (fills bench/RESULTS.md)
# Smoke test here, on the software adapter with tiny sizes:  bash bench/gpu/run.sh --smoke
#
# Writes to $OUT (else bench/.work/gpu): webgpu.jsonl, pytorch.jsonl, machine.txt, run.log, summary.md
# (and webgpu-vulkan.jsonl when Vulkan failed and the OpenGL ES fallback ran). Ends within 8 minutes.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
carry=$root/bench/gpu/carry
# mode gpu: a GPU machine (hardware adapter required, NVIDIA's drivers looked for, OpenGL ES fallback);
# mode smoke: here, on the software adapter. The plan (configs.json "runs") is the sizes.
mode=gpu run=full
case "${1:-}" in
  --smoke) mode=smoke run=smoke ;;
  --plan) run=${2:?--plan needs a name from configs.json runs} ;; # the GPU mode's plumbing at other sizes
esac
out=${OUT:-$root/bench/.work/gpu}
mkdir -p "$out"
rm -f "$out"/webgpu.jsonl "$out"/pytorch.jsonl
exec > >(tee "$out/run.log") 2>&1
[ -f "$carry/node.xz" ] || { echo "run: $carry is missing; run bench/gpu/prepare.sh first (and carry bench/gpu/carry)"; exit 1; }

# The Python with PyTorch: the GPU image's python3; here Debian's, which has torch.
py=python3
[ "$mode" = smoke ] && [ -x /usr/bin/python3 ] && py=/usr/bin/python3

# Unpack Node, the bench and dawn.node into a scratch folder (xz through Python's lzma: the GPU
# image may lack xz), leaving the carried folder as it came.
bin=$(mktemp -d)
cp -r "$carry/node_modules" "$carry/webgpu-train.mjs" "$carry/record.mjs" "$bin/"
"$py" - "$carry" "$bin" <<'EOF'
import lzma, os, shutil, sys
carry, bin_dir = sys.argv[1:]
shutil.copyfileobj(lzma.open(f"{carry}/node.xz"), open(f"{bin_dir}/node", "wb"))
os.chmod(f"{bin_dir}/node", 0o755)
shutil.copyfileobj(lzma.open(f"{carry}/dawn.node.xz"), open(f"{bin_dir}/node_modules/webgpu/dist/linux-x64/dawn.node", "wb"))
EOF
node=$bin/node

# The Vulkan loader we carry, and the NVIDIA driver's ICD wherever this image keeps it.
# Only Node sees these libraries (PyTorch keeps the image's own).
node_libs=$carry/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if [ "$mode" = gpu ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; break; fi
  done
  # The ICD names the driver library (libGLX_nvidia.so.0) without a path; a mounted driver folder may be outside ld's cache.
  for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
    [ -d "$d" ] && node_libs=$node_libs:$d
  done
  echo "vulkan icds seen: $(ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>/dev/null | tr '\n' ' ')"
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "run: $run"
  echo "mode: $mode"
  echo "gpu: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo none)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "node: $("$node" --version)"
  echo "python: $("$py" -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__)' 2>&1 | tail -1)"
  echo "vulkan icd: ${VK_DRIVER_FILES:-default search}"
  # dawn.node needs glibc 2.34 and libstdc++ with GLIBCXX_3.4.30 (GCC 12); say so if this image lacks them.
  missing=$(LD_LIBRARY_PATH=$node_libs ldd "$bin/node_modules/webgpu/dist/linux-x64/dawn.node" 2>&1 | grep 'not found' | tr -s ' \t\n' ' ')
  echo "dawn.node libraries missing: ${missing:-none}"
} | tee "$out/machine.txt"

# Each side has its own time box, so one that hangs still leaves the other's numbers.
echo "--- pytorch"
timeout 130 "$py" bench/gpu/torch_train.py --configs bench/gpu/configs.json --run "$run" --out "$out/pytorch.jsonl"
echo "--- webgpu"
software=()
[ "$mode" = smoke ] && software=(--allow-software)
LD_LIBRARY_PATH=$node_libs XDG_RUNTIME_DIR=$bin timeout 250 "$node" "$bin/webgpu-train.mjs" --configs bench/gpu/configs.json --run "$run" "${software[@]}" --out "$out/webgpu.jsonl" \
  2> >(grep -v "^Warning: \(maxDynamic\|Couldn't load\)\|^    at operator\|^$" >&2)
# No hardware adapter through Vulkan (driver ICD missing or refused): try Dawn's OpenGL ES
# backend on the NVIDIA EGL driver with whatever time is left of the run's 8 minutes.
left=$((470 - SECONDS))
if [ "$mode" = gpu ] && ! grep -q '"tokensPerSec"' "$out/webgpu.jsonl" 2>/dev/null && [ "$left" -gt 60 ]; then
  echo "--- webgpu through OpenGL ES (Vulkan gave no GPU adapter), ${left}s left"
  for e in /usr/share/glvnd/egl_vendor.d/10_nvidia.json /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json; do
    [ -f "$e" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$e
  done
  [ -f "$out/webgpu.jsonl" ] && mv "$out/webgpu.jsonl" "$out/webgpu-vulkan.jsonl"
  LD_LIBRARY_PATH=$node_libs MLM_NOTEBOOK_WEBGPU_API=opengles EGL_PLATFORM=surfaceless XDG_RUNTIME_DIR=$bin timeout "$left" "$node" "$bin/webgpu-train.mjs" \
    --configs bench/gpu/configs.json --run "$run" --out "$out/webgpu.jsonl"
fi
echo "--- summary"
"$node" "$bin/record.mjs" "$out" --print | tee "$out/summary.md"
rm -rf "$bin"
