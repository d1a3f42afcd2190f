/**
 * The SSH connection's transport tuning: one write per tick on the socket (coalesce-writes.ts),
 * ssh2's per-packet ciphers keyed by KeyObjects (key-objects.ts, against a real sshd, across a
 * rekey), and sftp writes sized to one SSH packet.
 */
import { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalesceWrites } from '../../src/communicator/ssh/coalesce-writes.js';
import { sftpWriteSize } from '../../src/communicator/ssh/communicator.js';
import { keyObjectsForCiphers } from '../../src/communicator/ssh/key-objects.js';
import { TEST_USER, type Sshd } from '../support/sshd.js';
import { sshdWithKey } from './helpers.js';

describe('coalesceWrites', () => {
  let server: Server;
  let received: Promise<Buffer>;
  let client: Socket;
  beforeAll(async () => {
    received = new Promise((resolve) => {
      server = createServer((s) => {
        const parts: Buffer[] = [];
        s.on('data', (d: Buffer) => parts.push(d));
        s.on('end', () => resolve(Buffer.concat(parts)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    client = coalesceWrites(connect({ host: '127.0.0.1', port }));
    await new Promise((resolve) => client.once('connect', resolve));
  });
  afterAll(() => {
    client?.destroy();
    server?.close();
  });

  it('sends the writes of one tick in one writev, in order, with their callbacks', async () => {
    const batches: number[] = [];
    const writev = (client as unknown as { _writev: (chunks: unknown[], cb: () => void) => void })._writev.bind(client);
    (client as unknown as { _writev: (chunks: unknown[], cb: () => void) => void })._writev = (chunks, cb) => {
      batches.push(chunks.length);
      writev(chunks, cb);
    };
    const done: string[] = [];
    client.write(Buffer.from('len:'), () => done.push('a'));
    client.write(Buffer.from('ciphertext:'), () => done.push('b'));
    client.write(Buffer.from('tag'), () => done.push('c'));
    expect(client.writableCorked).toBe(1); // held for the rest of this tick
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.writableCorked).toBe(0);
    client.write('|next tick');
    await new Promise((resolve) => setImmediate(resolve));
    client.end();
    expect((await received).toString()).toBe('len:ciphertext:tag|next tick');
    expect(batches).toEqual([3]); // the lone write of the next tick goes by _write
    expect(done).toEqual(['a', 'b', 'c']);
  });
});

describe('keyObjectsForCiphers against a real sshd', () => {
  let sshd: Sshd;
  let key: string;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // the server starts a new key exchange after every 256 KiB: the rekey case
    ({ sshd, key, stop } = await sshdWithKey({ extra: ['RekeyLimit 256K'] }));
  });
  afterAll(() => stop?.());

  const exec = (client: Client, command: string): Promise<string> =>
    new Promise((resolve, reject) =>
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        let out = '';
        channel.on('data', (d: Buffer) => (out += d.toString()));
        channel.stderr.resume();
        channel.on('close', () => resolve(out));
      }),
    );
  const cipherKeys = (client: Client): unknown[] => {
    const p = (client as unknown as { _protocol: Record<string, Record<string, unknown>> })._protocol;
    return [p._cipher?._encKey ?? p._cipher?._macKey, p._decipher?._decipherKey ?? p._decipher?._macKey];
  };

  it.each([['aes128-gcm@openssh.com'], ['aes128-ctr']])('%s: the keys are KeyObjects after the handshake and after a rekey, and the connection works', async (cipher) => {
    const client = new Client();
    let handshakes = 0;
    client.on('handshake', () => handshakes++);
    try {
      const ready = new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', reject);
      });
      client.connect({ host: '127.0.0.1', port: sshd.port, username: TEST_USER, privateKey: readFileSync(key), algorithms: { cipher: [cipher] as never } });
      // This ssh2 has the properties the conversion relies on: if an upgrade removes them, this fails.
      expect(keyObjectsForCiphers(client)).toBe(true);
      await ready;
      for (const k of cipherKeys(client)) expect(k).toBeInstanceOf(KeyObject);
      expect(await exec(client, 'echo first')).toBe('first\n');
      // 600 kB each way: the server rekeys on the way
      expect(await exec(client, 'head -c 600000 /dev/zero | wc -c; head -c 600000 /dev/zero')).toHaveLength('600000\n'.length + 600_000);
      expect(handshakes).toBeGreaterThan(2);
      for (const k of cipherKeys(client)) expect(k).toBeInstanceOf(KeyObject);
    } finally {
      client.end();
    }
  });

  it('leaves an ssh2 without those properties alone', () => {
    expect(keyObjectsForCiphers({} as Client)).toBe(false);
    expect(keyObjectsForCiphers({ _protocol: { _cipher: {} } } as unknown as Client)).toBe(false);
  });
});

describe('sftpWriteSize', () => {
  it.each([
    [32768, 4, 32739],
    [undefined, 4, 32739],
    [65536, 4, 32768],
    [16384, 8, 16351],
    [512, 4, 1024],
  ])('packet %s, handle %s bytes: %s data bytes', (packet, handle, want) => {
    expect(sftpWriteSize(packet, handle)).toBe(want);
  });

  it.each([
    // OpenSSH's limits@openssh.com max-write-length: 7 whole packets
    [32768, 4, 261120, 7 * 32768 - 29],
    [32768, 8, 261120, 7 * 32768 - 33],
    // a limit below two packets: one packet's worth
    [32768, 4, 40000, 32739],
    [32768, 4, 16384, 16384],
    [16384, 4, 65536, 4 * 16384 - 29],
  ])('packet %s, handle %s bytes, server max write %s: %s data bytes', (packet, handle, maxWrite, want) => {
    const n = sftpWriteSize(packet, handle, maxWrite);
    expect(n).toBe(want);
    expect((n + 25 + handle) % packet === 0 || n === Math.min(32739, maxWrite)).toBe(true);
  });
});
