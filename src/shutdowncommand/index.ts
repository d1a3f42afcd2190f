/**
 * Shutting the machine down (Go: packer-plugin-sdk shutdowncommand/config.go `ShutdownConfig`, and
 * the StepShutdown of VM builders, e.g. Packer 1.6.6 builder/qemu/step_shutdown.go). A plugin's
 * `Config` extends {@link ShutdownConfig}; regenerate-spec spreads {@link shutdownConfigSpecEntries}.
 */
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../config/duration.js';
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';
import type { Duration } from '../sdk/duration.js';

export interface ShutdownConfig {
  /** Command run on the machine (through the communicator) to shut it down; empty: the builder halts it. */
  shutdownCommand?: string;
  /** How long to wait for the machine to be off after shutdown_command (default `5m`). */
  shutdownTimeout?: Duration;
}

export const shutdownConfigSpecEntries: Readonly<Record<string, Spec>> = {
  shutdown_command: spec.attr('shutdown_command', cty.string, {
    property: 'shutdownCommand',
    example: 'sudo shutdown -P now',
    description: 'Command that shuts the machine down, run through the communicator (e.g. `sudo shutdown -P now`). Without it the machine is halted.',
  }),
  shutdown_timeout: spec.attr('shutdown_timeout', cty.string, {
    property: 'shutdownTimeout',
    example: null,
    description: 'How long to wait for the machine to be off after `shutdown_command`.',
    default: '5m',
    duration: true,
  }),
};

/** Sets `shutdown_timeout` to `5m` when unset or zero (Go: ShutdownConfig.Prepare). */
export function prepareShutdownConfig(c: ShutdownConfig): string[] {
  if (!c.shutdownTimeout || parseDuration(c.shutdownTimeout) === 0) c.shutdownTimeout = '5m';
  return [];
}

export interface StepShutdownOptions {
  /** `shutdown_command`; empty: {@link StepShutdownOptions.halt} is used. */
  command?: string;
  /** `shutdown_timeout` in ms. */
  timeoutMs: number;
  /** The builder's "is it off" check, polled every `pollMs`. */
  isOff: (signal: AbortSignal) => Promise<boolean>;
  /** Stops the machine at once (no command, or Go's `driver.Stop()`). */
  halt: (signal: AbortSignal) => Promise<void>;
  /** Poll interval of isOff (default 500 ms). */
  pollMs?: number;
}

/**
 * With a command: says `Gracefully halting virtual machine...`, runs it through state
 * `communicator` (its output to the Ui; its exit status ignored, since the connection usually drops),
 * then waits up to the timeout for `isOff`; a timeout halts with `Timeout waiting for machine to shut
 * down.` Without a command: says `Halting the virtual machine...` and calls `halt`.
 */
export class StepShutdown implements Step<BaseState> {
  readonly name = 'StepShutdown';
  constructor(readonly options: StepShutdownOptions) {}

  async run(state: StateBag<BaseState>, signal: AbortSignal): Promise<StepAction> {
    const ui = state.require('ui');
    const fail = async (message: string): Promise<StepAction> => {
      const err = new Error(message);
      state.put('error', err);
      await tell(ui, 'error', message);
      return 'halt';
    };
    const { command, timeoutMs, isOff, halt } = this.options;
    if (!command) {
      await tell(ui, 'say', 'Halting the virtual machine...');
      try {
        await halt(signal);
      } catch (e) {
        return fail(`Error stopping VM: ${(e as Error).message}`);
      }
      log('VM shut down.');
      return 'continue';
    }
    await tell(ui, 'say', 'Gracefully halting virtual machine...');
    log(`Executing shutdown command: ${command}`);
    const comm = state.require('communicator');
    const out = new PassThrough();
    const lines: Promise<void>[] = [];
    let pending = '';
    out.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const l of parts) lines.push(tell(ui, 'message', l));
    });
    try {
      const running = await comm.start({ command, stdout: out, stderr: out }, signal);
      const status = await running.exitStatus;
      log(`Shutdown command exited with ${status}`);
    } catch (e) {
      if (signal.aborted) return 'halt';
      return fail(`Failed to send shutdown command: ${(e as Error).message}`);
    }
    if (pending) lines.push(tell(ui, 'message', pending));
    await Promise.all(lines);
    log(`Waiting max ${timeoutMs}ms for shutdown to complete`);
    const deadline = Date.now() + timeoutMs;
    const pollMs = this.options.pollMs ?? 500;
    for (;;) {
      if (signal.aborted) return 'halt';
      try {
        if (await isOff(signal)) break;
      } catch (e) {
        if (signal.aborted) return 'halt';
        log(`is-off check failed: ${(e as Error).message}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) return fail('Timeout waiting for machine to shut down.');
      try {
        await sleep(Math.min(pollMs, left), undefined, { signal });
      } catch {
        return 'halt';
      }
    }
    log('VM shut down.');
    return 'continue';
  }
}
