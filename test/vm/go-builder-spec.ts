/**
 * Asks a Go builder compiled into Packer 1.6.6 for its ConfigSpec, as Packer core does: starts
 * `packer plugin packer-builder-<name>` with the magic cookie, reads the handshake line, opens a
 * yamux client session on the socket, dials broker id 0 and calls `Builder.ConfigSpec`
 * (our rpc/yamux, rpc/broker, rpc/netrpc and rpc/gob, acting as the client side).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { MuxBroker } from '../../src/rpc/broker.js';
import { decodeConfigSpec } from '../../src/rpc/gob/config-spec.js';
import type { HcldecObjectSpec } from '../../src/rpc/gob/hcldec-spec.js';
import { RpcClient } from '../../src/rpc/netrpc/index.js';
import { YamuxSession } from '../../src/rpc/yamux/index.js';

const COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

export async function goBuilderConfigSpec(packer: string, builder: string): Promise<HcldecObjectSpec> {
  const child = spawn(packer, ['plugin', `packer-builder-${builder}`], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PACKER_PLUGIN_MAGIC_COOKIE: COOKIE, PACKER_PLUGIN_MIN_PORT: '10000', PACKER_PLUGIN_MAX_PORT: '25000', CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(buf.slice(0, nl).trim());
      });
      child.on('exit', (code) => reject(new Error(`packer plugin exited ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`no handshake after 20 s: ${stderr}`)), 20_000).unref();
    });
    const parts = line.split('|');
    const network = parts[parts.length - 2];
    const addr = parts[parts.length - 1] as string;
    const sock = network === 'unix' ? connect({ path: addr }) : connect({ host: addr.split(':')[0], port: Number(addr.split(':')[1]) });
    const session = new YamuxSession(sock, { role: 'client', keepAliveIntervalMs: 0 });
    try {
      const broker = new MuxBroker(session);
      const rpc = new RpcClient(await broker.dial(0));
      const reply = await rpc.call<{ ConfigSpec: Uint8Array }>('Builder.ConfigSpec', null);
      return decodeConfigSpec(reply.ConfigSpec);
    } finally {
      session.close();
      sock.destroy();
    }
  } finally {
    child.kill('SIGKILL');
  }
}
