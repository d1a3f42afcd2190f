#!/usr/bin/env bash
# Builds HashiCorp's packer-sdc (github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc, a tagged
# version) from the Go module proxy, for the tests that use it as a judge (`plugin-check`,
# `renderdocs`) and for bench/ship.mjs (`mapstructure-to-hcl2`).
#
# vX.Y.Z/go.mod requires github.com/hashicorp/packer-plugin-sdk at that tag and names
# cmd/packer-sdc as a `tool`; go.sum pins every module.
#
# Usage: test/packer-sdc/build.sh             (prints the binary's path on stdout, last line)
# Output: ${PACKER_SDC_CACHE:-$HOME/.cache/generator-packer-builder/packer-sdc}/<X.Y.Z>/packer-sdc
# Idempotent: a cached binary is reused. Needs: go (>= the module's go line) and the module proxy.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="0.6.10"
cache="${PACKER_SDC_CACHE:-${HOME:-/tmp}/.cache/generator-packer-builder/packer-sdc}"
out="$cache/$version/packer-sdc"
mkdir -p "$cache/$version"

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "packer-sdc: 'go' is not on PATH; install Go >= 1.25 to build packer-sdc from the module proxy" >&2
  exit 1
fi

exec 9>"$cache/.build.lock"
flock 9
if [ ! -x "$out" ]; then
  echo "packer-sdc: building v$version from the Go module proxy -> $out" >&2
  tmp="$out.tmp.$$"
  (cd "$here/v$version" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp" github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc) >&2
  mv -f "$tmp" "$out"
fi
echo "$out"
