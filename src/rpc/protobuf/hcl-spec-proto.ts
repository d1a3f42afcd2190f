/**
 * Field numbers of packer-plugin-sdk's `rpc/hcl_spec.proto` (added in SDK v0.6.0, used by
 * Packer ≥ 1.12 when a plugin reports protocol_version v2; checked against v0.6.10).
 *
 *   message Spec      { oneof block { Object object = 1; Attr attr = 2; Block block_value = 3; BlockList block_list = 4; } }
 *   message Object    { map<string, Spec> attributes = 1; }      // map entry: key = 1, value = 2
 *   message Attr      { string name = 1; CtyType type = 2; bool required = 3; }
 *   message Block     { string name = 1; bool required = 2; Spec nested = 3; }
 *   message BlockList { string name = 1; Spec nested = 2; }
 *   message CtyType   { oneof typeDef { CtyPrimitive primitive = 1; CtyList list = 2; CtyMap map = 3; } }
 *   message CtyPrimitive { string typeString = 1; }              // "cty.String" | "cty.Number" | "cty.Bool"
 *   message CtyList   { CtyType elementType = 1; }
 *   message CtyMap    { CtyType elementType = 1; }
 *
 * The ConfigSpec bytes are one `Spec` whose oneof is `object` (the SDK's ToProto of an
 * hcldec.ObjectSpec), not the `HCL2Spec` message the .proto also declares.
 */
export const SPEC = { object: 1, attr: 2, blockValue: 3, blockList: 4 } as const;
export const OBJECT = { attributes: 1 } as const;
export const MAP_ENTRY = { key: 1, value: 2 } as const;
export const ATTR = { name: 1, type: 2, required: 3 } as const;
export const BLOCK = { name: 1, required: 2, nested: 3 } as const;
export const BLOCK_LIST = { name: 1, nested: 2 } as const;
export const CTY_TYPE = { primitive: 1, list: 2, map: 3 } as const;
export const CTY_PRIMITIVE = { typeString: 1 } as const;
export const CTY_ELEMENT = { elementType: 1 } as const;

/** `cty.Type.GoString()` of the primitives, as the SDK sends them. */
export const CTY_PRIMITIVE_NAMES = { string: 'cty.String', number: 'cty.Number', bool: 'cty.Bool' } as const;
