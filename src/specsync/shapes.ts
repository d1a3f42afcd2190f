/**
 * Reads the declared TypeScript types of the config into "shapes": a small tree of the kinds
 * regenerate-spec supports (string, number, bool, list, map, object), with every property's
 * JSDoc tags. Unsupported types are reported (all of them) with their location and a hint.
 * Nothing here runs plugin code: it only reads declarations, resolving names with the checker.
 */
import {
  Node,
  SyntaxKind,
  type IndexSignatureDeclaration,
  type InterfaceDeclaration,
  type PropertySignature,
  type TypeChecker,
  type TypeElementTypes,
  type TypeNode,
} from 'ts-morph';
import { readFieldTags, type FieldTags } from './jsdoc.js';
import type { ProblemCollector } from './problems.js';
import { resolveTypeName, SDK_MODULE, type ResolvedName } from './resolve.js';
import { isSdkConfig } from './sdk-configs.js';

export type Shape = PrimitiveShape | ListShape | MapShape | ObjectShape;

export interface PrimitiveShape {
  readonly kind: 'string' | 'number' | 'bool';
  /** String-literal union values. */
  readonly enum?: readonly string[];
  /** The SDK's Duration type. */
  readonly duration?: boolean;
  readonly node: Node;
}

export interface ListShape {
  readonly kind: 'list';
  readonly element: Shape;
  readonly node: Node;
}

export interface MapShape {
  readonly kind: 'map';
  readonly element: Shape;
  readonly node: Node;
}

export interface ObjectShape {
  readonly kind: 'object';
  readonly node: Node;
  /** Where `PackerCommonConfig` was extended or intersected, if it was. */
  readonly common?: Node;
  /** SDK configs extended (`ISOConfig`, `HTTPConfig`, …; see sdk-configs.ts), in order. */
  readonly sdkConfigs?: readonly { readonly name: string; readonly node: Node }[];
  /** Where the SDK's `CommunicatorConfig` (Go's communicator.Config) was extended, if it was. */
  readonly communicator?: Node;
  readonly fields: readonly FieldShape[];
}

export interface FieldShape {
  /** The TypeScript property name. */
  readonly property: string;
  readonly signature: PropertySignature;
  readonly optional: boolean;
  readonly tags: FieldTags;
  /** `Config.disks[].size`. */
  readonly path: string;
  /** Undefined when the type was refused (already reported). */
  readonly shape: Shape | undefined;
}

const GLOBAL_HINTS: Readonly<Record<string, [string, string]>> = {
  Date: [
    '`Date` has no HCL type',
    'use a string (e.g. an ISO 8601 timestamp) and parse it in prepare()',
  ],
  Map: ['`Map` has no HCL type', 'use `Record<string, T>`'],
  ReadonlyMap: ['`ReadonlyMap` has no HCL type', 'use `Record<string, T>`'],
  Set: ['`Set` has no HCL type', 'use an array (`T[]`)'],
  ReadonlySet: ['`ReadonlySet` has no HCL type', 'use an array (`T[]`)'],
  Promise: ['a Promise cannot come from a template', 'use the value type itself'],
  Function: [
    'functions cannot come from a template',
    'keep runtime objects out of the config type',
  ],
  Object: ['`Object` says nothing about the fields', 'declare an interface with the fields'],
  RegExp: ['`RegExp` has no HCL type', 'use a string and compile it in prepare()'],
  Buffer: ['`Buffer` has no HCL type', 'use a string (e.g. base64) and decode it in prepare()'],
  Uint8Array: [
    '`Uint8Array` has no HCL type',
    'use a string (e.g. base64) and decode it in prepare()',
  ],
  String: ['`String` (the wrapper object) is not supported', 'use `string`'],
  Number: ['`Number` (the wrapper object) is not supported', 'use `number`'],
  Boolean: ['`Boolean` (the wrapper object) is not supported', 'use `boolean`'],
};
const UTILITY_TYPES = new Set([
  'Partial',
  'Required',
  'Readonly',
  'Pick',
  'Omit',
  'Exclude',
  'Extract',
  'NonNullable',
  'ReturnType',
  'Parameters',
  'InstanceType',
  'Awaited',
  'Uppercase',
  'Lowercase',
  'Capitalize',
  'Uncapitalize',
]);
const WRITE_IT_OUT = 'write the type out as an interface or type alias with explicit properties';
const USE_OPTIONAL = 'make the property optional with `?` instead (`name?: T`)';
const SUPPORTED_TYPES =
  'use string, number, boolean, a string-literal union, an array, Record<string, T> or an interface';

/** Reads config types into shapes, collecting problems and the files the types came from. */
export class ShapeReader {
  /** Absolute paths of the files whose declarations were read. */
  readonly files = new Set<string>();
  private readonly expanding = new Set<Node>();

  constructor(
    private readonly checker: TypeChecker,
    private readonly problems: ProblemCollector,
  ) {}

  /**
   * The root object type: an interface or a type alias declaration named `rootName`
   * (undefined, reported, when it is not an object type).
   */
  readRoot(decl: Node, rootName: string): ObjectShape | undefined {
    this.files.add(decl.getSourceFile().getFilePath());
    const shape = this.readDeclaration(decl, decl, rootName);
    if (shape && shape.kind !== 'object') {
      this.problems.at(
        decl,
        rootName,
        `\`${rootName}\` must be an object type (an interface)`,
        `declare \`export interface ${rootName} extends PackerCommonConfig { … }\``,
      );
      return undefined;
    }
    return shape;
  }

  /** The shape of a type node (undefined, reported, when unsupported). */
  readType(node: TypeNode, path: string): Shape | undefined {
    switch (node.getKind()) {
      case SyntaxKind.StringKeyword:
        return { kind: 'string', node };
      case SyntaxKind.NumberKeyword:
        return { kind: 'number', node };
      case SyntaxKind.BooleanKeyword:
        return { kind: 'bool', node };
      case SyntaxKind.AnyKeyword:
      case SyntaxKind.UnknownKeyword:
        return this.refuse(node, path, `\`${node.getText()}\` has no HCL type`, SUPPORTED_TYPES);
      case SyntaxKind.NeverKeyword:
      case SyntaxKind.VoidKeyword:
        return this.refuse(
          node,
          path,
          `\`${node.getText()}\` cannot hold a value`,
          'remove the property',
        );
      case SyntaxKind.UndefinedKeyword:
        return this.refuse(node, path, '`undefined` is not a config type', USE_OPTIONAL);
      case SyntaxKind.ObjectKeyword:
        return this.refuse(
          node,
          path,
          '`object` says nothing about the fields',
          'declare an interface with the fields, or use `Record<string, T>`',
        );
      case SyntaxKind.BigIntKeyword:
        return this.refuse(
          node,
          path,
          '`bigint` has no HCL type',
          'use `number` (with `@integer`) or a string',
        );
      case SyntaxKind.SymbolKeyword:
        return this.refuse(node, path, '`symbol` has no HCL type', 'use a string');
    }
    if (Node.isParenthesizedTypeNode(node)) return this.readType(node.getTypeNode(), path);
    if (Node.isTypeOperatorTypeNode(node)) {
      const inner = node.getTypeNode();
      if (node.getOperator() === SyntaxKind.ReadonlyKeyword) return this.readType(inner, path);
      return this.refuse(node, path, `\`${node.getText()}\` is not supported`, WRITE_IT_OUT);
    }
    if (Node.isArrayTypeNode(node)) return this.list(node, node.getElementTypeNode(), path);
    if (Node.isLiteralTypeNode(node)) return this.readLiteral(node, path);
    if (Node.isUnionTypeNode(node)) return this.readUnion(node, node.getTypeNodes(), path);
    if (Node.isIntersectionTypeNode(node))
      return this.readObjectParts(node, node.getTypeNodes(), [], path);
    if (Node.isTypeLiteral(node)) return this.readMembers(node, node.getMembers(), [], path);
    if (Node.isTypeReference(node)) return this.readReference(node, path);
    if (Node.isFunctionTypeNode(node) || Node.isConstructorTypeNode(node)) {
      return this.refuse(
        node,
        path,
        'functions cannot come from a template',
        'keep runtime objects out of the config type',
      );
    }
    if (Node.isTupleTypeNode(node)) {
      return this.refuse(
        node,
        path,
        'tuple types are not supported',
        'use an array (`T[]`) or an interface with named properties',
      );
    }
    return this.refuse(node, path, `\`${oneLine(node.getText())}\` is not supported`, WRITE_IT_OUT);
  }

  private refuse(node: Node, path: string, message: string, hint?: string): undefined {
    this.problems.at(node, path, message, hint);
    return undefined;
  }

  private list(node: Node, element: TypeNode, path: string): ListShape | undefined {
    const shape = this.readType(element, `${path}[]`);
    return shape && { kind: 'list', element: shape, node };
  }

  private map(
    node: Node,
    keyType: TypeNode | undefined,
    valueType: TypeNode | undefined,
    path: string,
  ): MapShape | undefined {
    if (!keyType || !valueType) {
      return this.refuse(
        node,
        path,
        'a map needs a key and a value type',
        'use `Record<string, T>`',
      );
    }
    if (keyType.getKind() !== SyntaxKind.StringKeyword) {
      return this.refuse(
        keyType,
        path,
        `map keys must be \`string\` (got \`${oneLine(keyType.getText())}\`)`,
        'use `Record<string, T>`; for a fixed set of keys declare an interface',
      );
    }
    const shape = this.readType(valueType, `${path}[*]`);
    return shape && { kind: 'map', element: shape, node };
  }

  private readLiteral(node: Node & { getLiteral(): Node }, path: string): Shape | undefined {
    const literal = node.getLiteral();
    if (Node.isStringLiteral(literal) || Node.isNoSubstitutionTemplateLiteral(literal)) {
      return { kind: 'string', enum: [literal.getLiteralValue()], node };
    }
    switch (literal.getKind()) {
      case SyntaxKind.NullKeyword:
        return this.refuse(node, path, '`null` is not a config type', USE_OPTIONAL);
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        return this.refuse(
          node,
          path,
          `the literal type \`${literal.getText()}\` is not supported`,
          'use `boolean`',
        );
      default:
        return this.refuse(
          node,
          path,
          `the literal type \`${literal.getText()}\` is not supported`,
          'use `number` (checked in prepare()), or a string-literal union',
        );
    }
  }

  /** Only unions of string literals (directly or through aliases) are supported. */
  private readUnion(node: Node, members: readonly TypeNode[], path: string): Shape | undefined {
    for (const m of members) {
      const k = Node.isLiteralTypeNode(m) ? m.getLiteral().getKind() : m.getKind();
      if (k === SyntaxKind.UndefinedKeyword || k === SyntaxKind.NullKeyword) {
        return this.refuse(
          node,
          path,
          `\`| ${k === SyntaxKind.NullKeyword ? 'null' : 'undefined'}\` is not supported`,
          USE_OPTIONAL,
        );
      }
    }
    const values: string[] = [];
    for (const m of members) {
      const literals = this.stringLiterals(m, path);
      if (literals === undefined) {
        return this.refuse(
          node,
          path,
          `the union \`${oneLine(node.getText())}\` mixes types`,
          "only unions of string literals are supported (`'fast' | 'safe'`); use separate properties for different kinds of value",
        );
      }
      for (const v of literals) if (!values.includes(v)) values.push(v);
    }
    return { kind: 'string', enum: values, node };
  }

  /** The strings of a string-literal type (possibly through unions and local aliases). */
  private stringLiterals(node: TypeNode, path: string): string[] | undefined {
    if (Node.isParenthesizedTypeNode(node)) return this.stringLiterals(node.getTypeNode(), path);
    if (Node.isLiteralTypeNode(node)) {
      const lit = node.getLiteral();
      if (Node.isStringLiteral(lit) || Node.isNoSubstitutionTemplateLiteral(lit))
        return [lit.getLiteralValue()];
      return undefined;
    }
    if (Node.isUnionTypeNode(node)) {
      const out: string[] = [];
      for (const m of node.getTypeNodes()) {
        const part = this.stringLiterals(m, path);
        if (!part) return undefined;
        out.push(...part);
      }
      return out;
    }
    if (Node.isTypeReference(node) && node.getTypeArguments().length === 0) {
      const resolved = resolveTypeName(this.checker, node.getTypeName());
      const decl = resolved.kind === 'local' ? resolved.declarations[0] : undefined;
      if (
        resolved.kind === 'local' &&
        resolved.declarations.length === 1 &&
        decl &&
        Node.isTypeAliasDeclaration(decl)
      ) {
        const typeNode = decl.getTypeNode();
        if (!typeNode || decl.getTypeParameters().length > 0 || this.expanding.has(decl))
          return undefined;
        this.expanding.add(decl);
        try {
          const out = this.stringLiterals(typeNode, path);
          if (out) this.files.add(decl.getSourceFile().getFilePath());
          return out;
        } finally {
          this.expanding.delete(decl);
        }
      }
    }
    return undefined;
  }

  private readReference(
    node: Node & { getTypeName(): Node; getTypeArguments(): TypeNode[] },
    path: string,
  ): Shape | undefined {
    const resolved = resolveTypeName(this.checker, node.getTypeName());
    const args = node.getTypeArguments();
    switch (resolved.kind) {
      case 'sdk':
        if (resolved.name === 'Duration' && args.length === 0)
          return { kind: 'string', duration: true, node };
        if (resolved.name === 'PackerCommonConfig') {
          return this.refuse(
            node,
            path,
            'PackerCommonConfig can only be extended by the config type itself',
            `write \`interface Config extends PackerCommonConfig\`; the packer_* fields are top-level`,
          );
        }
        return this.refuse(
          node,
          path,
          `\`${resolved.name}\` from ${SDK_MODULE} cannot be used in the config`,
          'from the SDK only `Duration` (a field type), `PackerCommonConfig` and `CommunicatorConfig` (extended by Config) are understood',
        );
      case 'global':
        return this.readGlobal(node, resolved.name, args, path);
      case 'package':
        return this.refuse(
          node,
          path,
          `\`${resolved.name}\` comes from the npm package "${resolved.module}", which regenerate-spec does not read`,
          'declare the type in a file of the plugin',
        );
      case 'missing-import':
        return this.refuse(
          node,
          path,
          `cannot find "${resolved.module}" (imported for \`${resolved.name}\`)`,
          'check the import path (relative imports end in .js)',
        );
      case 'local':
        return this.readDeclaration(
          resolved.declarations[0] as Node,
          node,
          path,
          resolved.declarations.length,
          args.length > 0,
        );
    }
  }

  private readGlobal(
    node: Node,
    name: string,
    args: readonly TypeNode[],
    path: string,
  ): Shape | undefined {
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1)
      return this.list(node, args[0] as TypeNode, path);
    if (name === 'Record' && args.length === 2) return this.map(node, args[0], args[1], path);
    const known = GLOBAL_HINTS[name];
    if (known) return this.refuse(node, path, known[0], known[1]);
    if (UTILITY_TYPES.has(name)) {
      return this.refuse(
        node,
        path,
        `the utility type \`${name}<…>\` is not supported`,
        WRITE_IT_OUT,
      );
    }
    return this.refuse(
      node,
      path,
      `cannot find type \`${name}\``,
      'declare it in the plugin, or import it from a file of the plugin',
    );
  }

  /** A local declaration referenced by `ref` (or the root). */
  private readDeclaration(
    decl: Node,
    ref: Node,
    path: string,
    count = 1,
    hasTypeArgs = false,
  ): Shape | undefined {
    const name = Node.hasName(decl) ? decl.getName() : ref.getText();
    if (count > 1) {
      return this.refuse(
        ref,
        path,
        `\`${name}\` is declared ${count} times (declaration merging is not supported)`,
        'declare it once',
      );
    }
    if (this.expanding.has(decl)) {
      return this.refuse(
        ref,
        path,
        `recursive type \`${name}\`: an HCL block cannot contain itself`,
        'limit the nesting: declare a separate interface for the inner level',
      );
    }
    if (Node.isEnumDeclaration(decl)) {
      return this.refuse(
        ref,
        path,
        `the enum \`${name}\` is not supported`,
        `use a string-literal union: \`type ${name} = 'a' | 'b'\``,
      );
    }
    if (Node.isClassDeclaration(decl)) {
      return this.refuse(
        ref,
        path,
        `the class \`${name}\` is not supported (config values are plain data)`,
        `declare \`interface ${name}\` with the fields instead`,
      );
    }
    if (!Node.isInterfaceDeclaration(decl) && !Node.isTypeAliasDeclaration(decl)) {
      return this.refuse(
        ref,
        path,
        `\`${name}\` is not a type`,
        'refer to an interface or type alias',
      );
    }
    if (decl.getTypeParameters().length > 0 || hasTypeArgs) {
      return this.refuse(
        ref,
        path,
        `the generic type \`${name}\` is not supported`,
        'declare a non-generic interface or alias',
      );
    }
    this.files.add(decl.getSourceFile().getFilePath());
    this.expanding.add(decl);
    try {
      if (Node.isInterfaceDeclaration(decl)) return this.readInterface(decl, path);
      const typeNode = decl.getTypeNode();
      return typeNode
        ? this.readType(typeNode, path)
        : this.refuse(decl, path, `\`${name}\` has no type`);
    } finally {
      this.expanding.delete(decl);
    }
  }

  private readInterface(decl: InterfaceDeclaration, path: string): Shape | undefined {
    const parts: ObjectShape[] = [];
    let common: Node | undefined;
    for (const base of decl.getExtends()) {
      const expr = base.getExpression();
      const resolved = resolveTypeName(this.checker, expr);
      if (
        resolved.kind === 'sdk' &&
        resolved.name === 'PackerCommonConfig' &&
        base.getTypeArguments().length === 0
      ) {
        common ??= base;
        continue;
      }
      if (resolved.kind === 'sdk' && isSdkConfig(resolved.name) && base.getTypeArguments().length === 0) {
        parts.push({ kind: 'object', node: base, fields: [], sdkConfigs: [{ name: resolved.name, node: base }] });
        continue;
      }
      if (resolved.kind === 'sdk' && resolved.name === 'CommunicatorConfig' && base.getTypeArguments().length === 0) {
        parts.push({ kind: 'object', node: base, fields: [], communicator: base });
        continue;
      }
      const shape = this.readHeritage(base, resolved, base.getTypeArguments().length > 0, path);
      if (shape) parts.push(shape);
    }
    return this.readMembers(decl, decl.getMembers(), parts, path, common);
  }

  private readHeritage(
    base: Node,
    resolved: ResolvedName,
    hasTypeArgs: boolean,
    path: string,
  ): ObjectShape | undefined {
    if (resolved.kind !== 'local') {
      const why =
        resolved.kind === 'package'
          ? `it comes from the npm package "${resolved.module}", which regenerate-spec does not read`
          : resolved.kind === 'missing-import'
            ? `"${resolved.module}" cannot be found`
            : resolved.kind === 'sdk'
              ? `${SDK_MODULE} offers only PackerCommonConfig, CommunicatorConfig and its shared VM configs (ISOConfig, HTTPConfig, CDConfig, FloppyConfig, OutputDirConfig, BootConfig, VNCConfig, ShutdownConfig) to extend`
              : UTILITY_TYPES.has(resolved.name)
                ? 'utility types are not supported'
                : `\`${resolved.name}\` is not declared in the plugin`;
      return this.refuse(
        base,
        path,
        `cannot extend \`${oneLine(base.getText())}\`: ${why}`,
        'extend interfaces declared in the plugin, or PackerCommonConfig',
      );
    }
    const shape = this.readDeclaration(
      resolved.declarations[0] as Node,
      base,
      path,
      resolved.declarations.length,
      hasTypeArgs,
    );
    if (shape && shape.kind !== 'object') {
      return this.refuse(
        base,
        path,
        `\`${oneLine(base.getText())}\` is not an object type`,
        'extend interfaces only',
      );
    }
    return shape;
  }

  /** Intersections: each part must be an object type (or PackerCommonConfig). */
  private readObjectParts(
    node: Node,
    members: readonly TypeNode[],
    parts: ObjectShape[],
    path: string,
  ): Shape | undefined {
    let common: Node | undefined;
    let ok = true;
    for (const m of members) {
      if (Node.isTypeReference(m)) {
        const resolved = resolveTypeName(this.checker, m.getTypeName());
        if (resolved.kind === 'sdk' && resolved.name === 'PackerCommonConfig') {
          common ??= m;
          continue;
        }
        if (resolved.kind === 'sdk' && isSdkConfig(resolved.name)) {
          parts.push({ kind: 'object', node: m, fields: [], sdkConfigs: [{ name: resolved.name, node: m }] });
          continue;
        }
        if (resolved.kind === 'sdk' && resolved.name === 'CommunicatorConfig') {
          parts.push({ kind: 'object', node: m, fields: [], communicator: m });
          continue;
        }
      }
      const shape = this.readType(m, path);
      if (!shape) ok = false;
      else if (shape.kind !== 'object') {
        ok = false;
        this.problems.at(
          m,
          path,
          `\`${oneLine(m.getText())}\` in an intersection is not an object type`,
          'intersect interfaces or object types only',
        );
      } else parts.push(shape);
    }
    if (!ok) return undefined;
    return this.merge(node, parts, [], common);
  }

  /** An object type's members (plus flattened bases), or a map for a lone index signature. */
  private readMembers(
    node: Node,
    members: readonly TypeElementTypes[],
    parts: ObjectShape[],
    path: string,
    common?: Node,
  ): Shape | undefined {
    const index = members.filter((m): m is IndexSignatureDeclaration =>
      Node.isIndexSignatureDeclaration(m),
    );
    if (index.length > 0) {
      if (members.length === 1 && parts.length === 0 && !common) {
        const sig = index[0] as IndexSignatureDeclaration;
        return this.map(sig, sig.getKeyTypeNode(), sig.getReturnTypeNode(), path);
      }
      return this.refuse(
        index[0] as Node,
        path,
        'an object type cannot mix properties and an index signature',
        'move the map into its own property: `tags: Record<string, string>`',
      );
    }
    const own: FieldShape[] = [];
    for (const m of members) {
      if (!Node.isPropertySignature(m)) {
        const what =
          Node.isMethodSignature(m) ||
          Node.isCallSignatureDeclaration(m) ||
          Node.isConstructSignatureDeclaration(m)
            ? 'methods cannot come from a template'
            : `\`${oneLine(m.getText())}\` is not supported`;
        const named = Node.isMethodSignature(m) ? `${path}.${m.getName()}` : path;
        this.problems.at(m, named, what, 'declare plain data properties only (`name: type`)');
        continue;
      }
      const field = this.readProperty(m, path);
      if (field) own.push(field);
    }
    return this.merge(node, parts, own, common);
  }

  private readProperty(sig: PropertySignature, path: string): FieldShape | undefined {
    const nameNode = sig.getNameNode();
    let property: string;
    if (Node.isIdentifier(nameNode)) property = nameNode.getText();
    else if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode))
      property = nameNode.getLiteralValue();
    else {
      return this.refuse(
        nameNode,
        `${path}.${nameNode.getText()}`,
        'computed and numeric property names are not supported',
        'use a plain identifier',
      );
    }
    const fieldPath = `${path}.${property}`;
    if (property === '__proto__') {
      return this.refuse(
        nameNode,
        fieldPath,
        '`__proto__` cannot be a config property',
        'choose another name',
      );
    }
    const tags = readFieldTags(sig, fieldPath, this.problems);
    const typeNode = sig.getTypeNode();
    if (!typeNode) {
      return this.refuse(
        sig,
        fieldPath,
        'the property has no type annotation',
        'write `name: type`',
      );
    }
    return {
      property,
      signature: sig,
      optional: sig.hasQuestionToken(),
      tags,
      path: fieldPath,
      shape: this.readType(typeNode, fieldPath),
    };
  }

  /** Bases first (a property declared twice among them is an error), then own properties, which override. */
  private merge(
    node: Node,
    parts: readonly ObjectShape[],
    own: readonly FieldShape[],
    common?: Node,
  ): ObjectShape {
    const fields: FieldShape[] = [];
    const from = new Map<string, FieldShape>();
    let commonAt = common;
    const sdkConfigs: { name: string; node: Node }[] = [];
    let communicatorAt: Node | undefined;
    const ownNames = new Set(own.map((f) => f.property));
    for (const part of parts) {
      commonAt ??= part.common;
      communicatorAt ??= part.communicator;
      for (const c of part.sdkConfigs ?? []) if (!sdkConfigs.some((x) => x.name === c.name)) sdkConfigs.push(c);
      for (const f of part.fields) {
        if (ownNames.has(f.property)) continue;
        const before = from.get(f.property);
        if (before) {
          this.problems.at(
            f.signature,
            f.path,
            `property \`${f.property}\` is declared twice (also at ${this.problems.fileOf(before.signature)}:${before.signature.getStartLineNumber()})`,
            'declare it once',
          );
          continue;
        }
        from.set(f.property, f);
        fields.push(f);
      }
    }
    const out = fields.concat(own);
    return {
      kind: 'object',
      node,
      fields: out,
      ...(commonAt ? { common: commonAt } : {}),
      ...(sdkConfigs.length ? { sdkConfigs } : {}),
      ...(communicatorAt ? { communicator: communicatorAt } : {}),
    };
  }
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
