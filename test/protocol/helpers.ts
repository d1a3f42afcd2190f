/** Shared helpers for the protocol tests. */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Absolute path of a file under the captured Packer 1.6.6 vectors. */
export function vectorPath(rel: string): string {
  return new URL(`../../../shared/vectors/packer-1.6.6/${rel}`, import.meta.url).pathname;
}

/** Reads a JSON vector. */
export function readVector<T>(rel: string): T {
  return JSON.parse(readFileSync(vectorPath(rel), 'utf8')) as T;
}

/** A fresh temp directory and its remover. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gpb-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Debian's Packer 1.6.6 (the reference binary on these machines). */
export const DEBIAN_PACKER = '/usr/bin/packer';

/**
 * Runs `sh -c script` as user `nobody` — another local user, the attacker of the cache tests.
 * As root: `runuser -u nobody`; otherwise `sudo -n runuser -u nobody` (CI users have sudo).
 * Throws (the test fails) when neither works.
 */
export function asNobody(script: string): void {
  const root = process.getuid?.() === 0;
  const cmd = root ? 'runuser' : 'sudo';
  const args = [...(root ? [] : ['-n', 'runuser']), '-u', 'nobody', '--', 'sh', '-c', script];
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.slice(0, root ? 2 : 4).join(' ')} failed (${r.status ?? r.error?.message}): ${r.stderr} — ` +
        'the tests that play another user need root or passwordless sudo, and runuser (util-linux)',
    );
  }
}

/** Gives `path` to nobody:nogroup (as root directly, else with `sudo -n chown`). */
export function chownToNobody(path: string): void {
  if (process.getuid?.() === 0) {
    chownSync(path, 65534, 65534);
    return;
  }
  const r = spawnSync('sudo', ['-n', 'chown', '65534:65534', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sudo -n chown 65534:65534 ${path} failed: ${r.stderr}`);
}
