/**
 * Can a builder's spec travel as a protobuf ConfigSpec? packer-plugin-sdk's hcl_spec.proto has
 * only object, attr, block and block-list specs and string/number/bool/list/map types, so a
 * plugin must not claim protocol v2 for a spec with block attributes, object, tuple, set or
 * dynamic types. Decided by encoding: the very encoder used for the ConfigSpec reply, so the
 * check and the reply cannot disagree (a spec is a few hundred bytes; this takes microseconds).
 */
import type { ObjectSpec } from '../../hcl/spec.js';
import { ConfigSpecEncodeError } from '../gob/hcldec-spec.js';
import type { HcldecObjectSpec } from '../gob/hcldec-spec.js';
import { encodeConfigSpecProtobuf } from './config-spec.js';

/**
 * Why `spec` cannot be sent as a protobuf ConfigSpec (the encoder's message, naming the field),
 * or undefined when it can. Errors other than {@link ConfigSpecEncodeError} are rethrown.
 */
export function protobufSpecProblem(spec: ObjectSpec | HcldecObjectSpec): string | undefined {
  try {
    encodeConfigSpecProtobuf(spec);
    return undefined;
  } catch (err) {
    if (err instanceof ConfigSpecEncodeError) return err.message;
    throw err;
  }
}
