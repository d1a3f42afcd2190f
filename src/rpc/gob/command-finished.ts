/**
 * The exit status a plugin reports for `Communicator.Start` (spec §7): a complete gob
 * stream of `CommandFinished{ExitStatus int}`, written by a fresh encoder on the
 * ResponseStreamId stream when the command ends.
 */
import { decodeGob } from './decoder.js';
import { GobStreamEncoder } from './encoder.js';
import { gobBuiltin } from './go-types.js';
import type { GobStructType } from './go-types.js';

const commandFinishedStruct: GobStructType = {
  kind: 'struct',
  name: 'CommandFinished',
  fields: [{ name: 'ExitStatus', type: gobBuiltin.int }],
};

/** The gob stream of `CommandFinished{ExitStatus: exitStatus}` (type id 65, as Go writes it). */
export function encodeCommandFinished(exitStatus: number): Uint8Array {
  if (!Number.isSafeInteger(exitStatus)) {
    throw new RangeError(`CommandFinished: the exit status must be an integer, got ${exitStatus}`);
  }
  return new GobStreamEncoder().encode(commandFinishedStruct, { ExitStatus: exitStatus }).bytes();
}

/** Reads the exit status back from a CommandFinished gob stream (0 when the field is omitted). */
export function decodeCommandFinished(bytes: Uint8Array): number {
  const [value] = decodeGob(bytes);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('CommandFinished: the gob stream does not hold a struct');
  }
  const status = value.ExitStatus ?? 0;
  if (typeof status !== 'number')
    throw new Error(`CommandFinished: ExitStatus is not an integer: ${JSON.stringify(status)}`);
  return status;
}
