/**
 * Packer's boot-command language (Go: packer-plugin-sdk bootcommand/boot_command.pigeon and
 * boot_command_ast.go), parsed into a typed event sequence. A hand-written PEG parser of the same
 * grammar, with the same ordered choices (`Wait / CharToggle / Special / Literal` at each
 * position; anything that matches none is typed as a literal character), the same error texts
 * (pigeon's `line:col (offset): rule R: …`) and the same validation (`Expecting a positive wait
 * value. Got 0s`). Checked against Go's own parser by test/bootcommand (a Go program built from
 * the Go module proxy).
 *
 * - `<wait>` 1 s; `<waitN>` N seconds (decimal integer, no leading zeros; `<wait0>` is 1 s, as in
 *   Go, where the grammar's action misses the `0` alternative); `<waitD>` a Go duration
 *   (`<wait1m30s>`, `<wait1.5s>`, `<wait-1s>` which then fails validation). `wait` is lower case.
 * - `<xOn>` / `<xOff>`: hold / release the single character x (`on`/`off` any case).
 * - `<enter>`, `<f5>`, `<leftShiftOn>`, …: special keys (names any case, reported lower-case).
 */
import { DurationError, parseDurationNanos } from '../config/duration.js';

/** Go's KeyAction: press (down + up), hold (On) or release (Off). */
export type KeyAction = 'press' | 'on' | 'off';

/** One step of a boot command. Durations are in nanoseconds (a bigint, exact as Go's). */
export type BootEvent =
  | { readonly kind: 'wait'; readonly nanos: bigint }
  | { readonly kind: 'special'; readonly key: SpecialKey; readonly action: KeyAction }
  | { readonly kind: 'char'; readonly char: string; readonly action: KeyAction };

/** The special key names, lower-case, as the parser reports them. */
export const SPECIAL_KEYS = [
  'bs', 'del', 'enter', 'esc', 'f10', 'f11', 'f12', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9',
  'return', 'tab', 'up', 'down', 'spacebar', 'insert', 'home', 'end', 'pageup', 'pagedown',
  'leftalt', 'leftctrl', 'leftshift', 'rightalt', 'rightctrl', 'rightshift', 'leftsuper', 'rightsuper',
  'leftcommand', 'rightcommand', 'leftoption', 'rightoption', 'left', 'right', 'menu',
] as const;
export type SpecialKey = (typeof SPECIAL_KEYS)[number];

/** The boot command did not parse; `message` is pigeon's (one line per error). */
export class BootCommandSyntaxError extends Error {
  override readonly name = 'BootCommandSyntaxError';
}

const MAX_INT64 = (1n << 63n) - 1n;
const TIME_UNITS = ['ns', 'us', 'µs', 'ms', 's', 'm', 'h'];

/** A cursor over the code points of the input with pigeon's line/col/byte-offset positions. */
class Cursor {
  readonly chars: string[];
  private readonly offsets: number[] = [];
  private readonly lines: number[] = [];
  private readonly cols: number[] = [];

  constructor(text: string) {
    this.chars = [...text];
    let offset = 0;
    let line = 1;
    let col = 0;
    for (const ch of this.chars) {
      col++;
      this.offsets.push(offset);
      this.lines.push(line);
      this.cols.push(col);
      if (ch === '\n') {
        line++;
        col = 0;
      }
      offset += Buffer.byteLength(ch);
    }
  }

  position(i: number): string {
    return `${this.lines[i] ?? 1}:${this.cols[i] ?? 1} (${this.offsets[i] ?? 0})`;
  }

  /** Case-sensitive or -insensitive literal at i; returns the index after it or -1. */
  lit(i: number, text: string, insensitive = false): number {
    const want = [...text];
    for (let k = 0; k < want.length; k++) {
      const got = this.chars[i + k];
      if (got === undefined) return -1;
      if (insensitive ? got.toLowerCase() !== (want[k] as string).toLowerCase() : got !== want[k]) return -1;
    }
    return i + want.length;
  }

  digit(i: number, from = '0'): boolean {
    const c = this.chars[i];
    return c !== undefined && c.length === 1 && c >= from && c <= '9';
  }
}

type Match<T> = { end: number; value: T } | undefined;

class Parser {
  readonly errors: string[] = [];
  constructor(readonly c: Cursor) {}

  private addErr(at: number, rule: string, message: string): void {
    const text = `${this.c.position(at)}: rule ${rule}: ${message}`;
    if (!this.errors.includes(text)) this.errors.push(text);
  }

  /**
   * Integer = '0' / NonZeroDigit Digit* { strconv.ParseInt }. The action belongs to the second
   * alternative only, so a lone `0` yields no number (Go then waits its default 1 s for `<wait0>`).
   */
  integer(i: number): Match<bigint | undefined> {
    let end: number;
    if (this.c.chars[i] === '0') return { end: i + 1, value: undefined };
    if (this.c.digit(i, '1')) {
      end = i + 1;
      while (this.c.digit(end)) end++;
    } else return undefined;
    const text = this.c.chars.slice(i, end).join('');
    const value = BigInt(text);
    if (value > MAX_INT64) {
      this.addErr(i, 'Integer', `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
      return { end, value: MAX_INT64 };
    }
    return { end, value };
  }

  /** Number = '-'? Integer ( '.' Digit+ )? */
  number(i: number): number | undefined {
    let p = i;
    if (this.c.chars[p] === '-') p++;
    const int = this.integer(p);
    if (!int) return undefined;
    p = int.end;
    if (this.c.chars[p] === '.' && this.c.digit(p + 1)) {
      p += 2;
      while (this.c.digit(p)) p++;
    }
    return p;
  }

  /** Duration = ( Number TimeUnit )+ (action: time.ParseDuration). */
  duration(i: number): Match<bigint> {
    let p = i;
    let count = 0;
    for (;;) {
      const n = this.number(p);
      if (n === undefined) break;
      const unit = TIME_UNITS.map((u) => this.c.lit(n, u)).find((e) => e >= 0);
      if (unit === undefined) break;
      p = unit;
      count++;
    }
    if (count === 0) return undefined;
    const text = this.c.chars.slice(i, p).join('');
    try {
      return { end: p, value: parseDurationNanos(text) };
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      this.addErr(i, 'Duration', e.message);
      return { end: p, value: 0n };
    }
  }

  /** Wait = "<" "wait" ( Duration / Integer )? ">" */
  wait(i: number): Match<BootEvent> {
    let p = this.c.lit(i, '<');
    if (p < 0) return undefined;
    p = this.c.lit(p, 'wait');
    if (p < 0) return undefined;
    let nanos = 1_000_000_000n;
    const d = this.duration(p);
    if (d) {
      nanos = d.value;
      p = d.end;
    } else {
      const n = this.integer(p);
      if (n) {
        if (n.value !== undefined) nanos = clampMul(n.value, 1_000_000_000n);
        p = n.end;
      }
    }
    p = this.c.lit(p, '>');
    if (p < 0) return undefined;
    return { end: p, value: { kind: 'wait', nanos } };
  }

  private onOff(i: number): Match<KeyAction> {
    let e = this.c.lit(i, 'on', true);
    if (e >= 0) return { end: e, value: 'on' };
    e = this.c.lit(i, 'off', true);
    if (e >= 0) return { end: e, value: 'off' };
    return undefined;
  }

  /** CharToggle = "<" Literal ( On / Off ) ">" */
  charToggle(i: number): Match<BootEvent> {
    const p = this.c.lit(i, '<');
    if (p < 0) return undefined;
    const char = this.c.chars[p];
    if (char === undefined) return undefined;
    const t = this.onOff(p + 1);
    if (!t) return undefined;
    const end = this.c.lit(t.end, '>');
    if (end < 0) return undefined;
    return { end, value: { kind: 'char', char, action: t.value } };
  }

  /** Special = "<" SpecialKey ( On / Off )? ">" */
  special(i: number): Match<BootEvent> {
    let p = this.c.lit(i, '<');
    if (p < 0) return undefined;
    let key: SpecialKey | undefined;
    for (const k of SPECIAL_KEYS) {
      const e = this.c.lit(p, k, true);
      if (e >= 0) {
        key = k;
        p = e;
        break;
      }
    }
    if (!key) return undefined;
    let action: KeyAction = 'press';
    const t = this.onOff(p);
    if (t) {
      action = t.value;
      p = t.end;
    }
    p = this.c.lit(p, '>');
    if (p < 0) return undefined;
    return { end: p, value: { kind: 'special', key, action } };
  }

  parse(): BootEvent[] {
    const out: BootEvent[] = [];
    let i = 0;
    const n = this.c.chars.length;
    while (i < n) {
      const m = this.wait(i) ?? this.charToggle(i) ?? this.special(i);
      if (m) {
        out.push(m.value);
        i = m.end;
      } else {
        out.push({ kind: 'char', char: this.c.chars[i] as string, action: 'press' });
        i++;
      }
    }
    return out;
  }
}

function clampMul(a: bigint, b: bigint): bigint {
  // Go: time.Duration(t) * time.Second wraps around int64.
  const r = BigInt.asIntN(64, a * b);
  return r;
}

/**
 * Parses a boot command (Go: GenerateExpressionSequence over the joined `boot_command` lines).
 * Throws BootCommandSyntaxError with pigeon's message when an action fails (an out-of-range
 * number or duration). The empty string is the empty sequence.
 */
export function parseBootCommand(command: string): BootEvent[] {
  if (command === '') return [];
  const p = new Parser(new Cursor(command));
  const events = p.parse();
  if (p.errors.length > 0) throw new BootCommandSyntaxError(p.errors.join('\n'));
  return events;
}

/** Go's Duration.String(): `1h0m0s`, `1.5s`, `300ms`, `0s`. */
export function formatGoDuration(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  const u = neg ? -d : d;
  const frac = (v: bigint, digits: number): string => {
    const scale = 10n ** BigInt(digits);
    const f = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '');
    return `${v / scale}${f ? `.${f}` : ''}`;
  };
  let out: string;
  if (u < 1000n) out = `${u}ns`;
  else if (u < 1_000_000n) out = `${frac(u, 3)}µs`;
  else if (u < 1_000_000_000n) out = `${frac(u, 6)}ms`;
  else {
    const h = u / 3_600_000_000_000n;
    const m = (u / 60_000_000_000n) % 60n;
    const s = u % 60_000_000_000n;
    out = `${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${frac(s, 9)}s`;
  }
  return neg ? `-${out}` : out;
}

/** Validation errors (Go: expressionSequence.Validate): every wait must be positive. */
export function validateBootEvents(events: readonly BootEvent[]): string[] {
  return events
    .filter((e): e is Extract<BootEvent, { kind: 'wait' }> => e.kind === 'wait' && e.nanos <= 0n)
    .map((e) => `Expecting a positive wait value. Got ${formatGoDuration(e.nanos)}`);
}

/** Go's String() of each expression: `Wait<1s>`, `Spec-Press(enter)`, `LIT-On(a)`. */
export function bootEventString(e: BootEvent): string {
  const action = e.kind === 'wait' ? '' : e.action === 'press' ? 'Press' : e.action === 'on' ? 'On' : 'Off';
  switch (e.kind) {
    case 'wait':
      return `Wait<${formatGoDuration(e.nanos)}>`;
    case 'special':
      return `Spec-${action}(${e.key})`;
    case 'char':
      return `LIT-${action}(${e.char})`;
  }
}
