#!/usr/bin/env bash
# Installs what is missing, in two levels (README "Quick start"):
#
#   bash scripts/setup.sh           what `npm run quickstart` needs, in a few minutes: Debian's packer
#                                   (1.6.6), the npm dependencies (Node 24 included: the npm
#                                   registry's `node` package, a pinned devDependency that npm
#                                   scripts run on), the build.
#   bash scripts/setup.sh --tests   the above, plus what `npm test` needs: the apt packages of
#                                   TEST_APT below, Node 22.18.0 for the second test run (the npm
#                                   registry's `node` package again, test/node22/), and the modern
#                                   Packer binaries built from the Go module proxy (cached; the first
#                                   build takes several minutes per version; needs Go >= 1.26).
#
# Nothing is downloaded from outside the package registries (Debian, npm, the Go module proxy).
# Idempotent; safe to run as root (the machines here) or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# apt packages, as "package:command" (installed when the command is not found on PATH, /usr/sbin
# or /sbin). QUICKSTART_APT: what command 1 needs. TEST_APT: what only the tests need; add your
# test's tools here (one entry per package), never to QUICKSTART_APT.
QUICKSTART_APT=(
  packer:packer
)
TEST_APT=(
  bsdutils:script         # gives Packer a terminal in the -debug and -on-error=ask tests
  openssh-server:sshd     # the SSH communicator tests start sshd on loopback (issue 11)
  openssh-client:ssh-keygen
  xorriso:xorriso         # VM-builder parts (test/vm): CD images
  mtools:mcopy            # floppy images (mcopy/mdir)
  dosfstools:mkfs.fat
)

tests=0
for arg in "$@"; do
  case "$arg" in
    --tests) tests=1 ;;
    -h | --help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown argument '$arg' (use --tests, or nothing for the Quick start only)" >&2
      exit 2
      ;;
  esac
done

SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"

# apt_install "package:command"...: installs the packages whose command is missing.
apt_install() {
  local missing=() entry pkg cmd
  for entry in "$@"; do
    pkg="${entry%%:*}"
    cmd="${entry#*:}"
    PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "setup: installing ${missing[*]} from Debian's packages (about a minute)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- what the Quick start needs ---------------------------------------------------------------
apt_install "${QUICKSTART_APT[@]}"
echo "setup: $(packer version | head -1) at $(command -v packer)"

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (the dependencies and Node $(sed -n 's/^ *"node": "\([0-9.]*\)",\{0,1\}$/\1/p' package.json | head -1) from the npm registry; about 1-3 minutes the first time)"
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error
fi
echo "setup: npm scripts run on Node $(node_modules/.bin/node --version) (node_modules/.bin/node; system node: $(node --version 2>/dev/null || echo none))"

echo "setup: building"
npm run --silent build

[ "$tests" = 1 ] || exit 0

# --- what only the tests need ------------------------------------------------------------------
apt_install "${TEST_APT[@]}"

if [ ! -x test/node22/node_modules/.bin/node ] || [ test/node22/package-lock.json -nt test/node22/node_modules/.package-lock.json ]; then
  echo "setup: Node 22.18.0 for the second test run (npm ci in test/node22; about a minute)"
  npm ci --prefix test/node22 --no-audit --no-fund --prefer-offline --loglevel=error
fi
echo "setup: second test run on Node $(test/node22/node_modules/.bin/node --version) (test/node22)"

if [ "${SKIP_MODERN_PACKER:-}" != "1" ]; then
  echo "setup: modern Packer binaries (cached; the first build takes several minutes per version)"
  bash test/modern-packer/build.sh
fi

if [ -x test/bootcommand/build.sh ]; then
  echo "setup: Go's boot-command parser for test/bootcommand (cached; the first build takes about 2 minutes)"
  bash test/bootcommand/build.sh >/dev/null
fi
