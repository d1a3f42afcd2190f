/**
 * Finds where msgpack values end in a byte stream without decoding them, so that complete
 * values can be decoded synchronously as soon as their last byte arrives (net/rpc messages have
 * no length prefix). Scanning is a walk over type bytes and lengths, no allocation.
 */

import { DepthLimitError, MAX_DECODE_DEPTH } from '../../config/depth.js';

/**
 * Values still to skip at each open container level (index 0: the top-level value). Reused:
 * scanning is synchronous and never re-entered.
 */
const remaining = new Float64Array(MAX_DECODE_DEPTH + 1);

/**
 * True when the last complete value {@link msgpackValueEnd} found nests arrays and maps deeper
 * than the limit: its end is known (the stream stays in step) but it must not be decoded.
 */
export let lastValueTooDeep = false;

/**
 * Set when {@link msgpackValueEnd} returned "incomplete" for a value already found too deep: where
 * to resume counting (`pos` in the scanned buffer, beyond its end when payload bytes are still to
 * come) and how many values are still to skip, so the caller can drop the bytes instead of
 * holding and rescanning them. Resume with `msgpackValueEnd(rest, 0, maxDepth, items)`.
 */
export let pendingSkip: { pos: number; items: number } | undefined;

/**
 * End offset of the msgpack value starting at `pos` of `buf`, or, when `buf` ends first, the
 * negated lower bound of the total length `buf` must reach (from `0`) for the value to be complete.
 * Never-used type bytes (0xc1) count as one byte; the decoder reports them.
 *
 * Nesting is tracked up to `maxDepth` (default {@link MAX_DECODE_DEPTH}, ugorji's limit); past
 * it the value is only counted through to its end and {@link lastValueTooDeep} is set, so the
 * caller can refuse it (DepthLimitError) without ever decoding it.
 */
export function msgpackValueEnd(
  buf: Uint8Array,
  pos: number,
  maxDepth: number = MAX_DECODE_DEPTH,
  /** Resume skipping a too-deep value with this many values left (see {@link pendingSkip}). */
  resumeItems?: number,
): number {
  lastValueTooDeep = false;
  pendingSkip = undefined;
  const len = buf.length;
  const limit = Math.min(maxDepth, MAX_DECODE_DEPTH);
  let depth = 0; // open containers
  remaining[0] = resumeItems ?? 1;
  let tooDeep = resumeItems !== undefined;
  /** Opens a container of `n` values (a no-op for an empty one). */
  const open = (n: number): void => {
    if (n === 0) return;
    if (depth + 1 > limit) {
      tooDeep = true;
      // from here on only the number of values still to skip matters: fold every level into one
      let items = n;
      for (let d = 0; d <= depth; d++) items += remaining[d] as number;
      depth = 0;
      remaining[0] = items;
      return;
    }
    remaining[++depth] = n;
  };
  for (;;) {
    while (depth > 0 && remaining[depth] === 0) depth--;
    if (depth === 0 && remaining[0] === 0) break;
    if (pos >= len) {
      let items = 0;
      for (let d = 0; d <= depth; d++) items += remaining[d] as number;
      if (tooDeep) pendingSkip = { pos, items };
      return -(pos + items);
    }
    const b = buf[pos] as number;
    remaining[depth] = (remaining[depth] as number) - 1;
    if (b <= 0x7f || b >= 0xe0) {
      pos += 1;
      continue;
    }
    if (b <= 0x8f) {
      pos += 1;
      open((b & 0x0f) * 2);
      continue;
    }
    if (b <= 0x9f) {
      pos += 1;
      open(b & 0x0f);
      continue;
    }
    if (b <= 0xbf) {
      pos += 1 + (b & 0x1f);
      continue;
    }
    let head: number; // bytes of the type byte plus its length field
    let size: number; // payload bytes after the head
    switch (b) {
      case 0xc0:
      case 0xc1:
      case 0xc2:
      case 0xc3:
        pos += 1;
        continue;
      case 0xcc:
      case 0xd0:
        pos += 2;
        continue;
      case 0xcd:
      case 0xd1:
        pos += 3;
        continue;
      case 0xca:
      case 0xce:
      case 0xd2:
        pos += 5;
        continue;
      case 0xcb:
      case 0xcf:
      case 0xd3:
        pos += 9;
        continue;
      case 0xd4:
        pos += 3;
        continue;
      case 0xd5:
        pos += 4;
        continue;
      case 0xd6:
        pos += 6;
        continue;
      case 0xd7:
        pos += 10;
        continue;
      case 0xd8:
        pos += 18;
        continue;
      case 0xc4:
      case 0xd9:
        head = 2;
        break;
      case 0xc5:
      case 0xda:
        head = 3;
        break;
      case 0xc6:
      case 0xdb:
        head = 5;
        break;
      case 0xc7:
        head = 3;
        break;
      case 0xc8:
        head = 4;
        break;
      case 0xc9:
        head = 6;
        break;
      case 0xdc:
      case 0xde:
        head = 3;
        break;
      default: // 0xdd, 0xdf
        head = 5;
    }
    if (pos + head > len) {
      let items = 0;
      for (let d = 0; d <= depth; d++) items += remaining[d] as number;
      // resume at this value's first byte: it is counted again
      if (tooDeep) pendingSkip = { pos, items: items + 1 };
      return -(pos + head + items);
    }
    switch (b) {
      case 0xc4:
      case 0xd9:
      case 0xc7:
        size = buf[pos + 1] as number;
        break;
      case 0xc5:
      case 0xda:
      case 0xc8:
      case 0xdc:
      case 0xde:
        size = ((buf[pos + 1] as number) << 8) | (buf[pos + 2] as number);
        break;
      default:
        size =
          (buf[pos + 1] as number) * 0x1000000 +
          (((buf[pos + 2] as number) << 16) | ((buf[pos + 3] as number) << 8) | (buf[pos + 4] as number));
    }
    if (b === 0xdc || b === 0xdd) {
      pos += head;
      open(size);
    } else if (b === 0xde || b === 0xdf) {
      pos += head;
      open(size * 2);
    } else {
      pos += head + size;
    }
  }
  if (pos > len) {
    if (tooDeep) pendingSkip = { pos, items: 0 };
    return -pos;
  }
  lastValueTooDeep = tooDeep;
  return pos;
}
