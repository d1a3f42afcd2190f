import type { FileInfo } from '../../sdk/communicator.js';
import { isRecord } from '../netrpc/codec.js';

/** Seconds from Go's zero time (January 1, year 1 UTC) to the Unix epoch. */
const GO_EPOCH_TO_UNIX_SECONDS = 62_135_596_800;

/**
 * A Go `time.Time` as Packer sends it in `FileInfo.T`: the msgpack timestamp extension
 * (Debian build, decoded to a Date) or `MarshalBinary`'s 15 bytes (official build:
 * version 1, int64 seconds since year 1, int32 nanoseconds, int16 zone minutes).
 * Go's zero time (and anything unreadable) gives undefined, like Go's ModTime() fallback.
 */
export function goTimeFromWire(value: unknown): Date | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) || value.getTime() <= -GO_EPOCH_TO_UNIX_SECONDS * 1000 ? undefined : value;
  }
  if (value instanceof Uint8Array && value.length === 15 && value[0] === 1) {
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    const sec = Number(view.getBigInt64(1));
    const nsec = view.getInt32(9);
    if (sec === 0 && nsec === 0) return undefined;
    return new Date((sec - GO_EPOCH_TO_UNIX_SECONDS) * 1000 + Math.floor(nsec / 1e6));
  }
  return undefined;
}

/** The SDK FileInfo of Packer's wire `fileInfo{N, S, M, T}` (nil → undefined). */
export function fileInfoFromWire(value: unknown): FileInfo | undefined {
  if (!isRecord(value)) return undefined;
  const mtime = goTimeFromWire(value.T);
  return {
    name: typeof value.N === 'string' ? value.N : '',
    size: typeof value.S === 'number' ? value.S : 0,
    mode: typeof value.M === 'number' ? value.M : 0,
    ...(mtime !== undefined ? { mtime } : {}),
  };
}
