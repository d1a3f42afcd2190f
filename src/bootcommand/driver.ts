/**
 * Typing a boot command (Go: packer-plugin-sdk bootcommand/driver.go `BCDriver`,
 * vnc_driver.go, and each builder's StepTypeBootCommand).
 *
 * A builder implements {@link BootCommandDriver} (Go's BCDriver: key by key, `flush` before a
 * wait), or only {@link KeyEventSink} (one key down/up by X11 keysym, as VNC's KeyEvent takes) and
 * wraps it in {@link KeysymDriver}, which adds Go's shift handling and the pause between events.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';
import { renderBootCommand } from './config.js';
import { formatGoDuration, type BootEvent, type KeyAction, type SpecialKey } from './parser.js';

export interface BootCommandDriver {
  /** A character key (`a`, `A`, `~`, `é`). */
  sendKey(char: string, action: KeyAction, signal: AbortSignal): Promise<void>;
  /** A special key (`enter`, `leftshift`, `f5`). */
  sendSpecial(key: SpecialKey, action: KeyAction, signal: AbortSignal): Promise<void>;
  /** Sends what was buffered; called before each wait and at the end. */
  flush(signal: AbortSignal): Promise<void>;
}

/** One key event by X11 keysym (VNC `KeyEvent`). */
export interface KeyEventSink {
  keyEvent(keysym: number, down: boolean, signal: AbortSignal): Promise<void>;
}

/** X11 keysyms of the special keys (Go: NewVNCDriver's map). */
export const SPECIAL_KEYSYMS: Readonly<Record<SpecialKey, number>> = {
  bs: 0xff08, del: 0xffff, down: 0xff54, end: 0xff57, enter: 0xff0d, esc: 0xff1b,
  f1: 0xffbe, f2: 0xffbf, f3: 0xffc0, f4: 0xffc1, f5: 0xffc2, f6: 0xffc3, f7: 0xffc4, f8: 0xffc5,
  f9: 0xffc6, f10: 0xffc7, f11: 0xffc8, f12: 0xffc9, home: 0xff50, insert: 0xff63, left: 0xff51,
  leftalt: 0xffe9, leftctrl: 0xffe3, leftshift: 0xffe1, leftsuper: 0xffeb, menu: 0xff67,
  pagedown: 0xff56, pageup: 0xff55, return: 0xff0d, right: 0xff53, rightalt: 0xffea,
  rightctrl: 0xffe4, rightshift: 0xffe2, rightsuper: 0xffec, spacebar: 0x20, tab: 0xff09, up: 0xff52,
  leftcommand: 0xffe9, rightcommand: 0xffea, leftoption: 0xffe7, rightoption: 0xffe8,
};

const SHIFTED = '~!@#$%^&*()_+{}|:"<>?';
const KEYSYM_LEFT_SHIFT = 0xffe1;

/** The pause between key events: `interval` if > 0, else `PACKER_KEY_INTERVAL`, else 100 ms (Go). */
export function keyIntervalMs(intervalMs?: number): number {
  if (intervalMs !== undefined && intervalMs > 0) return intervalMs;
  const env = process.env.PACKER_KEY_INTERVAL;
  if (env) {
    const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(env);
    if (m) return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  }
  return 100;
}

/** A BootCommandDriver over a KeyEventSink, as Go's vncDriver: shift for upper-case and shifted characters. */
export class KeysymDriver implements BootCommandDriver {
  readonly intervalMs: number;
  constructor(
    private readonly sink: KeyEventSink,
    intervalMs?: number,
  ) {
    this.intervalMs = keyIntervalMs(intervalMs);
  }

  private async event(keysym: number, down: boolean, signal: AbortSignal): Promise<void> {
    await this.sink.keyEvent(keysym, down, signal);
    await sleep(this.intervalMs, undefined, { signal });
  }

  async sendKey(char: string, action: KeyAction, signal: AbortSignal): Promise<void> {
    const shift = (char !== char.toLowerCase() && char === char.toUpperCase()) || SHIFTED.includes(char);
    const code = char.codePointAt(0) as number;
    log(`Sending char '${char}', code 0x${code.toString(16).toUpperCase()}, shift ${shift}`);
    if (action !== 'off' && shift) await this.event(KEYSYM_LEFT_SHIFT, true, signal);
    if (action !== 'off') await this.event(code, true, signal);
    if (action !== 'on') await this.event(code, false, signal);
    if (action !== 'on' && shift) await this.event(KEYSYM_LEFT_SHIFT, false, signal);
  }

  async sendSpecial(key: SpecialKey, action: KeyAction, signal: AbortSignal): Promise<void> {
    const code = SPECIAL_KEYSYMS[key];
    if (action !== 'off') await this.event(code, true, signal);
    if (action !== 'on') await this.event(code, false, signal);
  }

  async flush(): Promise<void> {}
}

/**
 * Types a parsed boot command (Go: expressionSequence.Do): keys through the driver, waits after a
 * flush, a final flush. Rejects with the signal's reason when it aborts (a wait ends at once).
 */
export async function runBootCommand(events: readonly BootEvent[], driver: BootCommandDriver, signal: AbortSignal): Promise<void> {
  for (const e of events) {
    signal.throwIfAborted();
    if (e.kind === 'wait') {
      await driver.flush(signal);
      log(`[INFO] Waiting ${formatGoDuration(e.nanos)}`);
      await sleep(Number(e.nanos / 1_000_000n), undefined, { signal });
    } else if (e.kind === 'special') await driver.sendSpecial(e.key, e.action, signal);
    else await driver.sendKey(e.char, e.action, signal);
  }
  await driver.flush(signal);
}

/** Options of {@link StepTypeBootCommand}. */
export interface StepTypeBootCommandOptions<S> {
  /** `boot_command` lines (after prepare). */
  bootCommand: readonly string[];
  /** `boot_wait` in ms (negative: no wait, as Go's `-1s`). */
  bootWaitMs: number;
  /** The driver to type with (called once per run, after the boot wait). */
  driver: (state: S) => BootCommandDriver | Promise<BootCommandDriver>;
  /** Extra template data (`Name`, …); `HTTPIP`/`HTTPPort` come from state `http_ip`/`http_port`. */
  templateData?: (state: S) => Record<string, unknown>;
}

/**
 * Waits `boot_wait`, then types the boot command (Go: each VM builder's StepTypeBootCommand, e.g.
 * qemu's): says `Waiting <d> for boot...` and `Typing the boot command...`; a template or syntax
 * error, or a driver failure, halts with `Error running boot command: …`.
 */
export class StepTypeBootCommand<S extends BaseState = BaseState> implements Step<S> {
  readonly name = 'StepTypeBootCommand';
  constructor(readonly options: StepTypeBootCommandOptions<StateBag<S>>) {}

  async run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    const bag = state as unknown as StateBag<BaseState>;
    const ui = bag.require('ui');
    if (this.options.bootCommand.length === 0) return 'continue';
    if (this.options.bootWaitMs > 0) {
      await tell(ui, 'say', `Waiting ${formatGoDuration(BigInt(Math.round(this.options.bootWaitMs * 1e6)))} for boot...`);
      await sleep(this.options.bootWaitMs, undefined, { signal });
    }
    try {
      const data = {
        ...(bag.has('http_ip') ? { HTTPIP: bag.get('http_ip') } : {}),
        ...(bag.has('http_port') ? { HTTPPort: bag.get('http_port') } : {}),
        ...(this.options.templateData?.(state) ?? {}),
      };
      const events = renderBootCommand(this.options.bootCommand, data);
      await tell(ui, 'say', 'Typing the boot command...');
      await runBootCommand(events, await this.options.driver(state), signal);
    } catch (e) {
      if (signal.aborted) return 'halt';
      const err = new Error(`Error running boot command: ${(e as Error).message}`);
      bag.put('error', err);
      await tell(ui, 'error', err.message);
      return 'halt';
    }
    return 'continue';
  }
}
