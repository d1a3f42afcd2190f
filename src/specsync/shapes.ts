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
  /**
   * Allowed values: a string-literal union (strings, kind `string`) or a numeric-literal union
   * (numbers, kind `number`).
   */
  readonly enum?: readonly string[] | readonly number[];
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
const UNION_HINT =
  "a property has one HCL type: use literals of one kind (`'fast' | 'safe'`, `1 | 2 | 4`, `true | false`) or one type; use separate properties for different kinds of value";
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
   * The root object type: every declaration of `rootName` (interfaces merge as TypeScript merges
   * them, `declare module` augmentations included), or one type alias. Undefined, reported,
   * when it is not an object type.
   */
  readRoot(decls: readonly Node[], rootName: string): ObjectShape | undefined {
    const first = decls[0];
    if (!first) return undefined;
    const shape = this.readDeclaration(decls, first, rootName);
    if (shape && shape.kind !== 'object') {
      this.problems.at(
        first,
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
    if (isComputed(node)) {
      const atoms = this.computedLiterals(node);
      if (!atoms) return this.refuseComputed(node, path);
      return this.readUnion(node, [], path, false, atoms);
    }
    if (Node.isTypeOperatorTypeNode(node)) {
      const inner = node.getTypeNode();
      if (node.getOperator() === SyntaxKind.ReadonlyKeyword) return this.readType(inner, path);
      return this.refuse(node, path, `\`${node.getText()}\` is not supported`, WRITE_IT_OUT);
    }
    if (Node.isArrayTypeNode(node)) return this.list(node, node.getElementTypeNode(), path);
    if (Node.isLiteralTypeNode(node)) return this.readLiteral(node, path);
    if (Node.isUnionTypeNode(node)) return this.readUnion(node, node.getTypeNodes(), path, false);
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
    const n = numberLiteral(literal);
    if (n !== undefined) return { kind: 'number', enum: [n], node };
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
          'use a string or number literal, or a union of them',
        );
    }
  }

  /**
   * Unions: of string literals (a string with allowed values), of number literals (a number with
   * allowed values), `true | false` (a bool), and `T | undefined` on an optional property (`T`).
   * Literals may come through local aliases and types the checker computes from values.
   */
  private readUnion(
    node: Node,
    members: readonly TypeNode[],
    path: string,
    optional: boolean,
    atoms: Atom[] = [],
  ): Shape | undefined {
    for (const m of members) this.atoms(m, atoms);
    for (const a of atoms) {
      if (a.kind === 'undefined' && optional) continue;
      if (a.kind === 'null') {
        return this.refuse(node, path, '`| null` is not supported', USE_OPTIONAL);
      }
      if (a.kind === 'undefined') {
        return path.endsWith(']')
          ? this.refuse(
              node,
              path,
              '`| undefined` is not supported inside a list or map',
              'HCL lists and maps hold no missing values: remove `| undefined`',
            )
          : this.refuse(
              node,
              path,
              '`| undefined` on a property without `?` is not supported',
              USE_OPTIONAL,
            );
      }
    }
    const rest = atoms.filter((a) => a.kind !== 'null' && a.kind !== 'undefined');
    const only = rest.length === 1 ? rest[0] : undefined;
    if (only?.kind === 'type') return this.readType(only.node, path);
    const kinds = new Set(rest.map((a) => a.kind));
    if (kinds.size === 1 && kinds.has('string')) {
      return { kind: 'string', enum: unique(rest.map((a) => (a as StringAtom).value)), node };
    }
    if (kinds.size === 1 && kinds.has('number')) {
      return { kind: 'number', enum: unique(rest.map((a) => (a as NumberAtom).value)), node };
    }
    if (kinds.size === 1 && kinds.has('bool')) {
      const values = new Set(rest.map((a) => (a as BoolAtom).value));
      if (values.has(undefined) || (values.has(true) && values.has(false)))
        return { kind: 'bool', node };
      return this.refuse(
        node,
        path,
        `the type \`${oneLine(node.getText())}\` allows one boolean value only`,
        'use `boolean`',
      );
    }
    if (kinds.size === 2 && kinds.has('string') && kinds.has('number')) {
      return this.refuse(
        node,
        path,
        `the union \`${oneLine(node.getText())}\` mixes string and number literals`,
        "use one kind of literal: all strings (`'1' | '2' | 'auto'`) or all numbers (`1 | 2 | 4`)",
      );
    }
    return this.refuse(
      node,
      path,
      `the union \`${oneLine(node.getText())}\` mixes types`,
      UNION_HINT,
    );
  }

  /** Flattens a union member into atoms (through parentheses, unions and local aliases). */
  private atoms(node: TypeNode, out: Atom[]): void {
    if (Node.isParenthesizedTypeNode(node)) return this.atoms(node.getTypeNode(), out);
    if (node.getKind() === SyntaxKind.UndefinedKeyword) {
      out.push({ kind: 'undefined' });
      return;
    }
    if (node.getKind() === SyntaxKind.BooleanKeyword) {
      out.push({ kind: 'bool', value: undefined });
      return;
    }
    if (Node.isLiteralTypeNode(node)) {
      const lit = node.getLiteral();
      if (Node.isStringLiteral(lit) || Node.isNoSubstitutionTemplateLiteral(lit)) {
        out.push({ kind: 'string', value: lit.getLiteralValue() });
        return;
      }
      const n = numberLiteral(lit);
      if (n !== undefined) {
        out.push({ kind: 'number', value: n });
        return;
      }
      if (lit.getKind() === SyntaxKind.TrueKeyword || lit.getKind() === SyntaxKind.FalseKeyword) {
        out.push({ kind: 'bool', value: lit.getKind() === SyntaxKind.TrueKeyword });
        return;
      }
      if (lit.getKind() === SyntaxKind.NullKeyword) {
        out.push({ kind: 'null' });
        return;
      }
    }
    if (Node.isUnionTypeNode(node)) {
      for (const m of node.getTypeNodes()) this.atoms(m, out);
      return;
    }
    if (Node.isTypeReference(node) && node.getTypeArguments().length === 0) {
      const resolved = resolveTypeName(this.checker, node.getTypeName());
      const decl = resolved.kind === 'local' ? resolved.declarations[0] : undefined;
      if (
        resolved.kind === 'local' &&
        resolved.declarations.length === 1 &&
        decl &&
        Node.isTypeAliasDeclaration(decl) &&
        decl.getTypeParameters().length === 0 &&
        !this.expanding.has(decl)
      ) {
        const typeNode = decl.getTypeNode();
        if (typeNode && isLiteralish(typeNode)) {
          this.files.add(decl.getSourceFile().getFilePath());
          this.expanding.add(decl);
          try {
            this.atoms(typeNode, out);
          } finally {
            this.expanding.delete(decl);
          }
          return;
        }
      }
    }
    const computed = this.computedLiterals(node);
    if (computed) {
      out.push(...computed);
      return;
    }
    out.push({ kind: 'type', node });
  }

  /**
   * A type computed from other types or values (`(typeof MODES)[number]`, `keyof typeof X`,
   * `` `a${B}` ``, `T[K]`): the checker's result when it is a union of string, number or boolean
   * literals; undefined otherwise.
   */
  private computedLiterals(node: TypeNode): Atom[] | undefined {
    if (!isComputed(node)) return undefined;
    const type = this.checker.getTypeAtLocation(node);
    const parts = type.isUnion() ? type.getUnionTypes() : [type];
    const out: Atom[] = [];
    for (const t of parts) {
      if (t.isStringLiteral()) out.push({ kind: 'string', value: String(t.getLiteralValue()) });
      else if (t.isNumberLiteral()) out.push({ kind: 'number', value: Number(t.getLiteralValue()) });
      else if (t.isBooleanLiteral()) out.push({ kind: 'bool', value: t.getText() === 'true' });
      else if (t.isUndefined()) out.push({ kind: 'undefined' });
      else return undefined;
    }
    for (const q of [node, ...node.getDescendants()]) {
      if (!Node.isTypeQuery(q)) continue;
      const sym = this.checker.getSymbolAtLocation(q.getExprName());
      const target = sym?.isAlias() ? sym.getAliasedSymbol() : sym;
      for (const d of target?.getDeclarations() ?? [])
        this.files.add(d.getSourceFile().getFilePath());
    }
    // The checker orders union members by type identity, which unrelated code can change:
    // numbers are listed ascending; strings keep the checker's order (their declaration order).
    const numbers = out
      .filter((a): a is NumberAtom => a.kind === 'number')
      .sort((a, b) => a.value - b.value);
    return numbers.length ? [...out.filter((a) => a.kind !== 'number'), ...numbers] : out;
  }

  /** A computed type that is not a literal union: what it resolved to, and the fix. */
  private refuseComputed(node: TypeNode, path: string): undefined {
    const text = this.checker.getTypeAtLocation(node).getText(node);
    const fromArray = Node.isIndexedAccessTypeNode(node);
    return this.refuse(
      node,
      path,
      `\`${oneLine(node.getText())}\` resolves to \`${oneLine(text)}\`, not a union of literals`,
      fromArray
        ? "declare the array `as const` in a file of the plugin (`const MODES = ['fast', 'safe'] as const`), or write the union out: `'fast' | 'safe'`"
        : "regenerate-spec maps computed types only when they resolve to string, number or boolean literals; write the type out (`'fast' | 'safe'`)",
    );
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
        return this.readDeclaration(resolved.declarations, node, path, args.length > 0);
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

  /**
   * The declarations of a local name referenced by `ref` (or the root). Several interface
   * declarations merge (as TypeScript merges them); other repeated declarations are refused.
   */
  private readDeclaration(
    all: readonly Node[],
    ref: Node,
    path: string,
    hasTypeArgs = false,
  ): Shape | undefined {
    // A value of the same name (`const Mode = …; type Mode = …`) or a namespace adds no type.
    const decls = sortDeclarations(
      all.filter(
        (d) =>
          !Node.isVariableDeclaration(d) &&
          !Node.isFunctionDeclaration(d) &&
          !Node.isModuleDeclaration(d),
      ),
    );
    const decl = decls[0] ?? all[0];
    if (!decl) return this.refuse(ref, path, `\`${ref.getText()}\` is not a type`);
    const name = Node.hasName(decl) ? decl.getName() : ref.getText();
    if (decls.length > 1 && !decls.every((d) => Node.isInterfaceDeclaration(d))) {
      const kinds = [...new Set(decls.map(kindOf))].join(' and ');
      return this.refuse(
        ref,
        path,
        `\`${name}\` is declared ${decls.length} times as ${kinds} (${decls.map((d) => this.where(d)).join(', ')}); only interfaces merge`,
        `keep one declaration of \`${name}\`, or make them all interfaces`,
      );
    }
    if (decls.length > 1) {
      return this.readMergedInterfaces(decls as InterfaceDeclaration[], ref, path, hasTypeArgs);
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
      if (Node.isInterfaceDeclaration(decl)) return this.readInterface([decl], path);
      const typeNode = decl.getTypeNode();
      return typeNode
        ? this.readType(typeNode, path)
        : this.refuse(decl, path, `\`${name}\` has no type`);
    } finally {
      this.expanding.delete(decl);
    }
  }

  /** Several declarations of one interface: TypeScript merges them, and so do we. */
  private readMergedInterfaces(
    decls: readonly InterfaceDeclaration[],
    ref: Node,
    path: string,
    hasTypeArgs: boolean,
  ): Shape | undefined {
    const first = decls[0] as InterfaceDeclaration;
    const name = first.getName();
    if (decls.some((d) => this.expanding.has(d))) {
      return this.refuse(
        ref,
        path,
        `recursive type \`${name}\`: an HCL block cannot contain itself`,
        'limit the nesting: declare a separate interface for the inner level',
      );
    }
    if (hasTypeArgs || decls.some((d) => d.getTypeParameters().length > 0)) {
      return this.refuse(
        ref,
        path,
        `the generic type \`${name}\` is not supported`,
        'declare a non-generic interface or alias',
      );
    }
    for (const d of decls) {
      this.files.add(d.getSourceFile().getFilePath());
      this.expanding.add(d);
    }
    try {
      return this.readInterface(decls, path);
    } finally {
      for (const d of decls) this.expanding.delete(d);
    }
  }

  /**
   * One interface from all its declarations: the bases of every declaration (`extends`), then
   * the members of every declaration, in declaration order.
   */
  private readInterface(decls: readonly InterfaceDeclaration[], path: string): Shape | undefined {
    const parts: ObjectShape[] = [];
    let common: Node | undefined;
    for (const decl of decls) {
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
    }
    const first = decls[0] as InterfaceDeclaration;
    return this.readMembers(
      first,
      decls.flatMap((d) => d.getMembers()),
      parts,
      path,
      common,
    );
  }

  /** `src/config.ts:12`, for messages that point at a second place. */
  private where(node: Node): string {
    return `${this.problems.fileOf(node)}:${node.getStartLineNumber()}`;
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
    const shape = this.readDeclaration(resolved.declarations, base, path, hasTypeArgs);
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
      if (!field) continue;
      const before = own.find((f) => f.property === field.property);
      if (before) {
        this.problems.at(
          field.signature,
          field.path,
          `property \`${field.property}\` is declared twice (also at ${this.where(before.signature)})`,
          'declare it once: merged declarations of an interface share one set of properties',
        );
        continue;
      }
      own.push(field);
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
      shape: this.readPropertyType(typeNode, fieldPath, sig.hasQuestionToken()),
    };
  }

  /** A property's type: on an optional property, `T | undefined` is `T`. */
  private readPropertyType(node: TypeNode, path: string, optional: boolean): Shape | undefined {
    let inner = node;
    while (Node.isParenthesizedTypeNode(inner)) inner = inner.getTypeNode();
    if (optional && Node.isUnionTypeNode(inner))
      return this.readUnion(inner, inner.getTypeNodes(), path, true);
    return this.readType(node, path);
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

type StringAtom = { readonly kind: 'string'; readonly value: string };
type NumberAtom = { readonly kind: 'number'; readonly value: number };
/** `value` undefined: the `boolean` keyword (both values). */
type BoolAtom = { readonly kind: 'bool'; readonly value: boolean | undefined };
/** One member of a union, flattened. `type`: any other type (read with readType). */
type Atom =
  | StringAtom
  | NumberAtom
  | BoolAtom
  | { readonly kind: 'undefined' }
  | { readonly kind: 'null' }
  | { readonly kind: 'type'; readonly node: TypeNode };

/** The value of a numeric literal type (`4`, `-1`, `0x10`), or undefined. */
function numberLiteral(lit: Node): number | undefined {
  if (Node.isNumericLiteral(lit)) return Number(lit.getLiteralValue());
  if (Node.isPrefixUnaryExpression(lit)) {
    const operand = lit.getOperand();
    if (Node.isNumericLiteral(operand)) {
      const v = Number(operand.getLiteralValue());
      if (lit.getOperatorToken() === SyntaxKind.MinusToken) return -v;
      if (lit.getOperatorToken() === SyntaxKind.PlusToken) return v;
    }
  }
  return undefined;
}

/** An alias body worth flattening into a union: literals, unions, computed types. */
function isLiteralish(node: TypeNode): boolean {
  if (Node.isParenthesizedTypeNode(node)) return isLiteralish(node.getTypeNode());
  return Node.isUnionTypeNode(node) || Node.isLiteralTypeNode(node) || isComputed(node);
}

/** Types the checker computes: `T[K]`, `typeof x`, `keyof T`, template literal types. */
function isComputed(node: TypeNode): boolean {
  return (
    Node.isIndexedAccessTypeNode(node) ||
    Node.isTypeQuery(node) ||
    Node.isTemplateLiteralTypeNode(node) ||
    (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.KeyOfKeyword)
  );
}

function unique<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}

/** Declarations in a stable order: by file (the first declaration's file first), then position. */
function sortDeclarations(decls: readonly Node[]): Node[] {
  const firstFile = decls[0]?.getSourceFile().getFilePath();
  return [...decls].sort((a, b) => {
    const fa = a.getSourceFile().getFilePath();
    const fb = b.getSourceFile().getFilePath();
    if (fa !== fb) {
      if (fa === firstFile) return -1;
      if (fb === firstFile) return 1;
      return fa < fb ? -1 : 1;
    }
    return a.getStart() - b.getStart();
  });
}

/** `an interface`, `a class`… for messages about repeated declarations. */
function kindOf(d: Node): string {
  if (Node.isInterfaceDeclaration(d)) return 'an interface';
  if (Node.isTypeAliasDeclaration(d)) return 'a type alias';
  if (Node.isClassDeclaration(d)) return 'a class';
  if (Node.isEnumDeclaration(d)) return 'an enum';
  return d.getKindName();
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
