/**
 * The bytes of a `Builder.ConfigSpec` reply: gob of `hcldec.ObjectSpec` (every Packer), or
 * protobuf when modern Packer (>= 1.12) started the plugin with `--protobuf`.
 */
import type { ObjectSpec } from '../../hcl/spec.js';
import { encodeConfigSpec } from '../gob/index.js';
import { encodeConfigSpecProtobuf } from '../protobuf/config-spec.js';

/** Which serialization the launching Packer expects for the ConfigSpec. */
export type ConfigSpecEncoding = 'gob' | 'protobuf';

/** Encodes `spec` for the ConfigSpec reply. `objectSpecName` is the gob name of nested ObjectSpecs. */
export function encodeConfigSpecFor(spec: ObjectSpec, encoding: ConfigSpecEncoding, objectSpecName: string): Uint8Array {
  return encoding === 'gob' ? encodeConfigSpec(spec, { objectSpecName }) : encodeConfigSpecProtobuf(spec);
}
