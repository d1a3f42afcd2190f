/**
 * Descriptions of the Go types a gob stream carries, and the JS values the encoder
 * accepts for them. A type is identified by object identity: reuse the same
 * descriptor object for the same Go type so it is defined only once per stream.
 */

/** gob's predefined types (never defined in a stream). */
export interface GobBuiltinType {
  readonly kind: 'bool' | 'int' | 'uint' | 'float' | 'bytes' | 'string' | 'interface';
}

/** A Go struct; `fields` lists the exported fields in declaration order. */
export interface GobStructType {
  readonly kind: 'struct';
  /** Go's name for it, e.g. `AttrSpec` (informative only; Go does not check it). */
  readonly name: string;
  readonly fields: readonly GobFieldType[];
}

export interface GobFieldType {
  readonly name: string;
  readonly type: GobType;
}

/** A Go map. */
export interface GobMapType {
  readonly kind: 'map';
  /** e.g. `ObjectSpec` for a named map, `map[string]cty.Type` for an unnamed one. */
  readonly name: string;
  readonly key: GobType;
  readonly elem: GobType;
}

/** A Go slice (other than []byte, which is the builtin `bytes`). */
export interface GobSliceType {
  readonly kind: 'slice';
  /** e.g. `[]string`. */
  readonly name: string;
  readonly elem: GobType;
}

/** A Go type with a GobEncode method: its value is the opaque bytes GobEncode returns. */
export interface GobEncoderType {
  readonly kind: 'gobEncoder';
  /** e.g. `Type` for cty.Type. */
  readonly name: string;
}

export type GobType = GobBuiltinType | GobStructType | GobMapType | GobSliceType | GobEncoderType;

/** The builtin type descriptors. */
export const gobBuiltin = {
  bool: { kind: 'bool' },
  int: { kind: 'int' },
  uint: { kind: 'uint' },
  float: { kind: 'float' },
  bytes: { kind: 'bytes' },
  string: { kind: 'string' },
  interface: { kind: 'interface' },
} as const satisfies Record<string, GobBuiltinType>;

/**
 * The value of an interface-typed slot: the name the concrete type was registered
 * under in Go (`gob.Register`), its type, and its value.
 */
export class GobInterface {
  constructor(
    readonly name: string,
    readonly type: GobType,
    readonly value: GobValue,
  ) {}
}

/**
 * The value of a GobEncoder slot, produced when the encoder reaches it (this is when Go
 * calls GobEncode, which matters only for reproducing Go's process-global type ids).
 */
export type GobEncodeFn = () => Uint8Array;

/** A struct value: field name to value; `undefined` fields are omitted like zero values. */
export interface GobStructValue {
  readonly [field: string]: GobValue | undefined;
}

/**
 * A JS value to encode. By type kind: bool → boolean; int/uint → number or bigint;
 * float → number; bytes → Uint8Array; string → string; interface → GobInterface or null;
 * struct → GobStructValue; map → Map (encoded in iteration order); slice → array;
 * gobEncoder → Uint8Array or GobEncodeFn.
 */
export type GobValue =
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | GobEncodeFn
  | GobInterface
  | null
  | readonly GobValue[]
  | ReadonlyMap<GobValue, GobValue>
  | GobStructValue;
