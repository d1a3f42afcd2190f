/** Running a packer binary to completion in a test workspace, and reading what it left. */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** What a run needs: the binary, the folder it runs in and its environment. */
export interface PackerRunTarget {
  /** Path of the packer binary. */
  packerPath: string;
  /** Its version, for messages. */
  version: string;
  root: string;
  env: NodeJS.ProcessEnv;
}

/** Result of a packer run. */
export interface PackerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runPackerAt}. */
export interface RunOptions {
  /** Added to the environment (e.g. `{ PACKER_LOG: '1' }`). */
  env?: NodeJS.ProcessEnv;
  /** Kill packer and fail after this long (default 120 s). */
  timeoutMs?: number;
}

/** Runs packer in `target.root` to completion (bounded by the timeout). */
export function runPackerAt(target: PackerRunTarget, args: string[], opts: RunOptions = {}): Promise<PackerRun> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(target.packerPath, args, {
      cwd: target.root,
      env: { ...target.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`packer ${target.version} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Entries left in a workspace TMPDIR, Packer's own shell-script leftovers excluded. */
export function tmpLeftovers(ws: { tmp: string }): string[] {
  return readdirSync(ws.tmp).filter((n) => !n.startsWith('packer-shell'));
}

/** Formats a run for an assertion message. */
export function show(run: PackerRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
