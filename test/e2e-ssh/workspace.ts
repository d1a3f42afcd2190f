/**
 * Workspaces for the SSH end-to-end tests: the SSH test builder `sshb`
 * (test/fixtures/ssh-builder) installed for Debian's Packer 1.6.6 (PACKER_PLUGIN_PATH) or a
 * modern Packer (`packer plugins install --path`), with a private HOME and TMPDIR.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundlePlugin, makeModernWorkspace, type FixturePlugin } from '../e2e-modern/harness.js';
import { requirePackerBinary, type PackerUnderTest } from '../e2e/packers.js';

const MODERN: FixturePlugin = { name: 'sshb', entry: '../fixtures/ssh-builder/src/main-modern.ts', source: 'github.com/acme/sshb', version: '0.1.0' };
const LEGACY: FixturePlugin = { name: 'sshb-legacy', entry: '../fixtures/ssh-builder/src/main-legacy.ts', source: '', version: '0.1.0' };

export interface SshWorkspace {
  packer: PackerUnderTest;
  root: string;
  tmp: string;
  env: NodeJS.ProcessEnv;
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

export async function makeSshWorkspace(p: PackerUnderTest): Promise<SshWorkspace> {
  requirePackerBinary(p);
  if (p.install === 'legacy-plugin-path') {
    const bundle = await bundlePlugin(LEGACY);
    const root = mkdtempSync(join(tmpdir(), 'gpb-e2e-ssh-'));
    const plugins = join(root, 'plugins');
    const tmp = join(root, 'tmp');
    const home = join(root, 'home');
    for (const d of [plugins, tmp, home]) mkdirSync(d, { recursive: true });
    copyFileSync(bundle, join(plugins, 'packer-builder-sshb'));
    return {
      packer: p,
      root,
      tmp,
      env: {
        PATH: process.env['PATH'],
        HOME: home,
        TMPDIR: tmp,
        XDG_CACHE_HOME: join(root, 'cache'),
        PACKER_PLUGIN_PATH: plugins,
        CHECKPOINT_DISABLE: '1',
      },
      file(name, content) {
        const f = join(root, name);
        writeFileSync(f, content);
        return f;
      },
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  }
  const w = await makeModernWorkspace({ version: p.version, path: p.path }, [MODERN]);
  return { packer: p, root: w.root, tmp: w.tmp, env: w.env, file: w.file, cleanup: w.cleanup };
}
