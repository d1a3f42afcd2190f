import { readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LauncherInfo } from './launcher-info.js';
import { DEBIAN_OBJECTSPEC_NAME, MODULE_OBJECTSPEC_NAME } from './markers.js';
import { probePackerBinaryCached } from './packer-binary-probe.js';

/** Env override for the handshake line: `v4` (3-part, Packer <= 1.6) or `v5` (4-part, Packer >= 1.7). */
export const HANDSHAKE_ENV = 'PACKER_BUILDER_HANDSHAKE';
/** Env override for the gob name of the nested `hcldec.ObjectSpec`. */
export const OBJECTSPEC_NAME_ENV = 'PACKER_BUILDER_OBJECTSPEC_NAME';

/**
 * File name given by `packer plugins install` / `packer init` (Packer >= 1.7 layout):
 * `packer-plugin-NAME_vX.Y.Z_x5.0_linux_amd64`. Packer 1.6.6 never installs plugins itself.
 */
const INSTALLED_NAME = /^packer-plugin-[^_]+_v[^_]+_x(\d+)\.(\d+)_[^_]+_[^_]+?(?:\.exe)?$/;

/** How many ancestors are probed (plugin → packer; or plugin → sh wrapper → packer). */
export const MAX_ANCESTORS = 3;

/** Inputs other than the environment; tests replace them. */
export interface DetectOptions {
  /** Command line of this process (default `process.argv`). */
  argv?: readonly string[];
  /** Parent process id (default `process.ppid`). */
  ppid?: number;
  /** procfs root (default `/proc`). */
  procRoot?: string;
  /** Cache file for binary scans (default: see {@link launcherCacheFile}); `null`: no cache. */
  cacheFile?: string | null;
}

/**
 * Where scan verdicts are cached: the user's cache directory, never a shared temp directory:
 * `$XDG_CACHE_HOME/generator-packer-builder/launcher/launcher-probe.json` (XDG_CACHE_HOME only when
 * absolute), else `$HOME/.cache/…`; undefined (no cache) when neither is set. The `launcher`
 * directory must be private (0700, this uid): see {@link probePackerBinaryCached}.
 */
export function launcherCacheFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg?.startsWith('/') ? xdg : env.HOME ? join(env.HOME, '.cache') : undefined;
  return base === undefined ? undefined : join(base, 'generator-packer-builder', 'launcher', 'launcher-probe.json');
}

/**
 * Decides which Packer launched this plugin — the plugin cannot ask, and a wrong handshake line
 * is fatal. In order:
 * 1. `PACKER_BUILDER_HANDSHAKE` / `PACKER_BUILDER_OBJECTSPEC_NAME` overrides;
 * 2. `--protobuf` on the command line (only Packer >= 1.12 passes it) → `v5`;
 * 3. this script's file name in the modern install layout (`…_x5.0_linux_amd64`) → `v5`;
 * 4. scanning the executable of the parent process (then grand-parents, up to {@link MAX_ANCESTORS})
 *    for marker text (see markers.ts), cached by path+size+mtime+inode;
 * 5. otherwise `v5` (modern Packer), the likely launcher where /proc is unavailable.
 * The ObjectSpec name is Debian's vendored one only when a scanned Packer binary contains the
 * vendored hcldec path; otherwise the Go-modules name. Throws on an invalid override value.
 */
export function detectLauncher(env: NodeJS.ProcessEnv = process.env, options: DetectOptions = {}): LauncherInfo {
  const reasons: string[] = [];
  let handshake: 'v4' | 'v5' | undefined;
  let objectSpecName: string | undefined;

  const forcedHandshake = env[HANDSHAKE_ENV];
  if (forcedHandshake !== undefined && forcedHandshake !== '') {
    if (forcedHandshake !== 'v4' && forcedHandshake !== 'v5') {
      throw new Error(
        `${HANDSHAKE_ENV}=${JSON.stringify(forcedHandshake)} is not valid: use v4 (Packer 1.6 and older, line "5|unix|…") ` +
          'or v5 (Packer 1.7 and newer, line "5|0|unix|…"), or unset it to detect the launcher',
      );
    }
    handshake = forcedHandshake;
    reasons.push(`${HANDSHAKE_ENV}=${forcedHandshake}`);
  }
  const forcedName = env[OBJECTSPEC_NAME_ENV];
  if (forcedName !== undefined && forcedName !== '') {
    if (!/^\S+\.ObjectSpec$/.test(forcedName)) {
      throw new Error(
        `${OBJECTSPEC_NAME_ENV}=${JSON.stringify(forcedName)} is not valid: it must be a Go type name ending in ".ObjectSpec", ` +
          `e.g. ${MODULE_OBJECTSPEC_NAME} or ${DEBIAN_OBJECTSPEC_NAME}`,
      );
    }
    objectSpecName = forcedName;
    reasons.push(`${OBJECTSPEC_NAME_ENV}=${forcedName}`);
  }

  if (handshake === undefined) {
    const modern = modernFromCommandLine(options.argv ?? process.argv);
    if (modern) {
      handshake = 'v5';
      reasons.push(modern);
      // Modern Packer is a Go-modules build: the module gob name applies, no scan needed.
      objectSpecName ??= MODULE_OBJECTSPEC_NAME;
    }
  }

  if (handshake === undefined || objectSpecName === undefined) {
    const probe = probeAncestors(env, options);
    reasons.push(probe.reason);
    if (handshake === undefined && probe.handshake) handshake = probe.handshake;
    if (objectSpecName === undefined && probe.handshake) {
      objectSpecName = probe.vendoredHcl ? DEBIAN_OBJECTSPEC_NAME : MODULE_OBJECTSPEC_NAME;
    }
  }
  if (handshake === undefined) {
    handshake = 'v5';
    reasons.push('defaulting to v5 (Packer >= 1.7)');
  }
  if (objectSpecName === undefined) objectSpecName = MODULE_OBJECTSPEC_NAME;
  return { handshake, objectSpecName, source: reasons.join('; ') };
}

/** Why the command line proves a modern launcher, or undefined. */
function modernFromCommandLine(argv: readonly string[]): string | undefined {
  if (argv.includes('--protobuf')) return '--protobuf argument (Packer >= 1.12)';
  const script = argv[1] === undefined ? '' : basename(argv[1]);
  if (INSTALLED_NAME.test(script)) return `installed as ${script} (packer plugins install layout, Packer >= 1.7)`;
  return undefined;
}

interface AncestorProbe {
  handshake: 'v4' | 'v5' | undefined;
  vendoredHcl: boolean;
  reason: string;
}

function probeAncestors(env: NodeJS.ProcessEnv, options: DetectOptions): AncestorProbe {
  const procRoot = options.procRoot ?? '/proc';
  const cacheFile = options.cacheFile === null ? undefined : (options.cacheFile ?? launcherCacheFile(env));
  const notes: string[] = [];
  let pid: number | undefined = options.ppid ?? process.ppid;
  for (let depth = 0; depth < MAX_ANCESTORS && pid !== undefined && pid > 1; depth++) {
    const exeLink = join(procRoot, String(pid), 'exe');
    let target: string;
    try {
      target = readlinkSync(exeLink);
    } catch (err) {
      notes.push(`cannot read ${exeLink} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      break;
    }
    try {
      const { traits, cached, cacheRefused } = probePackerBinaryCached(exeLink, target, cacheFile);
      if (cacheRefused !== undefined && cacheFile !== undefined) notes.push(`scan cache not used: ${cacheRefused}`);
      if (traits.handshake) {
        const kind = traits.handshake === 'v5' ? 'Packer >= 1.7' : traits.vendoredHcl ? 'Debian Packer <= 1.6' : 'Packer <= 1.6';
        notes.push(`pid ${pid} runs ${target}: ${kind}${cached ? ' (cached scan)' : ' (scanned)'}`);
        return { ...traits, reason: notes.join('; ') };
      }
      notes.push(`pid ${pid} runs ${target}: not Packer`);
    } catch (err) {
      notes.push(`cannot scan ${target} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    pid = parentOf(procRoot, pid);
  }
  if (notes.length === 0) notes.push('no parent process to inspect');
  return { handshake: undefined, vendoredHcl: false, reason: notes.join('; ') };
}

function parentOf(procRoot: string, pid: number): number | undefined {
  try {
    const status = readFileSync(join(procRoot, String(pid), 'status'), 'utf8');
    const m = /^PPid:\s*(\d+)/m.exec(status);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}
