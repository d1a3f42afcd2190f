/**
 * The hcldec specs as Packer receives them: exactly the fields that cross the wire.
 * Our model in `src/hcl/spec.ts` (ObjectSpec and friends) is assignable to these types
 * (its FieldMeta is simply not sent). They also cover `*hcldec.BlockObjectSpec`, which
 * Packer's SDK registers with gob but our model does not produce, so that decoded
 * Go specs and hand-made vectors can be re-encoded in full.
 */
import type { CtyType } from '../../hcl/cty.js';

export interface HcldecObjectSpec {
  readonly kind: 'object';
  readonly entries: Readonly<Record<string, HcldecSpec>>;
}

export interface HcldecAttrSpec {
  readonly kind: 'attr';
  readonly name: string;
  readonly type: CtyType;
  readonly required: boolean;
}

export interface HcldecBlockSpec {
  readonly kind: 'block';
  readonly typeName: string;
  /** null only when decoded from a Go spec with a nil Nested. */
  readonly nested: HcldecSpec | null;
  readonly required: boolean;
}

export interface HcldecBlockListSpec {
  readonly kind: 'blockList';
  readonly typeName: string;
  readonly nested: HcldecSpec | null;
  readonly minItems: number;
  readonly maxItems: number;
}

export interface HcldecBlockAttrsSpec {
  readonly kind: 'blockAttrs';
  readonly typeName: string;
  readonly elementType: CtyType;
  readonly required: boolean;
}

export interface HcldecBlockObjectSpec {
  readonly kind: 'blockObject';
  readonly typeName: string;
  readonly labelNames: readonly string[];
  readonly nested: HcldecSpec | null;
}

export type HcldecSpec =
  | HcldecObjectSpec
  | HcldecAttrSpec
  | HcldecBlockSpec
  | HcldecBlockListSpec
  | HcldecBlockAttrsSpec
  | HcldecBlockObjectSpec;

/** Thrown when a spec cannot be encoded; the message names the field (dotted path). */
export class ConfigSpecEncodeError extends Error {
  override name = 'ConfigSpecEncodeError';
}

/** Dotted path of an entry, for messages: `opts.level`. */
export function entryPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}
