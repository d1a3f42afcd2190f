import { describe, expect, it } from 'vitest';
import { decodeCommandFinished, encodeCommandFinished } from '../../src/rpc/gob/command-finished.js';
import { decodeGob } from '../../src/rpc/gob/decoder.js';
import { toHex, vectorJson } from './vectors.js';

const streams = vectorJson('misc/streams.json') as { commandFinishedGobExit0: string };
/** Definition message of type 65 = struct CommandFinished{ExitStatus int}, as Go wrote it. */
const DEFINITION = '2cff810301010f436f6d6d616e6446696e697368656401ff82000101010a457869745374617475730104000000';

describe('encodeCommandFinished (spec §7)', () => {
  it('is byte-identical to the exit-status stream Go sent for exit 0', () => {
    expect(toHex(encodeCommandFinished(0))).toBe(streams.commandFinishedGobExit0);
    expect(streams.commandFinishedGobExit0.startsWith(DEFINITION)).toBe(true);
  });

  it('sends a non-zero status as field 1: exit 127 is 06 ff82 01 fffe 00', () => {
    expect(toHex(encodeCommandFinished(127))).toBe(`${DEFINITION}06ff8201fffe00`);
  });

  it('zig-zags negative statuses', () => {
    expect(toHex(encodeCommandFinished(-1)).slice(DEFINITION.length)).toBe('05ff82010100');
  });

  it('round-trips through the decoder', () => {
    for (const status of [0, 1, 2, 123, 127, 255, -1, 70000]) {
      expect(decodeCommandFinished(encodeCommandFinished(status))).toBe(status);
    }
    expect(decodeGob(encodeCommandFinished(3))).toEqual([{ __type: 'CommandFinished', ExitStatus: 3 }]);
  });

  it('refuses a non-integer status', () => {
    expect(() => encodeCommandFinished(1.5)).toThrow('CommandFinished: the exit status must be an integer, got 1.5');
  });
});
