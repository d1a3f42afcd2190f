/**
 * cty types: the type system HCL2 and Packer use to describe attribute values.
 * Mirrors github.com/zclconf/go-cty's Type as a plain, serialisable TypeScript union.
 */
export type CtyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'list'; readonly element: CtyType }
  | { readonly kind: 'set'; readonly element: CtyType }
  | { readonly kind: 'map'; readonly element: CtyType }
  | { readonly kind: 'object'; readonly attributes: Readonly<Record<string, CtyType>> }
  | { readonly kind: 'tuple'; readonly elements: readonly CtyType[] };

/** Constructors in the style of Go's `cty.String`, `cty.List(cty.String)`. */
export const cty = {
  string: { kind: 'string' } as CtyType,
  number: { kind: 'number' } as CtyType,
  bool: { kind: 'bool' } as CtyType,
  /** cty.DynamicPseudoType. It cannot be sent inside a ConfigSpec (Go refuses to gob-encode it). */
  dynamic: { kind: 'dynamic' } as CtyType,
  list: (element: CtyType): CtyType => ({ kind: 'list', element }),
  set: (element: CtyType): CtyType => ({ kind: 'set', element }),
  map: (element: CtyType): CtyType => ({ kind: 'map', element }),
  object: (attributes: Record<string, CtyType>): CtyType => ({ kind: 'object', attributes }),
  tuple: (elements: CtyType[]): CtyType => ({ kind: 'tuple', elements }),
} as const;

/** The type in cty's JSON type grammar: `"string"`, `["list","string"]`, `["object",{...}]`. */
export type CtyTypeJson = string | [string, unknown];

export function ctyTypeToJson(t: CtyType): CtyTypeJson {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return t.kind;
    case 'list':
    case 'set':
    case 'map':
      return [t.kind, ctyTypeToJson(t.element)];
    case 'object':
      return [
        'object',
        Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, ctyTypeToJson(v)])),
      ];
    case 'tuple':
      return ['tuple', t.elements.map(ctyTypeToJson)];
  }
}

export function ctyTypeFromJson(j: unknown): CtyType {
  if (typeof j === 'string') {
    switch (j) {
      case 'string':
      case 'number':
      case 'bool':
      case 'dynamic':
        return { kind: j };
    }
    throw new Error(`unknown cty primitive type ${JSON.stringify(j)}`);
  }
  if (Array.isArray(j) && j.length === 2 && typeof j[0] === 'string') {
    const [kind, arg] = j as [string, unknown];
    switch (kind) {
      case 'list':
      case 'set':
      case 'map':
        return { kind, element: ctyTypeFromJson(arg) };
      case 'object':
        if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
          return {
            kind: 'object',
            attributes: Object.fromEntries(
              Object.entries(arg as Record<string, unknown>).map(([k, v]) => [k, ctyTypeFromJson(v)]),
            ),
          };
        }
        break;
      case 'tuple':
        if (Array.isArray(arg)) return { kind: 'tuple', elements: arg.map(ctyTypeFromJson) };
        break;
    }
  }
  throw new Error(`malformed cty type ${JSON.stringify(j)}`);
}

/** Human form used in messages and docs: `list(string)`, `object({a=string})`. */
export function ctyTypeString(t: CtyType): string {
  switch (t.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return t.kind;
    case 'dynamic':
      return 'any';
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${ctyTypeString(t.element)})`;
    case 'object':
      return `object({${Object.entries(t.attributes)
        .map(([k, v]) => `${k}=${ctyTypeString(v)}`)
        .join(', ')}})`;
    case 'tuple':
      return `tuple([${t.elements.map(ctyTypeString).join(', ')}])`;
  }
}

export function ctyTypeEquals(a: CtyType, b: CtyType): boolean {
  return JSON.stringify(ctyTypeToJson(a)) === JSON.stringify(ctyTypeToJson(b));
}
