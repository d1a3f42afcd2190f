/**
 * `packer build -debug` reaches the builder: Packer passes packer_debug, the SDK's runner pauses
 * after every step and before every cleanup, asking through Packer's Ui. Packer only asks on a
 * terminal, so the build runs under `script` (util-linux) on a pseudo-terminal and the test
 * presses enter whenever Packer shows the question.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, PACKER, packerMissing, type Workspace } from './harness.js';

const missing = packerMissing();
if (missing) console.warn(missing);

const SCRIPT = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();

interface Interactive {
  code: number | null;
  output: string;
  answered: number;
}

/** Runs `packer args` on a pty, answering each "Press enter to continue." with a newline. */
function runOnPty(ws: Workspace, args: string[], timeoutMs = 60_000): Promise<Interactive> {
  const command = [PACKER as string, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout can kill script, packer and the plugin together.
    const child = spawn(SCRIPT, ['-qefc', command, '/dev/null'], {
      cwd: ws.root,
      env: { ...ws.env, TERM: 'dumb' },
      detached: true,
    });
    let output = '';
    let answered = 0;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const asked = output.split('Press enter to continue.').length - 1;
      while (answered < asked) {
        answered++;
        child.stdin.write('\r'); // the pty turns CR into the newline Packer reads
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`packer ${args.join(' ')} did not finish within ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replaceAll('\r', ''), answered });
    });
  });
}

describe.skipIf(missing !== undefined)('packer build -debug with the TS test builder', () => {
  let ws: Workspace;
  beforeAll(async () => {
    if (SCRIPT === '') throw new Error('`script` (util-linux) is needed to give Packer a terminal for -debug');
    ws = await makeWorkspace();
  });
  afterAll(() => ws?.cleanup());

  it('pauses after each step and before each cleanup, through Packer\'s Ui', async () => {
    const template = ws.file(
      'debug.pkr.hcl',
      `source "tsb" "dbg" {
  message    = "debugging"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build {
  sources = ["source.tsb.dbg"]
}
`,
    );
    const run = await runOnPty(ws, ['build', '-color=false', '-debug', template]);
    expect(run.code, run.output).toBe(0);
    const pauses = [...run.output.matchAll(/Pausing (after run of|before cleanup of) step '([^']+)'/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(pauses.slice(0, 2)).toEqual(['after run of StepDescribeConfig', 'after run of StepCreateMachine']);
    expect(pauses.at(-1)).toBe('before cleanup of StepDescribeConfig');
    expect(pauses.indexOf('before cleanup of StepCreateMachine')).toBeGreaterThan(
      pauses.indexOf('after run of StepCreateMachine'),
    );
    expect(run.answered).toBe(pauses.length);
    expect(run.output).toContain("Build 'tsb.dbg' finished");
  }, 90_000);
});
