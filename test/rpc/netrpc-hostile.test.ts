/**
 * Hostile and malformed net/rpc input: `__proto__` and other prototype probes as map keys, nesting
 * past the decode limit, and the malformed-request cases of Go's net/rpc server (server.go
 * readRequestHeader / readRequest): which get a reply, which are logged, which end the connection.
 */
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DepthLimitError, MAX_DECODE_DEPTH } from '../../src/config/depth.js';
import { decodeValue, encodeValue, MsgpackValueReader } from '../../src/rpc/netrpc/codec.js';
import { msgpackValueEnd } from '../../src/rpc/netrpc/msgpack-framing.js';
import { RpcServer } from '../../src/rpc/netrpc/server.js';
import { duplexPair } from './helpers.js';

/** msgpack of a map from raw key/value byte strings (so keys like `__proto__` are written as-is). */
function mapBytes(entries: [string, unknown][]): Buffer {
  const parts = [Buffer.from([0x80 | entries.length])];
  for (const [k, v] of entries) parts.push(Buffer.from(encodeValue(k)), Buffer.from(encodeValue(v)));
  return Buffer.concat(parts);
}

/** `depth` nested one-element arrays around nil. */
function nestedArrays(depth: number): Buffer {
  const b = Buffer.alloc(depth + 1, 0x91);
  b[depth] = 0xc0;
  return b;
}

function polluted(): string[] {
  const probe = {} as Record<string, unknown>;
  return ['polluted', 'x', 'isAdmin'].filter((k) => k in probe);
}

afterEach(() => {
  expect(polluted()).toEqual([]);
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('prototype probes in msgpack maps', () => {
  it('decodes a __proto__ key as an own property, like any other key (Go: a map key)', () => {
    const value = decodeValue(mapBytes([['__proto__', mapBytes([['polluted', 'yes']])], ['a', 1]])) as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBeTypeOf('object');
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps __proto__ own at every depth, in arrays, and as a long-string key', () => {
    const inner = mapBytes([['__proto__', mapBytes([['polluted', 1]])]]);
    const bytes = Buffer.concat([Buffer.from([0x92]), mapBytes([['m', 0]]).subarray(0, 1), Buffer.from(encodeValue('m')), inner, inner]);
    const value = decodeValue(bytes) as [Record<string, Record<string, unknown>>, Record<string, unknown>];
    expect(Object.keys(value[0].m as object)).toEqual(['__proto__']);
    expect(Object.keys(value[1])).toEqual(['__proto__']);
  });

  it.each(['constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'])(
    'decodes %s as a plain own key',
    (key) => {
      const value = decodeValue(mapBytes([[key, 'v']])) as Record<string, unknown>;
      expect(Object.getOwnPropertyDescriptor(value, key)?.value).toBe('v');
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    },
  );

  it('the streaming reader gives the same own __proto__ key', () => {
    const seen: unknown[] = [];
    const reader = new MsgpackValueReader((v) => seen.push(v));
    reader.push(mapBytes([['__proto__', 'x']]));
    expect(Object.keys(seen[0] as object)).toEqual(['__proto__']);
  });
});

describe('nesting depth of msgpack values', () => {
  it(`accepts ${MAX_DECODE_DEPTH} nested levels and refuses one more with a named error`, () => {
    expect(msgpackValueEnd(nestedArrays(MAX_DECODE_DEPTH), 0)).toBe(MAX_DECODE_DEPTH + 1);
    expect(() => decodeValue(nestedArrays(MAX_DECODE_DEPTH))).not.toThrow();
    expect(() => decodeValue(nestedArrays(MAX_DECODE_DEPTH + 1))).toThrow(DepthLimitError);
    expect(() => decodeValue(nestedArrays(MAX_DECODE_DEPTH + 1))).toThrow(/msgpack: maximum decoding depth exceeded/);
  });

  it('refuses a 4-million-level message found by the framing scan, never decoded, and reads on', () => {
    const values: unknown[] = [];
    const errors: Error[] = [];
    const reader = new MsgpackValueReader(
      (v) => values.push(v),
      (e) => errors.push(e),
    );
    const deep = nestedArrays(4_000_000);
    for (let i = 0; i < deep.length; i += 65_536) reader.push(deep.subarray(i, i + 65_536));
    reader.push(Buffer.from(encodeValue('next')));
    expect(errors.map((e) => e.message)).toEqual([
      `msgpack decode error: msgpack: maximum decoding depth exceeded (more than ${MAX_DECODE_DEPTH} nested levels)`,
    ]);
    expect(values).toEqual(['next']);
    expect(reader.pendingBytes).toBe(0);
    // without an error handler the reader throws the named error
    expect(() => new MsgpackValueReader(() => undefined).push(nestedArrays(5000))).toThrow(DepthLimitError);
  });

  it('counts maps and arrays alike, and siblings do not add up', () => {
    const wide = Buffer.concat([Buffer.from([0xdc, 0x07, 0xd0]), Buffer.concat(Array.from({ length: 2000 }, () => nestedArrays(10)))]);
    expect(() => decodeValue(wide)).not.toThrow();
    let deepMaps = Buffer.from([0xc0]);
    for (let i = 0; i < MAX_DECODE_DEPTH + 1; i++) deepMaps = Buffer.concat([Buffer.from([0x81, 0xa1, 0x6b]), deepMaps]);
    expect(() => decodeValue(deepMaps)).toThrow(DepthLimitError);
  });
});

// ---- the server -----------------------------------------------------------------------------

interface Harness {
  client: Duplex;
  logs: string[];
  served: Promise<void>;
  /** Decoded values the server wrote, in order (headers and bodies). */
  replies: unknown[];
  ended: Promise<void>;
}

function harness(): Harness {
  const [client, serverEnd] = duplexPair();
  const server = new RpcServer();
  server.register('Svc', { Echo: (a: unknown) => a });
  const logs: string[] = [];
  const served = server.serve(serverEnd, (line) => logs.push(line));
  const replies: unknown[] = [];
  const reader = new MsgpackValueReader((v) => replies.push(v));
  client.on('data', (c: Buffer) => reader.push(c));
  const ended = new Promise<void>((r) => client.on('end', () => r()));
  return { client, logs, served, replies, ended };
}

const req = (method: unknown, seq: unknown, body: unknown): Buffer =>
  Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: method, Seq: seq })), Buffer.from(encodeValue(body))]);
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RpcServer on malformed requests (Go net/rpc ServeCodec)', () => {
  it('a header that is not a map: logged, no reply, connection closed', async () => {
    const h = harness();
    h.client.write(Buffer.concat([Buffer.from(encodeValue(42)), req('Svc.Echo', 1, 'x')]));
    await h.served;
    expect(h.replies).toEqual([]);
    expect(h.logs).toEqual(['rpc: server cannot decode request: expected a map for the request header, got a number']);
  });

  it('a header with a wrongly typed field: logged, closed, the value not shown', async () => {
    const h = harness();
    h.client.write(req(['secret-value'], 1, null));
    await h.served;
    expect(h.replies).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/^rpc: server cannot decode request: ServiceMethod: expected a string, got an array$/);
    expect(h.logs.join('\n')).not.toContain('secret-value');
  });

  it('a header without ServiceMethod: Go zero values, the ill-formed reply, and serving goes on', async () => {
    const h = harness();
    h.client.write(Buffer.concat([Buffer.from(encodeValue({})), Buffer.from(encodeValue('ignored')), req('Svc.Echo', 7, 'after')]));
    await settle();
    expect(h.replies).toEqual([
      { ServiceMethod: '', Seq: 0, Error: 'rpc: service/method request ill-formed: ' },
      {},
      { ServiceMethod: 'Svc.Echo', Seq: 7, Error: '' },
      'after',
    ]);
    expect(h.logs).toEqual(['rpc: rpc: service/method request ill-formed: ']);
    h.client.end();
    await h.served;
  });

  it("an unknown service: Go's reply, logged, body skipped, serving goes on", async () => {
    const h = harness();
    h.client.write(Buffer.concat([req('Nope.Run', 1, { big: [1, 2, 3] }), req('Svc.Echo', 2, 'ok')]));
    await settle();
    expect(h.replies).toEqual([
      { ServiceMethod: 'Nope.Run', Seq: 1, Error: "rpc: can't find service Nope.Run" },
      {},
      { ServiceMethod: 'Svc.Echo', Seq: 2, Error: '' },
      'ok',
    ]);
    expect(h.logs).toEqual(["rpc: rpc: can't find service Nope.Run"]);
    h.client.end();
    await h.served;
  });

  it('a body that does not decode (never-used byte 0xc1): a reply with the error, serving goes on', async () => {
    const h = harness();
    h.client.write(Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: 'Svc.Echo', Seq: 3 })), Buffer.from([0xc1]), req('Svc.Echo', 4, 'next')]));
    await settle();
    expect(h.replies[0]).toMatchObject({ ServiceMethod: 'Svc.Echo', Seq: 3, Error: expect.stringMatching(/^msgpack decode error: /) });
    expect(h.replies.slice(2)).toEqual([{ ServiceMethod: 'Svc.Echo', Seq: 4, Error: '' }, 'next']);
    expect(h.logs).toHaveLength(1);
    h.client.end();
    await h.served;
  });

  it("a body nested past the limit: ugorji's depth error as the reply, logged, serving goes on", async () => {
    const h = harness();
    h.client.write(Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: 'Svc.Echo', Seq: 5 })), nestedArrays(100_000), req('Svc.Echo', 6, 'still here')]));
    await settle();
    expect(h.replies).toEqual([
      { ServiceMethod: 'Svc.Echo', Seq: 5, Error: expect.stringMatching(/^msgpack decode error: msgpack: maximum decoding depth exceeded/) },
      {},
      { ServiceMethod: 'Svc.Echo', Seq: 6, Error: '' },
      'still here',
    ]);
    expect(h.logs.join('\n')).toMatch(/maximum decoding depth exceeded/);
    h.client.end();
    await h.served;
    await h.ended;
  });

  it('a header nested past the limit: logged, no reply, connection closed', async () => {
    const h = harness();
    h.client.write(nestedArrays(5000));
    await h.served;
    expect(h.replies).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/^rpc: server cannot decode request: msgpack decode error: msgpack: maximum decoding depth exceeded/);
  });

  it('a __proto__ key in a call argument reaches the handler as an own key', async () => {
    const h = harness();
    h.client.write(Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: 'Svc.Echo', Seq: 9 })), mapBytes([['__proto__', 'v']])]));
    await settle();
    expect(h.replies[0]).toEqual({ ServiceMethod: 'Svc.Echo', Seq: 9, Error: '' });
    expect(Object.keys(h.replies[1] as object)).toEqual(['__proto__']);
    h.client.end();
    await h.served;
  });
});

describe('RpcClient on malformed replies (Go net/rpc client.input)', () => {
  it('a reply body that does not decode fails that call with "reading body", and later calls work', async () => {
    const { RpcClient } = await import('../../src/rpc/netrpc/client.js');
    const [clientEnd, peer] = duplexPair();
    const client = new RpcClient(clientEnd);
    const first = client.call('Svc.A', null);
    const second = client.call('Svc.B', null);
    peer.write(Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: 'Svc.A', Seq: 0, Error: '' })), nestedArrays(5000)]));
    peer.write(Buffer.concat([Buffer.from(encodeValue({ ServiceMethod: 'Svc.B', Seq: 1, Error: '' })), Buffer.from(encodeValue('fine'))]));
    await expect(first).rejects.toThrow(/^reading body msgpack decode error: msgpack: maximum decoding depth exceeded/);
    await expect(second).resolves.toBe('fine');
    client.close();
  });
});

describe('skipping a too-deep value without holding it', () => {
  it('resumes across chunk boundaries that cut a head or a payload, and reads on in step', () => {
    // 3000 levels of maps whose keys are 20-byte str8 values (head + payload), then a bin32 leaf
    const level = Buffer.concat([Buffer.from([0x81, 0xd9, 20]), Buffer.alloc(20, 0x61)]);
    const deep = Buffer.concat([...Array.from({ length: 3000 }, () => level), Buffer.from([0xc6, 0, 0, 0, 5]), Buffer.alloc(5, 1)]);
    const stream = Buffer.concat([deep, Buffer.from(encodeValue({ after: 'yes' })), deep, Buffer.from(encodeValue(7))]);
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const values: unknown[] = [];
      const errors: string[] = [];
      const reader = new MsgpackValueReader(
        (v) => values.push(v),
        (e) => errors.push(e.message),
      );
      let maxHeld = 0;
      for (let i = 0; i < stream.length; i += size) {
        reader.push(stream.subarray(i, i + size));
        maxHeld = Math.max(maxHeld, reader.pendingBytes);
      }
      expect(values, `chunks of ${size}`).toEqual([{ after: 'yes' }, 7]);
      expect(errors, `chunks of ${size}`).toHaveLength(2);
      // once found too deep, nothing of it is held but a cut value head
      expect(maxHeld, `chunks of ${size}`).toBeLessThan(level.length * (MAX_DECODE_DEPTH + 2) + 4096);
    }
  });
});
