/**
 * Boot-command settings (Go: packer-plugin-sdk bootcommand/config.go, `BootConfig` and
 * `VNCConfig`). A plugin's `Config` extends {@link BootConfig} or {@link VNCConfig} (which includes
 * BootConfig's fields); regenerate-spec spreads {@link bootConfigSpecEntries} /
 * {@link vncConfigSpecEntries}.
 */
import { parseDurationNanos } from '../config/duration.js';
import { renderTemplate } from '../config/interpolate.js';
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';
import type { Duration } from '../sdk/duration.js';
import { parseBootCommand, validateBootEvents, type BootEvent } from './parser.js';

export interface BootConfig {
  /** Pause between groups of key events sent by PC-XT scancode drivers (Go default 100ms, env `PACKER_KEY_INTERVAL`). */
  bootKeygroupInterval?: Duration;
  /** Wait after the machine starts before typing the boot command (default `10s`). */
  bootWait?: Duration;
  /** Keys typed at boot, joined into one string: `<enter>`, `<wait5>`, `{{ .HTTPIP }}`. */
  bootCommand?: string[];
}

export interface VNCConfig extends BootConfig {
  /** Do not use VNC (then no boot_command). */
  disableVnc?: boolean;
  /** Pause between key events sent over VNC (default 100ms, env `PACKER_KEY_INTERVAL`). */
  bootKeyInterval?: Duration;
}

export const bootConfigSpecEntries: Readonly<Record<string, Spec>> = {
  boot_keygroup_interval: spec.attr('boot_keygroup_interval', cty.string, {
    property: 'bootKeygroupInterval',
    example: null,
    description: 'Pause between groups of key events (e.g. `100ms`).',
    duration: true,
  }),
  boot_wait: spec.attr('boot_wait', cty.string, {
    property: 'bootWait',
    example: null,
    description: 'Time to wait after booting the machine before typing `boot_command`.',
    default: '10s',
    duration: true,
  }),
  boot_command: spec.attr('boot_command', cty.list(cty.string), {
    property: 'bootCommand',
    // What examples show: an installer fetching its answers from the build's HTTP server.
    example: ['<esc><wait>', 'install auto=true url=http://{{ .HTTPIP }}:{{ .HTTPPort }}/preseed.cfg<enter>'],
    description:
      'Keys to type when the machine boots: text, special keys (`<enter>`, `<f5>`, `<leftShiftOn>`), waits (`<wait>`, `<wait10>`, `<wait1m30s>`) and `{{ .HTTPIP }}`/`{{ .HTTPPort }}`.',
  }),
};

export const vncConfigSpecEntries: Readonly<Record<string, Spec>> = {
  ...bootConfigSpecEntries,
  disable_vnc: spec.attr('disable_vnc', cty.bool, {
    property: 'disableVnc',
    example: null,
    description: 'Do not use VNC; `boot_command` cannot be used then.',
  }),
  boot_key_interval: spec.attr('boot_key_interval', cty.string, {
    property: 'bootKeyInterval',
    example: null,
    description: 'Pause between key events sent over VNC (default 100ms, or `PACKER_KEY_INTERVAL`).',
    duration: true,
  }),
};

/**
 * Fields a VM builder leaves out of JSON-template interpolation at prepare time, because they are
 * rendered at run time with the build's data (Go: `InterpolateFilter.Exclude: []string{"boot_command"}`
 * in every VM builder): pass as `decodeConfig(spec, raws, { interpolate: { exclude } })`.
 */
export const BOOT_COMMAND_INTERPOLATE_EXCLUDE: readonly string[] = ['boot_command'];

/** The boot command lines joined into one string (Go: FlatBootCommand). */
export function flatBootCommand(c: BootConfig): string {
  return (c.bootCommand ?? []).join('');
}

/**
 * Sets `boot_wait` to `10s` when unset and checks the boot command (Go: BootConfig.Prepare): it
 * must parse, and every wait must be positive. Template actions (`{{ .HTTPIP }}`) are checked at
 * run time, after interpolation, as in Go (they contain no `<…>` syntax).
 */
export function prepareBootConfig(c: BootConfig): string[] {
  if (!c.bootWait || parseDurationNanos(c.bootWait) === 0n) c.bootWait = '10s';
  if (c.bootCommand === undefined) return [];
  try {
    return validateBootEvents(parseBootCommand(flatBootCommand(c)));
  } catch (e) {
    return [(e as Error).message];
  }
}

/** VNCConfig.Prepare: no boot command with VNC disabled, then BootConfig's checks. */
export function prepareVNCConfig(c: VNCConfig): string[] {
  const errs: string[] = [];
  if ((c.bootCommand?.length ?? 0) > 0 && c.disableVnc) errs.push('A boot command cannot be used when vnc is disabled.');
  return [...errs, ...prepareBootConfig(c)];
}

/** What `{{ .Name }}` can read in a boot command (Go: each builder's bootCommandTemplateData). */
export interface BootCommandTemplateData {
  /** The address the machine reaches the build's HTTP server on (state `http_ip`). */
  HTTPIP?: string;
  /** The HTTP server's port (state `http_port`). */
  HTTPPort?: number;
  /** The machine's name. */
  Name?: string;
  readonly [key: string]: unknown;
}

/**
 * Interpolates each line with the template data (Go: `interpolate.Render(command, &ctx)` with
 * `ctx.Data = bootCommandTemplateData{…}`), joins them and parses the result.
 * Throws the template error or BootCommandSyntaxError; a non-positive wait is an error too.
 */
export function renderBootCommand(lines: readonly string[], data: BootCommandTemplateData): BootEvent[] {
  const text = lines.map((l) => renderTemplate(l, { data })).join('');
  const events = parseBootCommand(text);
  const bad = validateBootEvents(events);
  if (bad.length > 0) throw new Error(bad.join('\n'));
  return events;
}
