#!/usr/bin/env bash
# The second test run of `npm test`: the end-to-end and generator suites on Node 22.18.0, the
# oldest Node this package supports (engines "^22.18 || >=24.11"). That Node is the npm registry's
# `node` package in test/node22 (installed by `bash scripts/setup.sh --tests`). Its bin folder goes
# first on PATH, so vitest, its workers, the generator's `npm`/`node` children and every plugin
# that Packer starts through `#!/usr/bin/env node` run on it. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/test/node22/node_modules/.bin"
want="v$(sed -n 's/^ *"node": "\([0-9.]*\)"$/\1/p' test/node22/package.json)"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "$want" ]; then
  echo "test-node22: Node $want is not installed in test/node22; run: bash scripts/setup.sh --tests" >&2
  exit 1
fi
echo "test-node22: test/e2e and test/generator on Node $want"
export PATH="$bin:$PATH"
export GPB_EXPECT_NODE="$want"
exec vitest run test/e2e test/generator "$@"
