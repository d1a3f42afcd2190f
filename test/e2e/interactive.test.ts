/**
 * What the builder asks through Packer's Ui: `packer build -debug` (packer_debug reaches the
 * builder; the SDK's runner pauses after every step and before every cleanup) and
 * `-on-error=ask` (clean up, abort or retry). Packer only asks on a terminal, so the build runs
 * under `script` (util-linux) on a pseudo-terminal and the test types the answers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLegacyWorkspace, type LegacyWorkspace } from './legacy-workspace.js';
import { legacyPacker, requirePackerBinary } from './packers.js';

const SCRIPT = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();

interface Interactive {
  code: number | null;
  output: string;
  answered: number;
}

const PRESS_ENTER: Answers = [['Press enter to continue.', '']];

/** Question text → what to type (the pty turns the CR after it into the newline Packer reads). */
type Answers = ReadonlyArray<readonly [question: string, reply: string]>;

/** Runs `packer args` on a pty, answering every occurrence of each question. */
function runOnPty(ws: LegacyWorkspace, args: string[], answers: Answers, timeoutMs = 60_000): Promise<Interactive> {
  const command = [requirePackerBinary(legacyPacker()), ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout can kill script, packer and the plugin together.
    const child = spawn(SCRIPT, ['-qefc', command, '/dev/null'], {
      cwd: ws.root,
      env: { ...ws.env, TERM: 'dumb' },
      detached: true,
    });
    let output = '';
    const done = answers.map(() => 0);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      answers.forEach(([question, reply], i) => {
        const asked = output.split(question).length - 1;
        while ((done[i] as number) < asked) {
          done[i] = (done[i] as number) + 1;
          child.stdin.write(`${reply}\r`);
        }
      });
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
      resolve({ code, output: output.replaceAll('\r', ''), answered: done.reduce((a, b) => a + b, 0) });
    });
  });
}

describe('Packer 1.6.6: questions through Packer\'s Ui with the TS test builder', () => {
  let ws: LegacyWorkspace;
  beforeAll(async () => {
    if (SCRIPT === '') throw new Error('`script` (util-linux) is needed to give Packer a terminal for -debug');
    requirePackerBinary(legacyPacker());
    ws = await makeLegacyWorkspace();
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
    const run = await runOnPty(ws, ['build', '-color=false', '-debug', template], PRESS_ENTER);
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

  const ASK = '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';

  function failing(name: string): string {
    return ws.file(
      `${name}.pkr.hcl`,
      `source "tsb" "${name}" {
  message    = "${name}"
  fail_step  = "after-provision"
  root_dir   = "${ws.root}/machines-${name}"
  output_dir = "${ws.root}/out"
}
build {
  sources = ["source.tsb.${name}"]
}
`,
    );
  }

  it('-on-error=ask, answered "c": the failing step\'s error is shown, then every cleanup runs', async () => {
    const run = await runOnPty(ws, ['build', '-color=false', '-on-error=ask', failing('askc')], [[ASK, 'c']]);
    expect(run.code, run.output).toBe(1);
    expect(run.answered).toBe(1);
    expect(run.output).toContain('tsb: failing after provisioning as configured (fail_step)');
    expect(run.output).toMatch(/==> tsb\.askc: Removing machine \S+/);
    expect(readdirSync(join(ws.root, 'machines-askc'))).toEqual([]);
  }, 90_000);

  it('-on-error=ask, answered "a": no cleanup, the machine stays', async () => {
    const run = await runOnPty(ws, ['build', '-color=false', '-on-error=ask', failing('aska')], [[ASK, 'a']]);
    expect(run.code, run.output).toBe(1);
    expect(run.answered).toBe(1);
    expect(run.output).not.toContain('Removing machine');
    expect(readdirSync(join(ws.root, 'machines-aska'))).toHaveLength(1);
  }, 90_000);
});
