import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeHeader,
  encodeHeader,
  Flag,
  FrameReader,
  FrameType,
  YamuxProtocolError,
  type FrameHeader,
} from '../../src/rpc/yamux/frame.js';
import { vectorPath } from './helpers.js';

interface Parsed {
  hdr: string;
  data: string;
}

function parseAll(chunks: Buffer[]): Parsed[] {
  const out: Parsed[] = [];
  let parts: Buffer[] = [];
  const reader = new FrameReader({
    onHeader: () => {
      parts = [];
    },
    onPayload: (_h, piece) => parts.push(Buffer.from(piece)),
    onFrameEnd: (h: FrameHeader) => {
      out.push({ hdr: encodeHeader(h.type, h.flags, h.streamId, h.length).toString('hex'), data: Buffer.concat(parts).toString('hex') });
    },
  });
  for (const c of chunks) reader.push(c);
  return out;
}

const sessionsDir = vectorPath('sessions');
const sessions = readdirSync(sessionsDir)
  .filter((f) => f.endsWith('.mitm.jsonl'))
  .map((f) => f.replace('.mitm.jsonl', ''));

describe('yamux frame header', () => {
  it('encodes the captured opening frames byte for byte', () => {
    expect(encodeHeader(FrameType.WindowUpdate, Flag.SYN, 1, 0).toString('hex')).toBe('000100010000000100000000');
    expect(encodeHeader(FrameType.WindowUpdate, Flag.ACK, 1, 0).toString('hex')).toBe('000100020000000100000000');
    expect(encodeHeader(FrameType.Data, 0, 1, 4).toString('hex')).toBe('000000000000000100000004');
    expect(encodeHeader(FrameType.WindowUpdate, Flag.FIN, 4, 0).toString('hex')).toBe('000100040000000400000000');
    expect(encodeHeader(FrameType.Ping, Flag.ACK, 0, 1).toString('hex')).toBe('000200020000000000000001');
    expect(encodeHeader(FrameType.Data, 0, 0xfffffffe, 0xffffffff).toString('hex')).toBe('00000000fffffffeffffffff');
  });

  it('decodes every field', () => {
    expect(decodeHeader(Buffer.from('000100050000000700040000', 'hex'))).toEqual({
      version: 0,
      type: FrameType.WindowUpdate,
      flags: Flag.SYN | Flag.FIN,
      streamId: 7,
      length: 0x40000,
    });
  });
});

describe('FrameReader against captured sessions', () => {
  it.each(sessions)('splits %s exactly like the capture tool', (name) => {
    const records = readFileSync(`${sessionsDir}/${name}.mitm.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { dir?: string; hex?: string });
    const expected = readFileSync(`${sessionsDir}/${name}.frames.txt`, 'utf8')
      .split('\n')
      .map((l) => /(core->plugin|plugin->core)\s+hdr=([0-9a-f]{24}).*?(?: data=([0-9a-f]*)(…)?)?$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    for (const [dir, label] of [
      ['c2p', 'core->plugin'],
      ['p2c', 'plugin->core'],
    ] as const) {
      const chunks = records.filter((r) => r.dir === dir).map((r) => Buffer.from(r.hex ?? '', 'hex'));
      const got = parseAll(chunks);
      const want = expected.filter((m) => m[1] === label);
      expect(got.length).toBe(want.length);
      want.forEach((m, i) => {
        const g = got[i] as Parsed;
        expect(g.hdr).toBe(m[2]);
        const data = m[3] ?? '';
        if (m[4] === '…') expect(g.data.startsWith(data)).toBe(true);
        else expect(g.data).toBe(data);
      });
    }
  });

  it('gives the same frames when fed one byte at a time, with payload views only', () => {
    const records = readFileSync(`${sessionsDir}/json-file-build.mitm.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"dir":"c2p"'))
      .map((l) => Buffer.from((JSON.parse(l) as { hex: string }).hex, 'hex'));
    const whole = Buffer.concat(records);
    const bytes: Buffer[] = [];
    for (let i = 0; i < whole.length; i++) bytes.push(whole.subarray(i, i + 1));
    expect(parseAll(bytes)).toEqual(parseAll([whole]));
  });

  it('hands payload pieces on as views of the pushed chunk', () => {
    const payload = Buffer.alloc(1000, 7);
    const chunk = Buffer.concat([encodeHeader(FrameType.Data, 0, 1, 1000), payload]);
    const pieces: Buffer[] = [];
    new FrameReader({ onHeader: () => undefined, onPayload: (_h, p) => pieces.push(p), onFrameEnd: () => undefined }).push(chunk);
    expect(pieces).toHaveLength(1);
    expect((pieces[0] as Buffer).buffer).toBe(chunk.buffer);
    expect((pieces[0] as Buffer).byteOffset).toBe(chunk.byteOffset + 12);
  });

  it('rejects a bad version or type', () => {
    const r = new FrameReader({ onHeader: () => undefined, onPayload: () => undefined, onFrameEnd: () => undefined });
    expect(() => r.push(Buffer.from('010000000000000100000000', 'hex'))).toThrow(YamuxProtocolError);
    const r2 = new FrameReader({ onHeader: () => undefined, onPayload: () => undefined, onFrameEnd: () => undefined });
    expect(() => r2.push(Buffer.from('000400000000000100000000', 'hex'))).toThrow('yamux: invalid message type 4');
  });
});
