#!/usr/bin/env bash
# Builds real Packer releases from the Go module proxy, for the modern-Packer end-to-end tests.
#
# Each version has its own tiny Go module here (vX.Y.Z/go.mod + go.sum) that requires
# github.com/hashicorp/packer at that tag, carries the same `replace` directives as Packer's own
# go.mod at that tag, and names Packer's main package as a `tool`. The binary is built with
# `go build github.com/hashicorp/packer` inside that module.
#
# Usage: test/modern-packer/build.sh [VERSION...]      (default: every vX.Y.Z directory here)
#        VERSION is written like 1.16.0 or v1.16.0.
# Output: ${PACKER_MODERN_CACHE:-$HOME/.cache/generator-packer-builder/packer}/<X.Y.Z>/packer
#         plus a convenience symlink test/modern-packer/bin/packer-<X.Y.Z> (not committed).
# Idempotent: a version whose cached binary already reports the right version is skipped.
# Needs: go >= the module's `go` line (1.26.3 for v1.16.0) and the Go module proxy.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cache="${PACKER_MODERN_CACHE:-${HOME:-/tmp}/.cache/generator-packer-builder/packer}"
mkdir -p "$cache" "$here/bin"

if ! command -v go >/dev/null 2>&1; then
  echo "modern-packer: 'go' is not on PATH; install Go >= 1.26 to build Packer from the module proxy" >&2
  exit 1
fi

versions=()
if [ $# -gt 0 ]; then
  for v in "$@"; do versions+=("${v#v}"); done
else
  for d in "$here"/v*/; do
    [ -f "$d/go.mod" ] && versions+=("$(basename "$d" | sed 's/^v//')")
  done
fi

# One build at a time (two cores; also keeps concurrent setup runs from racing).
exec 9>"$cache/.build.lock"
if ! flock -n 9; then
  # Another setup or test run is building: say what we wait for and for about how long (the
  # median of the recorded build times, else "several minutes"), then every minute.
  per="several minutes"
  if [ -s "$cache/build-times.log" ]; then
    median=$(awk '{ sub(/s$/, "", $3); print $3 }' "$cache/build-times.log" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    [ -n "$median" ] && per="about $(( (median + 59) / 60 )) min"
  fi
  echo "modern-packer: waiting for another build of Packer to finish (lock $cache/.build.lock; a build takes $per per version here)"
  waited=0
  until flock -w 60 9; do
    waited=$((waited + 1))
    echo "modern-packer: still waiting for the build lock (${waited} min)"
  done
fi

status=0
for version in "${versions[@]}"; do
  mod="$here/v$version"
  out="$cache/$version/packer"
  if [ ! -f "$mod/go.mod" ]; then
    echo "modern-packer: no module for $version (expected $mod/go.mod; copy another vX.Y.Z directory, edit the version and replace lines from Packer's go.mod at that tag, then run 'go mod tidy' in it)" >&2
    status=1
    continue
  fi
  if [ -x "$out" ] && "$out" version 2>/dev/null | head -1 | grep -qx "Packer v$version"; then
    echo "modern-packer: $version cached at $out"
  else
    mkdir -p "$cache/$version"
    tmp="$out.tmp.$$"
    echo "modern-packer: building Packer $version (several minutes on 2 cores) -> $out"
    start=$(date +%s)
    if (cd "$mod" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp" github.com/hashicorp/packer); then
      mv -f "$tmp" "$out"
      secs=$(( $(date +%s) - start ))
      echo "modern-packer: built $version in ${secs}s ($(du -h "$out" | cut -f1))"
      echo "$(date -u +%FT%TZ) $version ${secs}s go=$(go env GOVERSION)" >> "$cache/build-times.log"
    else
      rm -f "$tmp"
      echo "modern-packer: building Packer $version failed (see the go output above)" >&2
      status=1
      continue
    fi
    if ! "$out" version | head -1 | grep -qx "Packer v$version"; then
      echo "modern-packer: $out does not report 'Packer v$version': $("$out" version | head -1)" >&2
      status=1
      continue
    fi
  fi
  ln -sfn "$out" "$here/bin/packer-$version"
done
exit $status
