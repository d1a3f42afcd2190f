/**
 * readProtoFields: splits one protobuf message into its fields (for decoding ConfigSpecs
 * in tests and while debugging). Groups are not supported.
 */

/** One field occurrence: a varint, a length-delimited payload or a fixed 32/64-bit value. */
export type ProtoField =
  | { readonly field: number; readonly wireType: 0; readonly value: bigint }
  | { readonly field: number; readonly wireType: 2; readonly value: Uint8Array }
  | { readonly field: number; readonly wireType: 1 | 5; readonly value: Uint8Array };

/** Malformed protobuf bytes; the message names the offset. */
export class ProtoDecodeError extends Error {
  override name = 'ProtoDecodeError';
}

/** All fields of a message, in wire order. */
export function readProtoFields(bytes: Uint8Array): ProtoField[] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new ProtoDecodeError(`protobuf: ${what} (at byte ${pos} of ${bytes.length})`);
  };
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) fail('truncated varint');
      const b = bytes[pos++] ?? 0;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
    return fail('varint longer than 10 bytes');
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > bytes.length) fail(`${n} bytes wanted, ${bytes.length - pos} left`);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const fields: ProtoField[] = [];
  while (pos < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) fail('field number 0');
    switch (wireType) {
      case 0:
        fields.push({ field, wireType, value: varint() });
        break;
      case 1:
        fields.push({ field, wireType, value: take(8) });
        break;
      case 2: {
        const n = varint();
        if (n > BigInt(bytes.length - pos)) fail(`${n} bytes wanted, ${bytes.length - pos} left`);
        fields.push({ field, wireType, value: take(Number(n)) });
        break;
      }
      case 5:
        fields.push({ field, wireType, value: take(4) });
        break;
      default:
        fail(`unsupported wire type ${wireType} for field ${field}`);
    }
  }
  return fields;
}
