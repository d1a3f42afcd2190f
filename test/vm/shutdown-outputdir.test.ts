/**
 * (g) StepShutdown (command through a real communicator, the builder's is-off check, timeout) and
 * StepOutputDir (-force, cleanup after failure/cancel); pitfall V2. Also boot_wait + typing through
 * StepTypeBootCommand with a recording KeyEventSink (keysyms and shift as Go's VNC driver).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareBootConfig } from '../../src/bootcommand/config.js';
import { KeysymDriver, StepTypeBootCommand } from '../../src/bootcommand/driver.js';
import { prepareOutputDirConfig, StepOutputDir } from '../../src/commonsteps/output-dir.js';
import { LocalCommunicator } from '../../src/communicator/local.js';
import { BasicRunner } from '../../src/multistep/basic-runner.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import type { Step } from '../../src/multistep/step.js';
import { prepareShutdownConfig, StepShutdown } from '../../src/shutdowncommand/index.js';
import { RecordingUi } from '../multistep/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm-sd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const newState = () => {
  const ui = new RecordingUi();
  return { ui, state: new StateBag<BaseState>({ ui, communicator: new LocalCommunicator({ workingDir: dir }) }) };
};

describe('StepShutdown', () => {
  it('runs shutdown_command through the communicator (output to the Ui) and waits for the is-off check', async () => {
    const { ui, state } = newState();
    const off = join(dir, 'off');
    const step = new StepShutdown({
      command: `echo going down; (sleep 0.3; touch ${off}) & exit 0`,
      timeoutMs: 10_000,
      pollMs: 50,
      isOff: async () => existsSync(off),
      halt: async () => {
        throw new Error('halt must not be called when a command is set');
      },
    });
    expect(await step.run(state, new AbortController().signal)).toBe('continue');
    expect(existsSync(off)).toBe(true);
    expect(ui.events).toEqual(['say: Gracefully halting virtual machine...', 'message: going down']);
  });

  it('times out with Go\'s message when the machine stays on after shutdown_timeout', async () => {
    const { ui, state } = newState();
    let checks = 0;
    const step = new StepShutdown({ command: 'true', timeoutMs: 300, pollMs: 50, isOff: async () => (checks++, false), halt: async () => undefined });
    const started = Date.now();
    expect(await step.run(state, new AbortController().signal)).toBe('halt');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(checks).toBeGreaterThan(1);
    expect(state.get('error')?.message).toBe('Timeout waiting for machine to shut down.');
    expect(ui.events.at(-1)).toBe('error: Timeout waiting for machine to shut down.');
  });

  it('without a command it halts the machine; a failing halt is "Error stopping VM"', async () => {
    const { ui, state } = newState();
    let halted = false;
    const ok = new StepShutdown({ timeoutMs: 1000, isOff: async () => false, halt: async () => void (halted = true) });
    expect(await ok.run(state, new AbortController().signal)).toBe('continue');
    expect(halted).toBe(true);
    expect(ui.events).toEqual(['say: Halting the virtual machine...']);
    const bad = new StepShutdown({ timeoutMs: 1000, isOff: async () => false, halt: async () => Promise.reject(new Error('no such vm')) });
    expect(await bad.run(state, new AbortController().signal)).toBe('halt');
    expect(state.get('error')?.message).toBe('Error stopping VM: no such vm');
  });

  it('a cancelled build stops waiting at once', async () => {
    const { state } = newState();
    const ac = new AbortController();
    const step = new StepShutdown({ command: 'true', timeoutMs: 60_000, pollMs: 50, isOff: async () => false, halt: async () => undefined });
    const run = step.run(state, ac.signal);
    setTimeout(() => ac.abort(), 100);
    expect(await run).toBe('halt');
    expect(state.has('error')).toBe(false);
  });

  it('prepareShutdownConfig: shutdown_timeout defaults to 5m', () => {
    const c = { shutdownTimeout: '0s' };
    prepareShutdownConfig(c);
    expect(c.shutdownTimeout).toBe('5m');
  });
});

const failing: Step<BaseState> = {
  name: 'failing',
  async run(state) {
    state.put('error', new Error('boom'));
    return 'halt';
  },
};

describe('StepOutputDir (V2)', () => {
  it('an existing directory without -force: error naming the path and the flag, nothing touched, never deleted by cleanup', async () => {
    const out = join(dir, 'output-x');
    mkdirSync(out);
    writeFileSync(join(out, 'keep'), 'mine');
    const { state } = newState();
    const result = await new BasicRunner([new StepOutputDir({ path: out, force: false }), failing]).run(state);
    expect(result.halted).toBe(true);
    expect(state.get('error')?.message).toBe(`Output directory exists: ${out}\n\nUse the force flag to delete it prior to building.`);
    expect(existsSync(join(out, 'keep'))).toBe(true);
  });

  it('-force: the old directory is deleted and re-created (keep is gone)', async () => {
    const out = join(dir, 'output-x');
    mkdirSync(out);
    writeFileSync(join(out, 'keep'), 'mine');
    const { ui, state } = newState();
    const step = new StepOutputDir({ path: out, force: true });
    expect(await step.run(state)).toBe('continue');
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(out, 'keep'))).toBe(false);
    expect(existsSync(join(out, '_packer_perm_check'))).toBe(false);
    expect(ui.events).toEqual(['say: Deleting previous output directory...']);
    await step.cleanup(state);
    expect(existsSync(out)).toBe(true); // the build succeeded: kept
  });

  it('a failed or cancelled build deletes the directory it created', async () => {
    const out = join(dir, 'output-y');
    const a = newState();
    await new BasicRunner([new StepOutputDir({ path: out, force: false }), failing]).run(a.state);
    expect(existsSync(out)).toBe(false);
    expect(a.ui.events).toContain('say: Deleting output directory...');
    const b = newState();
    const ac = new AbortController();
    const waiting: Step<BaseState> = { run: (_s, signal) => new Promise((r) => signal.addEventListener('abort', () => r('halt'))) };
    const run = new BasicRunner([new StepOutputDir({ path: out, force: false }), waiting]).run(b.state, ac.signal);
    while (!existsSync(out)) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await run;
    expect(existsSync(out)).toBe(false);
  });

  it('prepareOutputDirConfig: default output-<build name>', () => {
    const c: { outputDirectory?: string; packerBuildName?: string } = { packerBuildName: 'ubuntu' };
    prepareOutputDirConfig(c);
    expect(c.outputDirectory).toBe('output-ubuntu');
  });
});

describe('StepTypeBootCommand', () => {
  it('interpolates HTTPIP/HTTPPort, types through a KeyEventSink with Go\'s keysyms and shift, honours <wait>', async () => {
    const { ui, state } = newState();
    state.put('http_ip', '10.0.2.2');
    state.put('http_port', 8080);
    const sent: string[] = [];
    const sink = { keyEvent: async (k: number, down: boolean) => void sent.push(`${down ? 'down' : 'up'} 0x${k.toString(16)}`) };
    const c = { bootCommand: ['A{{ .HTTPIP }}:{{ .HTTPPort }}', '<wait0.1s><enter><leftCtrlOn>'], bootWait: '0.05s' };
    expect(prepareBootConfig(c)).toEqual([]);
    const step = new StepTypeBootCommand({ bootCommand: c.bootCommand, bootWaitMs: 50, driver: () => new KeysymDriver(sink, 1) });
    expect(await step.run(state, new AbortController().signal)).toBe('continue');
    expect(ui.events).toEqual(['say: Waiting 50ms for boot...', 'say: Typing the boot command...']);
    expect(sent.slice(0, 4)).toEqual(['down 0xffe1', 'down 0x41', 'up 0x41', 'up 0xffe1']);
    const typed = sent.filter((s) => s.startsWith('down') && !s.endsWith('ffe1')).map((s) => parseInt(s.split(' ')[1] as string, 16));
    expect(String.fromCharCode(...typed.filter((k) => k < 0x100))).toBe('A10.0.2.2:8080');
    expect(sent.slice(-3)).toEqual(['down 0xff0d', 'up 0xff0d', 'down 0xffe3']);
  });

  it('a bad boot command at run time halts with "Error running boot command"', async () => {
    const { state } = newState();
    const step = new StepTypeBootCommand({ bootCommand: ['{{ .Nope'], bootWaitMs: 0, driver: () => new KeysymDriver({ keyEvent: async () => undefined }, 1) });
    expect(await step.run(state, new AbortController().signal)).toBe('halt');
    expect(state.get('error')?.message).toMatch(/^Error running boot command: template: root:1: /);
  });
});
