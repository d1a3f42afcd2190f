/**
 * The HCL object spec model: what a builder's `configSpec()` returns and what Packer receives
 * (gob-encoded) to decode and validate an HCL2 `source` block. It mirrors hcldec's
 * ObjectSpec / AttrSpec / BlockSpec / BlockListSpec / BlockAttrsSpec, plus decoding metadata
 * (TS property name, default, enum, duration, sensitive, docs) that stays on the plugin side.
 */
import type { CtyType } from './cty.js';

/** Metadata the SDK uses when decoding and documenting a field. Never sent to Packer. */
export interface FieldMeta {
  /** The TypeScript property this HCL name decodes into (default: the HCL name). */
  readonly property?: string;
  readonly description?: string;
  /** Applied when the field is absent or null. */
  readonly default?: unknown;
  /** The value is a secret: masked as `<sensitive>` in everything the SDK writes. */
  readonly sensitive?: boolean;
  /**
   * Allowed values: strings (from a string-literal union) or numbers (from a numeric-literal
   * union); checked on every string, respectively number, inside the value.
   */
  readonly enum?: readonly string[] | readonly number[];
  /** The string is a Go duration (`5m`, `1h30s`), decoded to milliseconds-checked string. */
  readonly duration?: boolean;
  /** Deprecation message; setting the field yields a warning. */
  readonly deprecated?: string;
  /** The field holds an integer (TS `number` with the `@integer` tag). */
  readonly integer?: boolean;
  /**
   * What examples show for this optional field (`exampleValues`: a new plugin's `example/`
   * templates and its generated tests): a JSON value in the raw shape, or `null` to leave the
   * field out. The SDK's shared configs (communicator, ISO, HTTP, boot, …) set it: dozens of
   * optional settings a template rarely sets, and a few whose derived value would not be valid.
   */
  readonly example?: unknown;
  /**
   * Optional in the HCL spec (as in Go) but required by the config's prepare function (Go's
   * `ISOConfig.Prepare`: `iso_url`, `iso_checksum`): `minimalValues` includes it, with its example.
   */
  readonly requiredByPrepare?: boolean;
}

export interface AttrSpec {
  readonly kind: 'attr';
  /** The HCL attribute name. */
  readonly name: string;
  readonly type: CtyType;
  readonly required: boolean;
  readonly meta?: FieldMeta;
}

export interface BlockSpec {
  readonly kind: 'block';
  readonly typeName: string;
  readonly nested: ObjectSpec;
  readonly required: boolean;
  readonly meta?: FieldMeta;
}

export interface BlockListSpec {
  readonly kind: 'blockList';
  readonly typeName: string;
  readonly nested: ObjectSpec;
  readonly minItems: number;
  /** 0 means unlimited, as in hcldec. */
  readonly maxItems: number;
  readonly meta?: FieldMeta;
}

export interface BlockAttrsSpec {
  readonly kind: 'blockAttrs';
  readonly typeName: string;
  readonly elementType: CtyType;
  readonly required: boolean;
  readonly meta?: FieldMeta;
}

export interface ObjectSpec {
  readonly kind: 'object';
  /** Keyed by the name in the decoded object (the HCL name). */
  readonly entries: Readonly<Record<string, Spec>>;
}

export type Spec = AttrSpec | BlockSpec | BlockListSpec | BlockAttrsSpec | ObjectSpec;

export interface AttrOptions extends FieldMeta {
  readonly required?: boolean;
}

/** Constructors used by hand-written and generated spec modules. */
export const spec = {
  object: (entries: Record<string, Spec>): ObjectSpec => ({ kind: 'object', entries }),
  attr: (name: string, type: CtyType, opts: AttrOptions = {}): AttrSpec => {
    const { required = false, ...meta } = opts;
    return { kind: 'attr', name, type, required, ...(Object.keys(meta).length ? { meta } : {}) };
  },
  block: (typeName: string, nested: ObjectSpec, opts: AttrOptions = {}): BlockSpec => {
    const { required = false, ...meta } = opts;
    return { kind: 'block', typeName, nested, required, ...(Object.keys(meta).length ? { meta } : {}) };
  },
  blockList: (
    typeName: string,
    nested: ObjectSpec,
    opts: FieldMeta & { minItems?: number; maxItems?: number } = {},
  ): BlockListSpec => {
    const { minItems = 0, maxItems = 0, ...meta } = opts;
    return {
      kind: 'blockList',
      typeName,
      nested,
      minItems,
      maxItems,
      ...(Object.keys(meta).length ? { meta } : {}),
    };
  },
  blockAttrs: (typeName: string, elementType: CtyType, opts: AttrOptions = {}): BlockAttrsSpec => {
    const { required = false, ...meta } = opts;
    return {
      kind: 'blockAttrs',
      typeName,
      elementType,
      required,
      ...(Object.keys(meta).length ? { meta } : {}),
    };
  },
} as const;

/** The TS property a spec entry decodes into. */
export function propertyOf(key: string, s: Spec): string {
  return (s.kind !== 'object' && s.meta?.property) || key;
}
