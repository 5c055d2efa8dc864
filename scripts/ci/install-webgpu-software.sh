#!/usr/bin/env bash
# Installs a software WebGPU adapter (Mesa's lavapipe Vulkan driver) on a Debian machine and checks
# that dawn.node (the `webgpu` npm package) can open it. Idempotent and quiet: prints one line.
#
# Why backports: Dawn refuses bookworm's Mesa 22.3 lavapipe (it lacks the dynamic-indexing
# features Dawn requires); Mesa >= 24 works. The backports mirror is taken from this machine's own
# apt sources, so no host name lives in the repository.
# Run as root, after `npm ci` (the check loads node_modules/webgpu).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes

min_mesa_major=24
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

installed_major() { # the installed version's upstream major number, or 0
  local v
  v=$(dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | awk '$3=="installed"{print $4}')
  [ -n "$v" ] && echo "${v%%.*}" | sed 's/^[0-9]*://' || echo 0
}

candidate_major() { # the major number apt would install by default, or 0
  local v
  v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/{print $2}')
  case "$v" in ""|"(none)") echo 0 ;; *) v=${v#*:}; echo "${v%%.*}" ;; esac
}

# The first mirror that serves "$codename" in this machine's apt sources (deb822 or one-line),
# printed as "URI<TAB>SIGNED-BY".
own_mirror() {
  {
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk -v cn="$codename" '
        function flush() { if (uri != "" && hit && !done) { print uri "\t" key; done = 1 } uri = ""; key = ""; hit = 0 }
        /^[ \t]*$/ { flush(); next }
        /^URIs:/ { uri = $2 }
        /^Signed-By:/ { if ($2 ~ /^\//) key = $2 }
        /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == cn) hit = 1 }
        END { flush() }' "$f"
    done
    { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
      awk -v cn="$codename" '$1 == "deb" { sub(/\[[^]]*\]/, ""); if ($3 == cn) { print $2 "\t"; exit } }'
  } | head -n 1
}

install_driver() {
  local pkgs=(libvulkan1 mesa-vulkan-drivers) target=()
  apt-get update -qq
  if [ "$(candidate_major mesa-vulkan-drivers)" -lt "$min_mesa_major" ]; then
    [ -n "$codename" ] || { echo "install-webgpu-software: cannot tell the Debian release (VERSION_CODENAME)" >&2; exit 1; }
    local line uri key
    line=$(own_mirror)
    [ -n "$line" ] || { echo "install-webgpu-software: no apt source serves '$codename'; add one, then rerun" >&2; exit 1; }
    uri=${line%%$'\t'*}; key=${line#*$'\t'}
    {
      echo "Types: deb"
      echo "URIs: $uri"
      echo "Suites: $codename-backports"
      echo "Components: main"
      if [ -n "$key" ]; then echo "Signed-By: $key"; fi
    } >/etc/apt/sources.list.d/mlm-notebook-backports.sources
    apt-get update -qq
    target=(-t "$codename-backports")
  fi
  apt-get install -y -qq --no-install-recommends "${target[@]}" "${pkgs[@]}" >/dev/null
}

if [ "$(installed_major mesa-vulkan-drivers)" -lt "$min_mesa_major" ] || [ "$(installed_major libvulkan1)" = 0 ]; then
  install_driver
fi

# The check: dawn.node must open lavapipe through Vulkan and run a matmul on it (and Node must exit).
# Dawn's own notes on limits and skipped backends go to stderr; only a failure is worth showing.
log=$(mktemp)
if ! node --import tsx scripts/ci/check-webgpu-adapter.ts --api=native 2>"$log"; then
  cat "$log" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
