/**
 * The plugin process before Packer connects and when its stderr is gone (issue 10 §2, §4):
 * SIGINT/SIGTERM end it like a Go plugin, a too-long TMPDIR is logged, a SIGKILL's socket
 * directory is recognised and removed by the next start (only ours), and writes to a broken
 * stderr go to the log file instead of killing the process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_DIR_PREFIX } from '../../src/plugin/listener.js';
import { logFilePath } from '../../src/plugin/log-sink.js';
import { chownToNobody } from '../protocol/helpers.js';
import { bundlePlugin, COOKIE, startPlugin } from './helpers.js';

let plugin: { dir: string; file: string; cleanup: () => void };
let sinkChild: { dir: string; file: string; cleanup: () => void };
let root: string;
beforeAll(async () => {
  plugin = await bundlePlugin(new URL('./fixtures/mini-plugin.ts', import.meta.url).pathname, 'packer-builder-mini');
  sinkChild = await bundlePlugin(new URL('./fixtures/log-sink-child.ts', import.meta.url).pathname, 'log-sink-child');
  root = mkdtempSync(join(tmpdir(), 'gpb-lifecycle-'));
});
afterAll(() => {
  plugin.cleanup();
  sinkChild.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const v4 = { ...COOKIE, PACKER_BUILDER_HANDSHAKE: 'v4' };

function privateTmp(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function exitOf(child: ReturnType<typeof startPlugin>['child']): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('before Packer connects', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends the plugin (like a Go plugin) and removes its socket directory', async (signal) => {
    const tmp = privateTmp(`sig-${signal}`);
    const p = startPlugin(plugin.file, [], { ...v4, TMPDIR: tmp });
    const line = await p.line;
    const socketDir = dirname(line.split('|').at(-1) as string);
    expect(existsSync(socketDir)).toBe(true);
    p.child.kill(signal);
    expect(await exitOf(p.child)).toEqual({ code: null, signal });
    expect(p.stderr()).toContain(`Received ${signal} before Packer connected: exiting`);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a TMPDIR too long for a unix socket path: the fallback to /tmp is logged', async () => {
    const long = privateTmp(`long-${'x'.repeat(100)}`);
    const p = startPlugin(plugin.file, [], { ...v4, TMPDIR: long });
    const line = await p.line;
    expect(line).toMatch(new RegExp(`^5\\|unix\\|/tmp/${SOCKET_DIR_PREFIX}${p.child.pid}-[A-Za-z0-9]{6}/plugin\\.sock$`));
    expect(p.stderr()).toMatch(
      new RegExp(`TMPDIR ${long} is too long for a unix socket path \\(\\d+ > 107 bytes\\): the plugin socket goes under /tmp instead`),
    );
    p.child.kill('SIGTERM');
    await exitOf(p.child);
    expect(existsSync(dirname(line.split('|').at(-1) as string))).toBe(false);
  });

  it('a SIGKILL leaves a socket directory named after its pid; the next start removes it, and only what is ours', async () => {
    const tmp = privateTmp('stale');
    const a = startPlugin(plugin.file, [], { ...v4, TMPDIR: tmp });
    const aLine = await a.line;
    const aDir = dirname(aLine.split('|').at(-1) as string);
    expect(aDir).toMatch(new RegExp(`/${SOCKET_DIR_PREFIX}${a.child.pid}-[A-Za-z0-9]{6}$`));
    a.child.kill('SIGKILL');
    await exitOf(a.child);
    expect(existsSync(join(aDir, 'plugin.sock'))).toBe(true);
    const dead = a.child.pid as number;
    // look-alikes that must stay: a live pid, an extra file, another user's, a symlink, another prefix
    const keep = {
      live: join(tmp, `${SOCKET_DIR_PREFIX}${process.pid}-aaaaaa`),
      extraFile: join(tmp, `${SOCKET_DIR_PREFIX}${dead}-bbbbbb`),
      otherUser: join(tmp, `${SOCKET_DIR_PREFIX}${dead}-cccccc`),
      symlink: join(tmp, `${SOCKET_DIR_PREFIX}${dead}-dddddd`),
      goPlugin: join(tmp, 'packer-plugin123456'),
    };
    mkdirSync(keep.live, { mode: 0o700 });
    mkdirSync(keep.extraFile, { mode: 0o700 });
    writeFileSync(join(keep.extraFile, 'notes.txt'), 'not a socket');
    mkdirSync(keep.otherUser, { mode: 0o700 });
    chownToNobody(keep.otherUser);
    symlinkSync(keep.live, keep.symlink);
    mkdirSync(keep.goPlugin, { mode: 0o700 });

    const b = startPlugin(plugin.file, [], { ...v4, TMPDIR: tmp });
    const bLine = await b.line;
    expect(existsSync(aDir)).toBe(false);
    expect(b.stderr()).toContain(`Removed the stale socket directory ${aDir} of plugin process ${dead} (no longer running)`);
    for (const path of Object.values(keep)) expect(existsSync(path), path).toBe(true);
    b.child.kill('SIGTERM');
    await exitOf(b.child);
    expect(existsSync(dirname(bLine.split('|').at(-1) as string))).toBe(false);
  });
});

describe('when stderr is gone', () => {
  it('logFilePath: PACKER_LOG_PATH, else $XDG_STATE_HOME (default ~/.local/state)/packer-plugin-NAME/plugin.log', () => {
    expect(logFilePath('x', { PACKER_LOG_PATH: '/var/log/p.log', HOME: '/h' })).toBe('/var/log/p.log');
    expect(logFilePath('x', { XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/packer-plugin-x/plugin.log');
    expect(logFilePath('x', { XDG_STATE_HOME: 'relative', HOME: '/h' })).toBe('/h/.local/state/packer-plugin-x/plugin.log');
    expect(logFilePath('x', { PACKER_LOG_PATH: '', HOME: '/h' })).toBe('/h/.local/state/packer-plugin-x/plugin.log');
  });

  it('writes that fail (EPIPE) go to the log file, and the process lives on and exits 0', async () => {
    const state = privateTmp('state');
    const child = spawn(process.execPath, [sinkChild.file], {
      env: { PATH: process.env.PATH, HOME: root, XDG_STATE_HOME: state },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('before: stderr works\n')) resolve();
      }),
    );
    // Packer dies: the read ends of the plugin's stderr and stdout close
    child.stderr.destroy();
    child.stdout.destroy();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.stdin.write('go\n');
    child.stdin.end();
    expect(await exited).toEqual({ code: 0, signal: null });
    const log = readFileSync(join(state, 'packer-plugin-sinktest', 'plugin.log'), 'utf8');
    const stamp = `\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[pid ${child.pid}\\] `;
    for (const line of ['after: process.stderr.write', 'after: console.error 42', 'after: console.log', 'after: stderrLost=true']) {
      expect(log).toMatch(new RegExp(`^${stamp}${line}$`, 'm'));
    }
    expect(log).not.toContain('before: stderr works');
  });
});
