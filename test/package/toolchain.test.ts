/**
 * The toolchain runs on the Node this package pins as a development dependency (the npm
 * registry's `node` package, whose install script puts Node's official binary into
 * node_modules/node/bin/node): `npm run` / `npx` put node_modules/.bin first on PATH, so vitest
 * (this process), tsc, yo and every `#!/usr/bin/env node` script the tests start run on it, not on
 * the system's Node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { describe, expect, it } from 'vitest';
import { nodeSupported, SUPPORTED_NODE } from '../../src/cli/node-version.js';

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

describe('packer-builder on an unsupported Node', () => {
  it('knows the engines range', () => {
    expect(SUPPORTED_NODE).toBe(pkg.engines.node);
    for (const v of ['18.20.8', '20.20.2', '22.0.0', '22.17.1', '22.18.0', '22.23.3', '23.11.0', '24.10.9', '24.11.0', '24.21.0', '25.0.0', '26.10.0']) {
      expect(nodeSupported(v), v).toBe(satisfies(v, pkg.engines.node));
    }
  });

  it('refuses to run a command, naming the range, before writing anything', () => {
    // A stand-in for an old Node: this Node, claiming to be 20.20.2 (what /usr/bin/node is here).
    const dir = mkdtempSync(join(tmpdir(), 'gpb-old-node-'));
    try {
      const claim = join(dir, 'claim.cjs');
      writeFileSync(claim, "Object.defineProperty(process.versions, 'node', { value: '20.20.2' });\n");
      const r = spawnSync(process.execPath, ['--require', claim, join(ROOT, 'dist/src/cli/main.js'), 'new', '--name', 'old', '--defaults', '--skip-install'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe(
        `packer-builder: this is Node v20.20.2 (${process.execPath}); generator-packer-builder needs Node ${pkg.engines.node}. ` +
          'Install a supported Node, or run it through npm (npm run / npx) in a checkout, whose pinned Node 24 comes first on PATH\n',
      );
      expect(r.status).toBe(1);
      expect(readdirSync(dir)).toEqual(['claim.cjs']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
