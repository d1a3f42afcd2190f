/**
 * The bytes of a `Builder.ConfigSpec` reply: gob of `hcldec.ObjectSpec` (every Packer), or
 * protobuf when modern Packer (>= 1.12) started the plugin with `--protobuf`.
 */
import type { ObjectSpec } from '../../hcl/spec.js';
import { encodeConfigSpec } from '../gob/index.js';

/** Which serialization the launching Packer expects for the ConfigSpec. */
export type ConfigSpecEncoding = 'gob' | 'protobuf';

interface ProtobufModule {
  encodeConfigSpecProtobuf(spec: ObjectSpec): Uint8Array;
}

// Loaded only for `--protobuf` launches. The specifier is kept in a variable because the
// protobuf encoder is an optional sibling module (src/rpc/protobuf/).
const PROTOBUF_MODULE = '../protobuf/index.js';

/** Encodes `spec` for the ConfigSpec reply. `objectSpecName` is the gob name of nested ObjectSpecs. */
export async function encodeConfigSpecFor(
  spec: ObjectSpec,
  encoding: ConfigSpecEncoding,
  objectSpecName: string,
): Promise<Uint8Array> {
  if (encoding === 'gob') return encodeConfigSpec(spec, { objectSpecName });
  let mod: ProtobufModule;
  try {
    mod = (await import(PROTOBUF_MODULE)) as ProtobufModule;
  } catch (err) {
    throw new Error(
      `Packer asked for a protobuf ConfigSpec (--protobuf) but the protobuf encoder is not available: ${(err as Error).message}. ` +
        'Set PACKER_FORCE_GOB=1 in the environment of packer to use gob.',
    );
  }
  return mod.encodeConfigSpecProtobuf(spec);
}
