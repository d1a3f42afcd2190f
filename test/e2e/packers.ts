/**
 * Every Packer the shared end-to-end suite runs against, and what differs between them, in one
 * place: Debian's /usr/bin/packer 1.6.6 (the test builder found through PACKER_PLUGIN_PATH as
 * `packer-builder-tsb`) and the modern binaries of test/modern-packer/ (1.11.2, 1.16.0: the
 * test builder installed with `packer plugins install --path`). A missing binary fails the
 * suite with how to get it; it is never skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { DEBIAN_OBJECTSPEC_NAME, MODULE_OBJECTSPEC_NAME } from '../../src/plugin/protocol/index.js';
import { modernPackers, requirePacker } from '../e2e-modern/modern-packers.js';

/** How the test builder reaches Packer. */
export type PluginInstall =
  /** `packer-builder-tsb` in a directory named by PACKER_PLUGIN_PATH (Packer 1.6). */
  | 'legacy-plugin-path'
  /** `packer plugins install --path <bundle> github.com/acme/tsb` into a private HOME (Packer >= 1.7). */
  | 'plugins-install';

/** Where the versions differ in what the shared cases see (Packer's own wording and logs). */
export interface VersionExpectations {
  /** Prefix Packer puts before a `Ui.Message` line: `    ` before 1.13, `==> ` from 1.13 (like `Say`). */
  messagePrefix: string;
  /** Arguments Packer starts the builder plugin with, after its path (`''` for 1.6.6). */
  pluginStartArgs: string;
  /** Matches our launcher's PACKER_LOG line saying how it recognised this Packer (`pluginFile`: the plugin's file name). */
  launcherLog(pluginFile: string): RegExp;
  /** `packer validate` stdout (trimmed) for a valid template. */
  validStdout: string;
  /** What Packer calls the build of JSON builder `name` of type `type` in its output: `name` in 1.6.6, `type.name` from 1.7. */
  jsonBuildTarget(type: string, name: string): string;
}

/** One Packer binary the shared suite runs against. */
export interface PackerUnderTest {
  /** `1.6.6`, `1.11.2`, `1.16.0` */
  version: string;
  /** Absolute path of the binary (may be missing: see {@link requirePackerBinary}). */
  path: string;
  install: PluginInstall;
  expect: VersionExpectations;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function minorOf(version: string): [number, number] {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return [major, minor];
}

/** `packer` on PATH, symlinks resolved (as the plugin sees it in /proc); /usr/bin/packer if none. */
function packerOnPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).stdout.trim();
  return found !== '' && existsSync(found) ? realpathSync(found) : '/usr/bin/packer';
}

/** Debian's Packer 1.6.6 (`packer` on PATH, /usr/bin/packer here). */
export function legacyPacker(): PackerUnderTest {
  const path = packerOnPath();
  return {
    version: '1.6.6',
    path,
    install: 'legacy-plugin-path',
    expect: {
      messagePrefix: '    ',
      pluginStartArgs: '',
      launcherLog: (pluginFile) =>
        new RegExp(
          `${escapeRegExp(`${pluginFile} plugin: Plugin launcher: handshake v4, nested ObjectSpec name ${DEBIAN_OBJECTSPEC_NAME} (pid `)}\\d+` +
            escapeRegExp(` runs ${path}: Debian Packer <= 1.6 (`) +
            '(scanned|cached scan)\\)\\)',
        ),
      validStdout: '',
      jsonBuildTarget: (_type, name) => name,
    },
  };
}

/** A modern Packer built by test/modern-packer/build.sh. */
function modernPacker(version: string, path: string): PackerUnderTest {
  const [major, minor] = minorOf(version);
  return {
    version,
    path,
    install: 'plugins-install',
    expect: {
      messagePrefix: major > 1 || minor >= 13 ? '==> ' : '    ',
      pluginStartArgs: ' start builder -packer-default-plugin-name-',
      launcherLog: (pluginFile) =>
        new RegExp(
          escapeRegExp(
            `${pluginFile} plugin: Plugin launcher: handshake v5, nested ObjectSpec name ${MODULE_OBJECTSPEC_NAME} ` +
              `(installed as ${pluginFile} (packer plugins install layout, Packer >= 1.7))`,
          ),
        ),
      validStdout: 'The configuration is valid.',
      jsonBuildTarget: (type, name) => `${type}.${name}`,
    },
  };
}

/** Every Packer of the shared suite, oldest first: 1.6.6, then each of test/modern-packer/. */
export function allPackers(): PackerUnderTest[] {
  const modern = modernPackers()
    .map((p) => modernPacker(p.version, p.path))
    .reverse();
  return [legacyPacker(), ...modern];
}

/** The binary of `p`; throws a message saying how to get it when it is missing. */
export function requirePackerBinary(p: PackerUnderTest): string {
  if (existsSync(p.path)) return p.path;
  if (p.install === 'legacy-plugin-path') {
    throw new Error(`Packer ${p.version} is not installed: expected ${p.path} (Debian package "packer", e.g. apt-get install packer)`);
  }
  return requirePacker({ version: p.version, path: p.path });
}

/** A `Ui.Message` line as `p` prints it: `    <target>: <text>` before 1.13, `==> <target>: <text>` from 1.13. */
export function messageLine(p: PackerUnderTest, target: string, text: string): string {
  return `${p.expect.messagePrefix}${target}: ${text}`;
}
