/**
 * The toolchain runs on the Node this package pins as a development dependency (the npm
 * registry's `node` package, whose install script puts Node's official binary into
 * node_modules/node/bin/node): `npm run` / `npx` put node_modules/.bin first on PATH, so vitest
 * (this process), tsc, yo and every `#!/usr/bin/env node` script the tests start run on it, not on
 * the system's Node.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const pinned = `v${pkg.devDependencies.node}`;

describe('toolchain Node', () => {
  it('runs the tests on the pinned Node, which the package supports', () => {
    console.log(`vitest worker: ${process.version} (${process.execPath})`);
    expect(pkg.devDependencies.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(process.version).toBe(pinned);
    expect(satisfies(process.version, pkg.engines.node)).toBe(true);
    expect(realpathSync(process.execPath)).toBe(realpathSync(join(ROOT, 'node_modules/node/bin/node')));
  });

  it('starts `node` from PATH (tsc, yo, plugin bundles) on the same Node', () => {
    const r = spawnSync('sh', ['-c', 'command -v node && node -p process.version && head -1 "$(command -v tsc)"'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const [where, version, tscShebang] = r.stdout.trim().split('\n');
    console.log(`node on PATH: ${version} (${where})`);
    expect(realpathSync(where!)).toBe(realpathSync(join(ROOT, 'node_modules/node/bin/node')));
    expect(version).toBe(pinned);
    expect(tscShebang).toBe('#!/usr/bin/env node');
  });

  it('declares no engines range that the pinned Node or the oldest supported 22.x fails', () => {
    for (const v of [pinned, 'v22.18.0', 'v24.11.0']) expect(satisfies(v, pkg.engines.node), v).toBe(true);
    for (const v of ['v20.20.2', 'v22.17.1', 'v23.11.0', 'v24.10.0']) expect(satisfies(v, pkg.engines.node), v).toBe(false);
  });
});
