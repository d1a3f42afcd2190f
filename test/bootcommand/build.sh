#!/usr/bin/env bash
# Builds test/bootcommand/goparser (Go's boot-command parser from packer-plugin-sdk v0.6.10, from the
# Go module proxy) and prints the binary's path. Cached by the hash of its sources:
# ${GOPARSER_CACHE:-$HOME/.cache/generator-packer-builder/goparser}/<hash>/goparser.
# Needs: go >= 1.25 and the Go module proxy (first build about 2 minutes on 2 cores).
set -euo pipefail
here="$(cd "$(dirname "$0")/goparser" && pwd)"
cache="${GOPARSER_CACHE:-${HOME:-/tmp}/.cache/generator-packer-builder/goparser}"
if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "goparser: 'go' is not on PATH; install Go >= 1.25 to build Go's boot-command parser" >&2
  exit 1
fi
hash="$(cat "$here/go.mod" "$here/go.sum" "$here/main.go" | sha256sum | cut -c1-16)"
out="$cache/$hash/goparser"
mkdir -p "$cache/$hash"
exec 9>"$cache/.build.lock"
flock 9
if [ ! -x "$out" ]; then
  tmp="$out.tmp.$$"
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -o "$tmp" .) >&2
  mv -f "$tmp" "$out"
fi
echo "$out"
