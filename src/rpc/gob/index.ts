/** Go `encoding/gob` for the Packer 1.6.6 protocol: ConfigSpec, cty.Type and exit status. */
export { GobWriter } from './writer.js';
export { GobReader, GobDecodeError } from './reader.js';
export { GOB_BUILTIN_IDS, FIRST_USER_TYPE_ID, MIN_USER_TYPE_ID, readWireType, writeWireType } from './wire-type.js';
export type { WireType, WireField } from './wire-type.js';
export { GobInterface, gobBuiltin } from './go-types.js';
export type {
  GobType,
  GobBuiltinType,
  GobStructType,
  GobFieldType,
  GobMapType,
  GobSliceType,
  GobEncoderType,
  GobValue,
  GobStructValue,
  GobEncodeFn,
} from './go-types.js';
export { GobTypeIds } from './type-ids.js';
export { GobStreamEncoder, GobEncodeError } from './encoder.js';
export type { GobLayout, GobEncoderOptions } from './encoder.js';
export { decodeGob } from './decoder.js';
export type { GobMeaning } from './decoder.js';
export {
  CTY_IMPL_NAME_PREFIX,
  CTY_TYPE_GOB,
  CtyGobError,
  assertCtyTypeEncodable,
  ctyTypeFromGobMeaning,
  encodeCtyType,
} from './cty-type.js';
export type { CtyTypeGobOptions } from './cty-type.js';
export { ConfigSpecEncodeError } from './hcldec-spec.js';
export type {
  HcldecSpec,
  HcldecObjectSpec,
  HcldecAttrSpec,
  HcldecBlockSpec,
  HcldecBlockListSpec,
  HcldecBlockAttrsSpec,
  HcldecBlockObjectSpec,
} from './hcldec-spec.js';
export {
  OBJECTSPEC_NAME_DEBIAN,
  OBJECTSPEC_NAME_OFFICIAL,
  HCLDEC_GOB_NAMES,
  configSpecFromGobMeaning,
  decodeConfigSpec,
  encodeConfigSpec,
} from './config-spec.js';
export type { ConfigSpecGobOptions } from './config-spec.js';
export { encodeCommandFinished, decodeCommandFinished } from './command-finished.js';
