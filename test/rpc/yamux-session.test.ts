import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Flag, FrameType, GoAwayCode, INITIAL_STREAM_WINDOW } from '../../src/rpc/yamux/frame.js';
import { YamuxSession } from '../../src/rpc/yamux/session.js';
import { YamuxStreamResetError, type YamuxStream } from '../../src/rpc/yamux/stream.js';
import { hdr, once, RawPeer, socketPair, vectorPath } from './helpers.js';
import { readFileSync } from 'node:fs';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

/** Our session in server role (the plugin side) against a raw peer playing Packer core. */
async function serverVsRaw(options: { keepAliveIntervalMs?: number; keepAliveTimeoutMs?: number } = {}) {
  const { a, b, cleanup } = await socketPair();
  const logs: string[] = [];
  const session = new YamuxSession(a, { role: 'server', keepAliveIntervalMs: 0, ...options, log: (l) => logs.push(l) });
  const peer = new RawPeer(b);
  cleanups.push(() => {
    session.close();
    cleanup();
  });
  return { session, peer, logs };
}

/** Two of our sessions connected to each other. */
async function clientVsServer() {
  const { a, b, cleanup } = await socketPair();
  const server = new YamuxSession(a, { role: 'server', keepAliveIntervalMs: 0 });
  const client = new YamuxSession(b, { role: 'client', keepAliveIntervalMs: 0 });
  cleanups.push(() => {
    client.close();
    server.close();
    cleanup();
  });
  return { server, client };
}

function readAll(stream: YamuxStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
    stream.resume();
  });
}

const windowUpdates = (peer: RawPeer, id: number) =>
  peer.frames.filter((f) => f.header.type === FrameType.WindowUpdate && f.header.streamId === id && f.header.flags === 0);

describe('yamux session, byte level (server role against a raw core)', () => {
  it('answers the captured opening of a session exactly like Go (ACK at once, then data)', async () => {
    const { session, peer } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    // core->plugin: first two frames of sessions/json-file-build (misc/yamux-frames-sample.txt)
    peer.send('000100010000000100000000' + '000000000000000100000004' + '00000000');
    const stream = await accepted;
    expect(stream.id).toBe(1);
    const id = await once<Buffer>(stream, 'data');
    expect(id.toString('hex')).toBe('00000000');
    stream.write(Buffer.from('00000000', 'hex'));
    await peer.until(() => peer.frames.length >= 2, 'ack and data');
    expect(peer.hex()).toBe('000100020000000100000000' + '000000000000000100000004' + '00000000');
  });

  it('opens even stream ids with WindowUpdate+SYN and delta 0', async () => {
    const { session, peer } = await serverVsRaw();
    const s1 = session.open();
    s1.write(Buffer.from('01000000', 'hex'));
    const s2 = session.open();
    expect([s1.id, s2.id]).toEqual([2, 4]);
    await peer.until(() => peer.frames.length >= 3, 'frames');
    expect(peer.hex()).toBe(
      '000100010000000200000000' + '000000000000000200000004' + '01000000' + '000100010000000400000000',
    );
    expect(s1.established).toBe(false);
    peer.send(hdr(FrameType.WindowUpdate, Flag.ACK, 2, 0));
    await new Promise((r) => setTimeout(r, 20));
    expect(s1.established).toBe(true);
  });

  it('answers pings with the captured bytes and sends its own keepalive pings counting from 0', async () => {
    const { peer } = await serverVsRaw({ keepAliveIntervalMs: 30 });
    // from misc/yamux-frames-sample.txt: core ping SYN id 1, plugin answers ACK id 1
    peer.send('000200010000000000000001');
    await peer.until(() => peer.frames.some((f) => f.header.flags === Flag.ACK), 'ping ack');
    expect(peer.frames.find((f) => f.header.flags === Flag.ACK)?.header).toMatchObject({ type: FrameType.Ping, streamId: 0, length: 1 });
    await peer.until(() => peer.frames.filter((f) => f.header.type === FrameType.Ping && f.header.flags === Flag.SYN).length >= 1, 'ping 0');
    peer.send('000200020000000000000000');
    await peer.until(() => peer.frames.filter((f) => f.header.type === FrameType.Ping && f.header.flags === Flag.SYN).length >= 2, 'ping 1');
    const ids = peer.frames.filter((f) => f.header.type === FrameType.Ping && f.header.flags === Flag.SYN).map((f) => f.header.length);
    expect(ids.slice(0, 2)).toEqual([0, 1]);
    const sample = readFileSync(vectorPath('misc/yamux-frames-sample.txt'), 'utf8');
    expect(sample).toContain('hdr=000200010000000000000001 PING flags=SYN');
  });

  it('closes the session when a keepalive ping is not answered', async () => {
    const { session, logs } = await serverVsRaw({ keepAliveIntervalMs: 20, keepAliveTimeoutMs: 30 });
    const err = await once<Error>(session, 'close');
    expect(err.message).toBe('yamux: keepalive failed: i/o deadline reached');
    expect(logs).toContain('[ERR] yamux: keepalive failed: i/o deadline reached');
  });

  it('accepts data carried on the SYN frame itself', async () => {
    const { session, peer } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    peer.sendFrame(FrameType.Data, Flag.SYN, 3, 5, Buffer.from('hello'));
    const stream = await accepted;
    expect((await once<Buffer>(stream, 'data')).toString()).toBe('hello');
    await peer.until(() => peer.frames.length >= 1, 'ack');
    expect(peer.frames[0]?.header).toMatchObject({ type: FrameType.WindowUpdate, flags: Flag.ACK, streamId: 3, length: 0 });
  });

  it('ends the readable side on FIN (WindowUpdate or Data frame) and FINs back on end()', async () => {
    const { session, peer } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const stream = await accepted;
    const all = readAll(stream);
    peer.sendFrame(FrameType.Data, 0, 1, 3, Buffer.from('abc'));
    peer.sendFrame(FrameType.Data, Flag.FIN, 1, 3, Buffer.from('def'));
    expect((await all).toString()).toBe('abcdef');
    expect(session.streamCount).toBe(1);
    stream.end();
    await peer.until(() => peer.frames.some((f) => f.header.flags === Flag.FIN), 'FIN');
    expect(peer.frames.at(-1)?.header).toMatchObject({ type: FrameType.WindowUpdate, flags: Flag.FIN, streamId: 1, length: 0 });
    expect(session.streamCount).toBe(0);
  });

  it('fails the stream with a reset error on RST and sends RST when destroyed early', async () => {
    const { session, peer } = await serverVsRaw();
    const streams: YamuxStream[] = [];
    session.on('stream', (s: YamuxStream) => streams.push(s));
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 3, 0);
    await peer.until(() => peer.frames.length >= 2, 'two ACKs');
    const [s1, s3] = streams as [YamuxStream, YamuxStream];
    const errored = once<Error>(s1, 'error');
    peer.sendFrame(FrameType.WindowUpdate, Flag.RST, 1, 0);
    const err = await errored;
    expect(err).toBeInstanceOf(YamuxStreamResetError);
    expect(err.message).toBe('yamux: stream 1 reset by peer');
    s3.destroy();
    await peer.until(() => peer.frames.some((f) => f.header.flags === Flag.RST), 'RST');
    expect(peer.frames.find((f) => f.header.flags === Flag.RST)?.header).toMatchObject({ streamId: 3, type: FrameType.WindowUpdate });
    expect(session.streamCount).toBe(0);
  });

  it('credits the window once half of it was consumed, and holds credit while the reader lags', async () => {
    const { session, peer } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const stream = await accepted;
    stream.pause();
    const frame = Buffer.alloc(32 * 1024, 1);
    for (let i = 0; i < 8; i++) peer.sendFrame(FrameType.Data, 0, 1, frame.length, frame);
    await peer.until(() => windowUpdates(peer, 1).length >= 1, 'first credit');
    // 4 frames (128 KiB) consumed while the reader was below its high-water mark: credit 128 KiB.
    // The next 128 KiB fill the readable buffer (256 KiB): no credit until the reader reads.
    for (let i = 0; i < 4; i++) peer.sendFrame(FrameType.Data, 0, 1, frame.length, frame);
    await new Promise((r) => setTimeout(r, 50));
    expect(windowUpdates(peer, 1).map((f) => f.header.length)).toEqual([131072]);
    expect(stream.readableLength).toBe(12 * 32 * 1024);
    let got = 0;
    stream.on('data', (c: Buffer) => {
      got += c.length;
    });
    stream.resume();
    await peer.until(() => windowUpdates(peer, 1).length >= 2, 'second credit');
    expect(windowUpdates(peer, 1).map((f) => f.header.length)).toEqual([131072, 262144]);
    expect(got).toBe(12 * 32 * 1024);
  });

  it('sends GoAway(protocol error) and closes when the peer overruns the window', async () => {
    const { session, peer, logs } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    const stream = await accepted;
    stream.pause();
    const closed = once<Error>(session, 'close');
    const big = Buffer.alloc(INITIAL_STREAM_WINDOW + 1);
    peer.sendFrame(FrameType.Data, 0, 1, big.length, big);
    const err = await closed;
    expect(err.message).toBe('yamux: receive window exceeded (stream: 1, remain: 262144, recv: 262145)');
    await peer.until(() => peer.frames.some((f) => f.header.type === FrameType.GoAway), 'go away');
    expect(peer.hex()).toContain(hdr(FrameType.GoAway, 0, 0, GoAwayCode.ProtocolError));
    expect(logs[0]).toBe('[ERR] yamux: receive window exceeded (stream: 1, remain: 262144, recv: 262145)');
  });

  it('sends GoAway(protocol error) on a duplicate SYN', async () => {
    const { session, peer } = await serverVsRaw();
    session.on('stream', () => undefined);
    const closed = once<Error>(session, 'close');
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    expect((await closed).message).toMatch(/^yamux: duplicate stream declared/);
    await peer.until(() => peer.frames.some((f) => f.header.type === FrameType.GoAway), 'go away');
    expect(peer.frames.at(-1)?.header).toMatchObject({ type: FrameType.GoAway, length: GoAwayCode.ProtocolError });
  });

  it('never sends more than the peer window and resumes on WindowUpdate (no polling)', async () => {
    const { session, peer } = await serverVsRaw();
    const stream = session.open();
    const payload = randomBytes(600 * 1024);
    let writeDone = false;
    stream.write(payload, () => {
      writeDone = true;
    });
    const dataBytes = () =>
      peer.frames.filter((f) => f.header.type === FrameType.Data).reduce((n, f) => n + f.payload.length, 0);
    await peer.until(() => dataBytes() >= INITIAL_STREAM_WINDOW, 'first window');
    await new Promise((r) => setTimeout(r, 50));
    expect(dataBytes()).toBe(INITIAL_STREAM_WINDOW);
    expect(writeDone).toBe(false);
    peer.sendFrame(FrameType.WindowUpdate, Flag.ACK, 2, 100_000);
    await peer.until(() => dataBytes() >= INITIAL_STREAM_WINDOW + 100_000, 'second window');
    await new Promise((r) => setTimeout(r, 50));
    expect(dataBytes()).toBe(INITIAL_STREAM_WINDOW + 100_000);
    peer.sendFrame(FrameType.WindowUpdate, 0, 2, 1 << 20);
    await peer.until(() => dataBytes() >= payload.length, 'rest');
    const sent = Buffer.concat(peer.frames.filter((f) => f.header.type === FrameType.Data).map((f) => f.payload));
    expect(sent.equals(payload)).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(writeDone).toBe(true);
  });

  it('refuses streams with RST while nobody accepts, and after a local GoAway', async () => {
    const { session, peer } = await serverVsRaw();
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 1, 0);
    await peer.until(() => peer.frames.length >= 1, 'rst');
    expect(peer.frames[0]?.header).toMatchObject({ type: FrameType.WindowUpdate, flags: Flag.RST, streamId: 1 });
    session.on('stream', () => undefined);
    session.goAway();
    peer.sendFrame(FrameType.WindowUpdate, Flag.SYN, 3, 0);
    await peer.until(() => peer.frames.length >= 3, 'go away + rst');
    expect(peer.frames[1]?.header).toMatchObject({ type: FrameType.GoAway, length: GoAwayCode.Normal });
    expect(peer.frames[2]?.header).toMatchObject({ flags: Flag.RST, streamId: 3 });
  });

  it('refuses to open streams after the peer sent GoAway(normal)', async () => {
    const { session, peer } = await serverVsRaw();
    peer.sendFrame(FrameType.GoAway, 0, 0, GoAwayCode.Normal);
    await new Promise((r) => setTimeout(r, 30));
    expect(() => session.open()).toThrow('yamux: remote end is not accepting connections');
  });

  it('closes when the socket ends: open streams see EOF after their buffered data, writes fail', async () => {
    const { session, peer } = await serverVsRaw();
    const accepted = once<YamuxStream>(session, 'stream');
    peer.sendFrame(FrameType.Data, Flag.SYN, 1, 4, Buffer.from('tail'));
    const stream = await accepted;
    stream.pause();
    const closed = once(session, 'close');
    peer.socket.end();
    await closed;
    expect(session.isClosed).toBe(true);
    expect((await readAll(stream)).toString()).toBe('tail');
    const werr = await new Promise<Error | null | undefined>((resolve) => stream.write('x', resolve));
    expect(werr?.message).toBe('yamux: session shutdown');
    expect(() => session.open()).toThrow('yamux: session shutdown');
  });
});

describe('yamux session, two of ours', () => {
  it('moves 8 MiB each way on 3 concurrent streams intact, with half-close', async () => {
    const { server, client } = await clientVsServer();
    const size = 8 * 1024 * 1024;
    const results: Array<Promise<void>> = [];
    server.on('stream', (s: YamuxStream) => {
      // echo service with a twist: reply with sha256 of what was received, then the data reversed in order of chunks
      const hash = createHash('sha256');
      s.on('data', (c: Buffer) => hash.update(c));
      s.on('end', () => {
        s.end(hash.digest());
      });
    });
    for (let i = 0; i < 3; i++) {
      const stream = client.open();
      const data = randomBytes(size);
      const expected = createHash('sha256').update(data).digest();
      results.push(
        readAll(stream).then((reply) => {
          expect(reply.equals(expected)).toBe(true);
        }),
      );
      // write in uneven pieces to exercise framing of partial chunks
      for (let off = 0; off < size; ) {
        const n = Math.min(size - off, 70_001 + i * 1000);
        stream.write(data.subarray(off, off + n));
        off += n;
      }
      stream.end();
    }
    await Promise.all(results);
    await new Promise((r) => setTimeout(r, 20));
    expect(client.streamCount).toBe(0);
    expect(server.streamCount).toBe(0);
    const rtt = await client.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
  });

  it('applies backpressure end to end: a slow reader bounds what is buffered', async () => {
    const { server, client } = await clientVsServer();
    const accepted = once<YamuxStream>(server, 'stream');
    const stream = client.open();
    stream.write('x');
    const remote = await accepted;
    remote.pause();
    let queued = 0;
    const chunk = Buffer.alloc(64 * 1024);
    // keep writing until write() reports backpressure several times over
    for (let i = 0; i < 64; i++) {
      stream.write(chunk);
      queued += chunk.length;
    }
    await new Promise((r) => setTimeout(r, 100));
    // receiver holds at most its readable buffer plus one window; the rest waits at the sender
    expect(remote.readableLength).toBeLessThanOrEqual(2 * INITIAL_STREAM_WINDOW + 1);
    expect(stream.writableLength).toBeGreaterThan(queued - 3 * INITIAL_STREAM_WINDOW);
    let got = 0;
    remote.on('data', (c: Buffer) => {
      got += c.length;
    });
    remote.resume();
    stream.end();
    await once(remote, 'end');
    expect(got).toBe(queued + 1);
  });
});
