import type { ObjectSpec } from '../../hcl/spec.js';
import { protobufSpecProblem } from '../../rpc/protobuf/compat.js';

/**
 * `protocol_version` value with which a plugin's `describe` tells Packer >= 1.12 that it can
 * take `--protobuf` (packer-plugin-sdk `plugin.ProtocolVersion2`). For a builder, protobuf
 * changes only the `Builder.ConfigSpec` reply; Prepare, Run and every other call stay as they are.
 */
export const PROTOCOL_VERSION_2 = 'v2';

/** What `describe` should claim, and why. */
export interface ProtocolChoice {
  /** `v2` when every builder's spec fits packer-plugin-sdk's hcl_spec.proto; otherwise undefined (gob only). */
  protocolVersion: typeof PROTOCOL_VERSION_2 | undefined;
  /** One line for logs: which builder/field keeps the plugin on gob, or that all fit. */
  reason: string;
}

/**
 * Decides `protocol_version` for a whole plugin. Packer reads it once per plugin binary, so it
 * is `v2` only if the spec of EVERY builder can be sent as protobuf: one builder with a block
 * attributes spec or an object/tuple/set/dynamic type keeps them all on gob (which expresses
 * every spec). `specs` maps builder names to a function returning that builder's spec; one
 * that throws also means gob (describe itself must not fail over it).
 */
export function chooseProtocolVersion(specs: Readonly<Record<string, () => ObjectSpec>>): ProtocolChoice {
  const names = Object.keys(specs).sort();
  for (const name of names) {
    let problem: string | undefined;
    try {
      problem = protobufSpecProblem((specs[name] as () => ObjectSpec)());
    } catch (err) {
      problem = `its spec could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (problem !== undefined) {
      return { protocolVersion: undefined, reason: `gob only: builder ${JSON.stringify(name)}: ${problem}` };
    }
  }
  return {
    protocolVersion: PROTOCOL_VERSION_2,
    reason: `protocol v2: the spec of ${names.length === 1 ? 'the builder' : `all ${names.length} builders`} fits protobuf`,
  };
}
