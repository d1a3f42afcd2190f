import { afterEach, describe, expect, it } from 'vitest';
import { MuxBroker } from '../../src/rpc/broker.js';
import { Flag, FrameType } from '../../src/rpc/yamux/frame.js';
import { YamuxSession } from '../../src/rpc/yamux/session.js';
import { hdr, RawPeer, socketPair } from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

async function pluginBrokerVsRaw(timeoutMs?: number) {
  const { a, b, cleanup } = await socketPair();
  const session = new YamuxSession(a, { role: 'server', keepAliveIntervalMs: 0 });
  const logs: string[] = [];
  const broker = new MuxBroker(session, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), log: (l) => logs.push(l) });
  const peer = new RawPeer(b);
  cleanups.push(() => {
    session.close();
    cleanup();
  });
  return { broker, peer, logs };
}

async function brokerPair() {
  const { a, b, cleanup } = await socketPair();
  const plugin = new MuxBroker(new YamuxSession(a, { role: 'server', keepAliveIntervalMs: 0 }));
  const core = new MuxBroker(new YamuxSession(b, { role: 'client', keepAliveIntervalMs: 0 }));
  cleanups.push(() => {
    plugin.close();
    core.close();
    cleanup();
  });
  return { plugin, core };
}

describe('MuxBroker', () => {
  it('accepts broker id 0 with exactly the captured plugin bytes', async () => {
    const { broker, peer } = await pluginBrokerVsRaw();
    const accepted = broker.accept(0);
    // core->plugin: SYN stream 1, Data len 4, broker id 0 (sessions/json-file-build)
    peer.send('000100010000000100000000' + '000000000000000100000004' + '00000000');
    const stream = await accepted;
    expect(stream.id).toBe(1);
    await peer.until(() => peer.frames.length >= 2, 'ack');
    expect(peer.hex()).toBe('000100020000000100000000' + '000000000000000100000004' + '00000000');
  });

  it('dials with the captured bytes and checks the ack', async () => {
    const { broker, peer } = await pluginBrokerVsRaw();
    const dialed = broker.dial(1);
    await peer.until(() => peer.frames.length >= 2, 'dial frames');
    expect(peer.hex()).toBe('000100010000000200000000' + '000000000000000200000004' + '01000000');
    // core->plugin: ACK stream 2, Data len 4, ack 1
    peer.send('000100020000000200000000' + '000000000000000200000004' + '01000000');
    const stream = await dialed;
    expect(stream.id).toBe(2);
  });

  it('rejects a wrong ack with Go\'s message and resets the stream', async () => {
    const { broker, peer } = await pluginBrokerVsRaw();
    const dialed = broker.dial(1);
    await peer.until(() => peer.frames.length >= 2, 'dial frames');
    peer.send(hdr(FrameType.WindowUpdate, Flag.ACK, 2, 0) + hdr(FrameType.Data, 0, 2, 4) + '02000000');
    await expect(dialed).rejects.toThrow('bad ack: 2 (expected 1)');
    await peer.until(() => peer.frames.some((f) => f.header.flags === Flag.RST), 'RST');
  });

  it('allocates its own ids from 1', async () => {
    const { broker } = await pluginBrokerVsRaw();
    expect([broker.nextId(), broker.nextId(), broker.nextId()]).toEqual([1, 2, 3]);
  });

  it('times out an accept nobody dials, with Go\'s message', async () => {
    const { broker } = await pluginBrokerVsRaw(40);
    await expect(broker.accept(7)).rejects.toThrow('timeout waiting for accept');
  });

  it('parks a stream dialed before accept, and closes it when nobody claims it', async () => {
    const { broker, peer, logs } = await pluginBrokerVsRaw(60);
    peer.send(hdr(FrameType.WindowUpdate, Flag.SYN, 1, 0) + hdr(FrameType.Data, 0, 1, 4) + '05000000');
    peer.send(hdr(FrameType.WindowUpdate, Flag.SYN, 3, 0) + hdr(FrameType.Data, 0, 3, 4) + '06000000');
    await peer.until(() => peer.frames.length >= 2, 'ACKs');
    const s = await broker.accept(5);
    expect(s.id).toBe(1);
    await peer.until(() => peer.frames.some((f) => f.header.flags === Flag.RST && f.header.streamId === 3), 'RST of unclaimed');
    expect(logs).toContain('[WARN] broker: nobody accepted broker id 6 within 60 ms; closing the stream');
    // the claimed stream got its ack, the unclaimed one none
    const acks = peer.frames.filter((f) => f.header.type === FrameType.Data);
    expect(acks.map((f) => [f.header.streamId, f.payload.toString('hex')])).toEqual([[1, '05000000']]);
  });

  it('connects both directions with the same ids at once (as in every real build)', async () => {
    const { plugin, core } = await brokerPair();
    const coreAccept = core.accept(1);
    const pluginAccept = plugin.accept(1);
    const [toCore, toPlugin] = await Promise.all([plugin.dial(1), core.dial(1)]);
    const [coreSide, pluginSide] = await Promise.all([coreAccept, pluginAccept]);
    toCore.write('to core');
    toPlugin.write('to plugin');
    const [a, b] = await Promise.all([
      new Promise<string>((r) => coreSide.once('data', (d: Buffer) => r(d.toString()))),
      new Promise<string>((r) => pluginSide.once('data', (d: Buffer) => r(d.toString()))),
    ]);
    expect([a, b]).toEqual(['to core', 'to plugin']);
    expect(toCore.id % 2).toBe(0);
    expect(toPlugin.id % 2).toBe(1);
  });

  it('fails pending accepts when the session closes', async () => {
    const { broker } = await pluginBrokerVsRaw();
    const p = broker.accept(3);
    broker.close();
    await expect(p).rejects.toThrow('session closed while accepting broker id 3');
  });
});
