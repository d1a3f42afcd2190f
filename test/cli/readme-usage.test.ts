/**
 * README "Using the generator", as written, on a machine where generator-packer-builder is not
 * on the npm registry: this checkout (already installed and built, like the README's first
 * line leaves it) is packed and installed globally into a private npm prefix, then the README's
 * second block runs word for word in an empty folder: generate, npm install, npm run build.
 * The generated plugin must get the SDK from the installed generator (the default --sdk), not
 * from the registry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced `sh` blocks of the README section `## Using the generator`. */
function usageBlocks(): string[] {
  const start = README.indexOf('## Using the generator');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

let work = '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('README "Using the generator"', () => {
  it('installs from a checkout, generates, installs and builds a plugin without the package on the registry', () => {
    const [install, use] = usageBlocks();
    expect(install).toBe('npm install && npm run build\nnpm pack\nnpm install -g ./generator-packer-builder-*.tgz\n');
    expect(use).toContain('packer-builder new --name disk');

    work = mkdtempSync(join(tmpdir(), 'gpb-readme-'));
    const prefix = join(work, 'prefix');
    const here = join(work, 'anywhere');
    mkdirSync(prefix);
    mkdirSync(here);
    // The caller's own environment and npm configuration (registry, CA certificates), with a
    // private global prefix: nothing outside \`work\` changes.
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|npm_|NODE_ENV$|TEST$)/i.test(k)) env[k] = v;
    Object.assign(env, {
      PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
      npm_config_prefix: prefix,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      CHECKPOINT_DISABLE: '1',
    });
    // The README's first block after its first line (this checkout is installed and built):
    // npm pack, then the global install, into the private prefix.
    const packed = sh(`npm pack --silent --ignore-scripts --pack-destination ${JSON.stringify(work)}`, ROOT, env);
    expect(packed.code, packed.out).toBe(0);
    const lines = (install as string).trim().split('\n');
    const installed = sh(lines[2] as string, work, env);
    expect(installed.code, installed.out).toBe(0);

    // The second block, as written.
    const r = sh(use as string, here, env);
    expect(r.code, r.out).toBe(0);
    const plugin = join(here, 'packer-plugin-disk');
    // The SDK is a development dependency: the bundle and the executable carry the runtime.
    const pkg = JSON.parse(readFileSync(join(plugin, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const globalCopy = join(prefix, 'lib/node_modules/generator-packer-builder');
    expect(pkg.devDependencies['generator-packer-builder']).toBe(`file:${globalCopy}`);
    expect(existsSync(join(plugin, 'dist/packer-plugin-disk.cjs'))).toBe(true);
    expect(existsSync(join(plugin, 'dist/packer-plugin-disk'))).toBe(true);
    expect(readdirSync(join(plugin, 'src'))).toContain('config.hcl2spec.ts');
  }, 900_000);
});
