/**
 * Finds where msgpack values end in a byte stream without decoding them, so that complete
 * values can be decoded synchronously as soon as their last byte arrives (net/rpc messages have
 * no length prefix). Scanning is a walk over type bytes and lengths, no allocation.
 */

/**
 * End offset of the msgpack value starting at `pos` of `buf`, or, when `buf` ends first, the
 * negated lower bound of the total length `buf` must reach (from `0`) for the value to be complete.
 * Never-used type bytes (0xc1) count as one byte; the decoder reports them.
 */
export function msgpackValueEnd(buf: Uint8Array, pos: number): number {
  const len = buf.length;
  let items = 1; // values still to skip
  while (items > 0) {
    if (pos >= len) return -(pos + items);
    const b = buf[pos] as number;
    items--;
    if (b <= 0x7f || b >= 0xe0) {
      pos += 1;
      continue;
    }
    if (b <= 0x8f) {
      items += (b & 0x0f) * 2;
      pos += 1;
      continue;
    }
    if (b <= 0x9f) {
      items += b & 0x0f;
      pos += 1;
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
    if (pos + head > len) return -(pos + head + items);
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
      items += size;
      pos += head;
    } else if (b === 0xde || b === 0xdf) {
      items += size * 2;
      pos += head;
    } else {
      pos += head + size;
    }
  }
  return pos <= len ? pos : -pos;
}
