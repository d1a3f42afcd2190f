/**
 * The plugin's lifecycle under real Packer:
 * - issue 10 §2, the census: Packer stopped (SIGKILL, SIGTERM, Ctrl-C, double Ctrl-C) during a
 *   step, during a remote shell command and during a 50 MB upload. Every started step's cleanup
 *   runs to its end (marker files), nothing is left (processes, socket dirs, temp files, the
 *   machine), and when Packer is gone the plugin's output goes to its log file.
 *   The full matrix (12 builds, ~1 min) runs on Debian's Packer 1.6.6; the newest modern Packer
 *   runs the SIGKILL rows (3 builds): what differs there is the process tree and that
 *   PACKER_LOG_PATH reaches the plugin. SIGTERM and Ctrl-C are Builder.Cancel on every Packer, and Ctrl-C on every
 *   Packer is already covered by on-error-and-cancel.test.ts's describe.each.
 * - issue 9 §3: a step that leaves an unhandled rejection, throws in a timer callback or calls
 *   process.exit(): the build fails with that message in Packer's Ui, every cleanup runs, the
 *   stack is in the log, no "unexpected EOF" — on 1.6.6 and the newest modern Packer.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomFile } from './big-file.js';
import { buildAndStop, unfinishedCleanups, type Stop } from './census.js';
import { processesRunning } from './interrupt.js';
import { allPackers, legacyPacker } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, tmpLeftovers, type Workspace } from './workspace.js';

afterAll(removeBundles);

type Phase = 'step' | 'remote shell' | 'upload';

const PHASES: Record<Phase, { marker: string; delayMs: number }> = {
  step: { marker: 'Sleeping for 60s', delayMs: 300 },
  'remote shell': { marker: 'long command starts', delayMs: 300 },
  // at ~10 MB/s the 50 MB upload takes ~5 s: stop it 1 s in
  upload: { marker: 'Uploading', delayMs: 1000 },
};

function template(phase: Phase, name: string, root: string, big: string): string {
  const common = `  message            = "${name}"
  root_dir           = "${root}/machines-${name}"
  output_dir         = "${root}/out"
  cleanup_marker_dir = "${root}/markers-${name}"
  cleanup_delay      = "1500ms"
`;
  const source = phase === 'step' ? `${common}  sleep = "60s"\n` : phase === 'upload' ? `${common}  slow_uploads = true\n` : common;
  const provisioner =
    phase === 'remote shell'
      ? `provisioner "shell" {\n    inline = ["echo long command starts", "exec sleep 4567"]\n  }`
      : phase === 'upload'
        ? `provisioner "file" {\n    source      = "${big}"\n    destination = "big.bin"\n  }`
        : `provisioner "shell" {\n    inline = ["echo provisioned"]\n  }`;
  return `source "tsb" "${name}" {\n${source}}\nbuild {\n  sources = ["source.tsb.${name}"]\n  ${provisioner}\n}\n`;
}

const newestModern = allPackers().at(-1);
const modern = newestModern && newestModern.version !== '1.6.6' ? [newestModern] : [];
const ALL_STOPS: readonly Stop[] = ['SIGKILL', 'SIGTERM', 'Ctrl-C', 'double Ctrl-C'];
const censusRuns = [
  { p: legacyPacker(), stops: ALL_STOPS },
  // the SIGKILL rows: what differs on modern Packer is its process tree and that it passes PACKER_LOG_PATH on
  ...modern.map((p) => ({ p, stops: ['SIGKILL'] as readonly Stop[] })),
];

describe.each(censusRuns)('Packer $p.version: the census — Packer stopped mid-build, every started cleanup completes, nothing is left', ({ p, stops }) => {
  let ws: Workspace;
  let big: string;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
    big = join(ws.root, 'big.bin');
    await writeRandomFile(big, 50 * 1024 * 1024);
  }, 120_000);
  afterAll(() => ws?.cleanup());

  const cases: Array<[Stop, Phase]> = [];
  for (const stop of stops) {
    for (const phase of ['step', 'remote shell', 'upload'] as const) cases.push([stop, phase]);
  }

  it.each(cases)('%s of Packer during a %s', async (stop, phase) => {
    const name = `${stop}-${phase}`.replace(/[^a-z0-9]+/gi, '').toLowerCase();
    mkdirSync(join(ws.root, `markers-${name}`), { recursive: true });
    const t = ws.file(`${name}.pkr.hcl`, template(phase, name, ws.root, big));
    // One SIGKILL case runs with PACKER_LOG=1 and PACKER_LOG_PATH: Packer 1.6.6's panicwrap
    // wrapper clears PACKER_LOG_PATH for the core and the plugins it starts (main.go), so the
    // plugin's lines go to the default file there too; modern Packer passes it on.
    const logPath = join(ws.root, `${name}.packer.log`);
    const env =
      stop === 'SIGKILL' && phase === 'step' ? { ...ws.env, PACKER_LOG: '1', PACKER_LOG_PATH: logPath } : ws.env;
    const r = await buildAndStop(p.path, ws.pluginPath, { ...ws, env }, ['build', '-color=false', t], PHASES[phase].marker, stop, {
      delayMs: PHASES[phase].delayMs,
    });
    const context = `${stop} / ${phase}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    expect(r.survivors, context).toEqual([]);
    const markers = unfinishedCleanups(join(ws.root, `markers-${name}`));
    expect(markers.started, context).toContain('StepCreateMachine');
    expect(markers.unfinished, context).toEqual([]);
    expect(readdirSync(join(ws.root, `machines-${name}`)), context).toEqual([]);
    expect(processesRunning('sleep 4567'), context).toEqual([]);
    // a SIGKILLed Packer cannot remove its own temporary log file (packer-logNNN): not ours
    const packerOwn = tmpLeftovers(ws).filter((n) => stop === 'SIGKILL' && /^packer-log\d+$/.test(n));
    for (const n of packerOwn) rmSync(join(ws.tmp, n));
    expect(tmpLeftovers(ws), context).toEqual([]);
    if (stop === 'SIGKILL') {
      // the default file, or PACKER_LOG_PATH when Packer passed it on (1.6.6's panicwrap clears it)
      const files = [join(ws.home, '.local', 'state', 'packer-plugin-tsb', 'plugin.log'), env.PACKER_LOG_PATH ?? ''];
      const log = files.filter((f) => f !== '' && existsSync(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
      expect(log, context).toContain('[ERR] connection to Packer lost during the build: cancelling it and running the cleanups');
      // what the cleanup told the (gone) Ui, and what it printed, are in the log file
      expect(log, context).toMatch(new RegExp(`Error in Ui\\.Say RPC call: .+; it said: Removing machine \\S+machines-${name}/tsb-machine-`));
      expect(log, context).toMatch(new RegExp(`tsb: removed machine \\S+machines-${name}/tsb-machine-`));
    } else {
      expect(r.code, context).toBe(1);
      expect(r.stdout, context).toMatch(new RegExp(`==> tsb\\.${name}: Removing machine \\S+`));
      expect(r.stdout, context).toContain('Cleanly cancelled builds after being interrupted.');
    }
  }, 120_000);
});

const crashPackers = [legacyPacker(), ...modern];

describe.each(crashPackers)('Packer $version: JavaScript\'s own ways of dying become the build\'s error', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it.each([
    ['unhandled-rejection', 'unhandled promise rejection in the builder: tsb: a promise nobody awaited was rejected'],
    ['timer-throw', 'uncaught exception in the builder: tsb: thrown inside a timer callback'],
    ['process-exit', 'the builder called process.exit(3); the plugin must keep running to clean up and answer Packer'],
  ])('crash = %s', async (crash, message) => {
    const name = crash.replace(/-/g, '');
    const markerDir = join(ws.root, `markers-${name}`);
    mkdirSync(markerDir, { recursive: true });
    const t = ws.file(
      `${name}.pkr.hcl`,
      `source "tsb" "${name}" {
  message            = "${name}"
  root_dir           = "${ws.root}/machines-${name}"
  output_dir         = "${ws.root}/out"
  cleanup_marker_dir = "${markerDir}"
  crash              = "${crash}"
}
build {
  sources = ["source.tsb.${name}"]
}
`,
    );
    const run = await runPacker(ws, ['build', '-color=false', t], { env: { PACKER_LOG: '1' } });
    expect(run.code, show(run)).toBe(1);
    const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(run.stdout, show(run)).toMatch(new RegExp(`Build 'tsb\\.${name}' errored after [^:]+: ${escaped}`));
    expect(run.stdout + run.stderr).not.toContain('unexpected EOF');
    expect(run.stdout).toMatch(new RegExp(`==> tsb\\.${name}: Removing machine \\S+`));
    const markers = unfinishedCleanups(markerDir);
    expect(markers.started).toEqual(['StepCrash', 'StepCreateMachine', 'StepDescribeConfig', 'StepLeakSecret']);
    expect(markers.unfinished, show(run)).toEqual([]);
    expect(readdirSync(join(ws.root, `machines-${name}`))).toEqual([]);
    // the stack is in the log (PACKER_LOG), under the error line
    expect(run.stderr).toContain(`${ws.pluginName} plugin: [ERR] ${message}`);
    expect(run.stderr).toMatch(new RegExp(`${ws.pluginName} plugin: \\s+at `));
    expect(run.stderr).toContain(`${ws.pluginPath}: plugin process exited`);
    expect(tmpLeftovers(ws)).toEqual([]);
    expect(existsSync(join(ws.root, 'out', `tsb-${name}.txt`))).toBe(false);
  }, 120_000);
});
