/** protobuf ConfigSpec for modern Packer (≥ 1.12, packer-plugin-sdk ≥ v0.6.0 `--protobuf` mode). */
export { encodeConfigSpecProtobuf, decodeConfigSpecProtobuf } from './config-spec.js';
export { protobufSpecProblem } from './compat.js';
export { ProtoWriter } from './writer.js';
export { readProtoFields, ProtoDecodeError } from './reader.js';
export type { ProtoField } from './reader.js';
export * as hclSpecProto from './hcl-spec-proto.js';
export { ConfigSpecEncodeError } from '../gob/hcldec-spec.js';
export type { HcldecObjectSpec, HcldecSpec } from '../gob/hcldec-spec.js';
