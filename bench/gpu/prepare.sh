#!/usr/bin/env bash
# Builds bench/gpu/carry/ (git-ignored), everything bench/gpu/run.sh needs on a GPU machine that
# has PyTorch but no network and no Node: Node itself (this machine's binary, xz-compressed), the
# webgpu bench bundled with tfjs and the engine, dawn.node, and Debian's Vulkan loader.
# About 35 MB, inside the 64 MiB a device call may carry. Run here, then see run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
carry=bench/gpu/carry
node_bin=$(command -v node)

# Node must run on another distribution: it may need only the C and C++ runtimes every Linux has.
extra=$(ldd "$node_bin" | awk '$1 !~ /^(linux-vdso|libdl|libstdc\+\+|libm|libgcc_s|libpthread|libc|\/lib64\/ld-linux-x86-64)\.so/ {print $1}')
[ -z "$extra" ] || { echo "prepare: $node_bin needs more than glibc and libstdc++: $extra" >&2; exit 1; }

# Compressing Node takes a minute of CPU: keep an archive that is newer than its source.
fresh() { [ -f "$1" ] && [ "$1" -nt "$2" ]; }
find "$carry" -mindepth 1 -maxdepth 1 ! -name '*.xz' -exec rm -rf {} + 2>/dev/null || true
mkdir -p "$carry/lib" "$carry/node_modules/webgpu/dist/linux-x64"

# 1. The bench, with tfjs inside; only the `webgpu` package stays outside (it loads dawn.node by path).
npx esbuild bench/gpu/webgpu-train.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --log-level=warning --outfile="$carry/webgpu-train.mjs" \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
cp bench/gpu/record.mjs "$carry/"

# 2. dawn.node and the few lines of JS around it.
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$carry/node_modules/webgpu/"
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
fresh "$carry/dawn.node.xz" "$dawn" || xz -T1 -6 -c "$dawn" >"$carry/dawn.node.xz"

# 3. Node.
fresh "$carry/node.xz" "$node_bin" || xz -T1 -6 -c "$node_bin" >"$carry/node.xz"

# 4. The Vulkan loader (libvulkan1), and EGL/GLES dispatch (libglvnd) for Dawn's OpenGL ES
#    fallback, unpacked from Debian's packages; the NVIDIA driver there brings the ICD/vendor files.
tmp=$(mktemp -d)
chmod a+rwx "$tmp" # apt fetches as its own user
(cd "$tmp" && apt-get download -qq libvulkan1 libegl1 libglvnd0 libgles2 >/dev/null)
for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/x"; done
# Plain files, not the packages' symlinks: links travel to the device machine only as links.
for so in libvulkan.so.1 libEGL.so.1 libGLdispatch.so.0 libGLESv2.so.2; do
  cp -L "$tmp/x/usr/lib/x86_64-linux-gnu/$so" "$carry/lib/$so"
done
rm -rf "$tmp"

echo "prepare: $(du -sh "$carry" | cut -f1) in $carry (node $("$node_bin" --version))"
