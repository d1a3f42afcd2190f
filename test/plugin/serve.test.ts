import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MuxBroker } from '../../src/rpc/broker.js';
import { dialClient } from '../../src/rpc/endpoints.js';
import { YamuxSession } from '../../src/rpc/yamux/session.js';
import { parsePluginArgs } from '../../src/plugin/args.js';
import { DEFAULT_COMPONENT_NAME, pickSingleBuilder, type PluginDefinition } from '../../src/plugin/serve.js';
import type { Builder } from '../../src/sdk/builder.js';
import { bundlePlugin, connectTo, COOKIE, startPlugin } from './helpers.js';

let plugin: { dir: string; file: string; cleanup: () => void };
beforeAll(async () => {
  plugin = await bundlePlugin(new URL('./fixtures/mini-plugin.ts', import.meta.url).pathname, 'packer-builder-mini');
});
afterAll(() => plugin.cleanup());

const v4 = { ...COOKIE, PACKER_BUILDER_HANDSHAKE: 'v4' };

function parseLine(line: string): { network: string; address: string } {
  const parts = line.split('|');
  return { network: parts.at(-2) as string, address: parts.at(-1) as string };
}

/** Connects like Packer: yamux client, Dial(0); returns the Builder client. */
async function connectCore(line: string) {
  const { network, address } = parseLine(line);
  const socket = await connectTo(network, address);
  const session = new YamuxSession(socket, { role: 'client', keepAliveIntervalMs: 0 });
  const broker = new MuxBroker(session);
  const main = await dialClient(broker, 0);
  return { socket, session, broker, main };
}

describe('parsePluginArgs', () => {
  it('recognises every form Packer and people use', () => {
    expect(parsePluginArgs([])).toEqual({ kind: 'single' });
    expect(parsePluginArgs(['describe'])).toEqual({ kind: 'describe' });
    expect(parsePluginArgs(['start', 'builder', 'x'])).toEqual({ kind: 'start', component: 'builder', name: 'x', protobuf: false });
    expect(parsePluginArgs(['start', 'builder', '--protobuf', 'x'])).toEqual({ kind: 'start', component: 'builder', name: 'x', protobuf: true });
    expect(parsePluginArgs(['start', 'builder'])).toEqual({
      kind: 'error',
      message: "start takes two arguments, for example 'start builder example-builder'. Found: [builder]",
    });
    expect(parsePluginArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parsePluginArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parsePluginArgs(['frobnicate'])).toEqual({ kind: 'error', message: 'Unknown command: "frobnicate" (try --help)' });
  });
});

describe('pickSingleBuilder', () => {
  const b = (): Builder => ({}) as Builder;
  const def = (names: string[]): PluginDefinition => ({ name: 'p', version: '1.0.0', builders: Object.fromEntries(names.map((n) => [n, b])) });
  it('uses the file name, then the only builder, then the default component', () => {
    expect(pickSingleBuilder(def(['a', 'b']), '/x/packer-builder-b')).toBe('b');
    expect(pickSingleBuilder(def(['a', 'b']), '/x/packer-builder-b.exe')).toBe('b');
    expect(pickSingleBuilder(def(['a']), '/x/main.js')).toBe('a');
    expect(pickSingleBuilder(def(['a', DEFAULT_COMPONENT_NAME]), '/x/packer-builder-zzz')).toBe(DEFAULT_COMPONENT_NAME);
    expect(pickSingleBuilder(def(['a', 'b']), '/x/packer-builder-c')).toEqual({
      error:
        'packer-builder-c: cannot tell which builder to serve; this plugin has builders a, b. Install it as packer-builder-<builder> (e.g. packer-builder-a), or as packer-plugin-p so Packer starts it with "start builder <name>".',
    });
  });
});

describe('servePlugin in a real process', () => {
  it('started by hand: explains what it is on stderr, nothing on stdout, exit 1', async () => {
    const p = startPlugin(plugin.file, [], {});
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('This is a Packer builder plugin (mini 1.2.3), not a program to run by hand.');
    expect(p.stderr()).toContain('npm run install-plugin');
    expect(p.stderr()).toContain('~/.packer.d/plugins/packer-builder-mini');
    expect(p.stderr()).toContain('source "mini" "example"');
    expect(p.stderr()).toContain('Please do not execute plugins directly. Packer will execute these for you.');
  });

  it('describe prints the components as one JSON line that Packer 1.6.6 can read', async () => {
    const p = startPlugin(plugin.file, ['describe'], {});
    expect(await p.exited).toBe(0);
    const lines = p.stdout().split('\n');
    expect(lines).toHaveLength(2);
    const desc = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(desc).toMatchObject({ version: '1.2.3', builders: ['mini', 'other'], post_processors: [], provisioners: [] });
    expect(typeof desc.sdk_version).toBe('string');
  });

  it('serves over a private unix socket: 1.6.6 handshake, one connection, socket dir gone, clean exit', async () => {
    const p = startPlugin(plugin.file, [], v4);
    const line = await p.line;
    expect(line).toMatch(/^5\|unix\|\/.+\/packer-plugin-[^/]+\/plugin\.sock$/);
    const { address } = parseLine(line);
    const dir = dirname(address);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const { session, main } = await connectCore(line);
    // accepted exactly one connection: the socket and its directory are gone already
    expect(existsSync(dir)).toBe(false);
    await expect(connectTo('unix', address)).rejects.toThrow();
    const prep = await main.call<{ GeneratedVars: string[] }>('Builder.Prepare', { Configs: [{}] });
    expect(prep.GeneratedVars).toEqual(['mini']);
    const cs = await main.call<{ ConfigSpec: Uint8Array }>('Builder.ConfigSpec', null);
    expect(cs.ConfigSpec).toBeInstanceOf(Uint8Array);
    main.close();
    expect(await p.exited).toBe(0);
    session.close();
    expect(p.stdout()).toBe(`${line}\n`);
    expect(p.stderr()).toContain(`Plugin address: unix ${address}\n`);
    expect(p.stderr()).toContain('Waiting for connection...\n');
    expect(p.stderr()).toContain('Serving a plugin connection...\n');
    expect(p.stderr()).toContain('console.log from prepare must not reach stdout');
  });

  it('prints the modern 4-part line when launched by Packer >= 1.7', async () => {
    const p = startPlugin(plugin.file, [], { ...COOKIE, PACKER_BUILDER_HANDSHAKE: 'v5' });
    const line = await p.line;
    expect(line).toMatch(/^5\|0\|unix\|\/.+\/plugin\.sock$/);
    // Packer connects and hangs up: the plugin exits and removes its socket folder.
    const socketPath = line.split('|').at(-1) as string;
    const conn = net.connect(socketPath);
    await new Promise<void>((resolve, reject) => conn.once('connect', resolve).once('error', reject));
    conn.destroy();
    await p.exited;
    expect(existsSync(dirname(socketPath))).toBe(false);
  });

  it('listens on TCP in the Packer port range when asked, skipping busy ports', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    const p = startPlugin(plugin.file, [], {
      ...v4,
      PACKER_PLUGIN_TRANSPORT: 'tcp',
      PACKER_PLUGIN_MIN_PORT: String(port),
      PACKER_PLUGIN_MAX_PORT: String(port + 20),
    });
    const line = await p.line;
    busy.close();
    expect(line).toMatch(new RegExp(`^5\\|tcp\\|127\\.0\\.0\\.1:(\\d+)$`));
    const chosen = Number(line.split(':').at(-1));
    expect(chosen).toBeGreaterThan(port);
    expect(chosen).toBeLessThanOrEqual(port + 20);
    const { main, session } = await connectCore(line);
    expect((await main.call<{ GeneratedVars: string[] }>('Builder.Prepare', { Configs: [] })).GeneratedVars).toEqual(['mini']);
    main.close();
    expect(await p.exited).toBe(0);
    session.close();
  });

  it('ignores SIGINT and SIGTERM with Go\'s log line and keeps serving', async () => {
    const p = startPlugin(plugin.file, [], v4);
    const line = await p.line;
    const { main, session } = await connectCore(line);
    p.child.kill('SIGINT');
    p.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(p.child.exitCode).toBeNull();
    expect(p.stderr()).toContain('Received interrupt signal (count: 1). Ignoring.\n');
    expect(p.stderr()).toContain('Received interrupt signal (count: 2). Ignoring.\n');
    expect((await main.call<{ GeneratedVars: string[] }>('Builder.Prepare', { Configs: [] })).GeneratedVars).toEqual(['mini']);
    session.close();
    expect(await p.exited).toBe(0);
  });

  it('serves the builder named by `start builder NAME` and refuses other kinds', async () => {
    const p = startPlugin(plugin.file, ['start', 'builder', 'other'], v4);
    const { main, session } = await connectCore(await p.line);
    expect((await main.call<{ GeneratedVars: string[] }>('Builder.Prepare', { Configs: [] })).GeneratedVars).toEqual(['other']);
    main.close();
    expect(await p.exited).toBe(0);
    session.close();
    const q = startPlugin(plugin.file, ['start', 'provisioner', 'mini'], v4);
    expect(await q.exited).toBe(1);
    expect(q.stderr()).toContain('Unknown plugin type: provisioner (mini only has builders: mini, other)');
    const r = startPlugin(plugin.file, ['start', 'builder', 'nope'], v4);
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain('mini: no builder named "nope"; it has: mini, other');
  });
});
