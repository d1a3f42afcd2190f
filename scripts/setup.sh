#!/usr/bin/env bash
# Installs everything this repository's build, Quick start and tests need, when it is missing:
# Debian's packer (1.6.6), `script` (bsdutils: gives Packer a terminal in the -debug and
# -on-error=ask tests), npm dependencies, the build, and the modern Packer binaries built from the
# Go module proxy (cached between runs; needs Go >= 1.26). bench/upload.mjs also wants
# openssh-server; the tests do not.
# Idempotent; safe to run as root (the machines here) or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"

need_apt=()
command -v packer >/dev/null 2>&1 || need_apt+=(packer)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
command -v /usr/sbin/sshd >/dev/null 2>&1 || need_apt+=(openssh-server)   # SSH communicator tests (issue 11)
command -v ssh-keygen >/dev/null 2>&1 || need_apt+=(openssh-client)
# VM-builder parts (test/vm): CD images (xorriso), floppy images (mkfs.fat, mtools' mcopy/mdir).
command -v xorriso >/dev/null 2>&1 || need_apt+=(xorriso)
command -v mcopy >/dev/null 2>&1 || need_apt+=(mtools)
command -v mkfs.fat >/dev/null 2>&1 || [ -x /usr/sbin/mkfs.fat ] || [ -x /sbin/mkfs.fat ] || need_apt+=(dosfstools)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} from Debian's packages"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
echo "setup: $(packer version | head -1) at $(command -v packer)"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --prefer-offline >/dev/null
fi

echo "setup: building"
npm run --silent build

if [ -x test/modern-packer/build.sh ] && [ "${SKIP_MODERN_PACKER:-}" != "1" ]; then
  echo "setup: modern Packer binaries (cached; the first build takes several minutes)"
  bash test/modern-packer/build.sh
fi

if [ -x test/bootcommand/build.sh ]; then
  echo "setup: Go's boot-command parser for test/bootcommand (cached; the first build takes about 2 minutes)"
  bash test/bootcommand/build.sh >/dev/null
fi
