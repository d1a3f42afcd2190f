/**
 * Name resolution for type references in the plugin's config types, through the type checker.
 * Types imported from `generator-packer-builder` are recognised by module specifier and name,
 * without resolving the module (node_modules may not exist yet).
 */
import { Node, SyntaxKind, type Symbol as MorphSymbol, type TypeChecker } from 'ts-morph';
import { SPEC_LIB_PATH } from './project.js';

/** The package whose types (`PackerCommonConfig`, `Duration`) regenerate-spec knows by name. */
export const SDK_MODULE = 'generator-packer-builder';

/** What a type name refers to. */
export type ResolvedName =
  /** A type exported by generator-packer-builder, by its exported name. */
  | { readonly kind: 'sdk'; readonly name: string }
  /** Not declared in the plugin: a global (`Record`, `Array`, `Date`, …) or a missing name. */
  | { readonly kind: 'global'; readonly name: string }
  /** Declared in a file of the plugin. */
  | { readonly kind: 'local'; readonly name: string; readonly declarations: readonly Node[] }
  /** Imported from another npm package (not read). */
  | { readonly kind: 'package'; readonly name: string; readonly module: string }
  /** Imported from a relative path that does not resolve to a file. */
  | { readonly kind: 'missing-import'; readonly name: string; readonly module: string };

const MAX_ALIAS_HOPS = 32;

/** Resolves a type name (`Foo`, `ns.Foo`) or a heritage-clause expression. */
export function resolveTypeName(checker: TypeChecker, name: Node): ResolvedName {
  let right: Node = name;
  if (Node.isQualifiedName(name) || Node.isPropertyAccessExpression(name)) {
    const left = Node.isQualifiedName(name) ? name.getLeft() : name.getExpression();
    right = Node.isQualifiedName(name) ? name.getRight() : name.getNameNode();
    const nsDecl = checker.getSymbolAtLocation(left)?.getDeclarations()[0];
    if (nsDecl && Node.isNamespaceImport(nsDecl)) {
      const module = nsDecl
        .getFirstAncestorByKind(SyntaxKind.ImportDeclaration)
        ?.getModuleSpecifierValue();
      if (module !== undefined && isSdkModule(module))
        return { kind: 'sdk', name: right.getText() };
      if (module !== undefined && !isRelative(module))
        return { kind: 'package', name: right.getText(), module };
    }
  }
  return follow(checker.getSymbolAtLocation(right), right.getText());
}

function follow(start: MorphSymbol | undefined, text: string): ResolvedName {
  let symbol = start;
  for (let hop = 0; hop < MAX_ALIAS_HOPS && symbol; hop++) {
    const declarations = symbol.getDeclarations();
    const decl = declarations[0];
    if (!decl || decl.getSourceFile().getFilePath() === SPEC_LIB_PATH)
      return { kind: 'global', name: symbol.getName() || text };
    const via = importedFrom(decl);
    if (!via) return { kind: 'local', name: symbol.getName(), declarations };
    if (via.module !== undefined && isSdkModule(via.module)) return { kind: 'sdk', name: via.name };
    if (via.module !== undefined && !isRelative(via.module)) {
      return { kind: 'package', name: via.name, module: via.module };
    }
    const next = symbol.getImmediatelyAliasedSymbol();
    if (!next || next.getDeclarations().length === 0) {
      return via.module !== undefined
        ? { kind: 'missing-import', name: via.name, module: via.module }
        : { kind: 'global', name: via.name };
    }
    symbol = next;
  }
  return { kind: 'global', name: text };
}

/** For import/export specifiers: the module named and the exported name imported. */
function importedFrom(decl: Node): { module: string | undefined; name: string } | undefined {
  if (Node.isImportSpecifier(decl)) {
    return { module: decl.getImportDeclaration().getModuleSpecifierValue(), name: decl.getName() };
  }
  if (Node.isExportSpecifier(decl)) {
    return { module: decl.getExportDeclaration().getModuleSpecifierValue(), name: decl.getName() };
  }
  if (Node.isImportClause(decl)) {
    const importDecl = decl.getParentIfKind(SyntaxKind.ImportDeclaration);
    return { module: importDecl?.getModuleSpecifierValue(), name: 'default' };
  }
  if (Node.isNamespaceImport(decl)) {
    const importDecl = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
    return { module: importDecl?.getModuleSpecifierValue(), name: '*' };
  }
  return undefined;
}

function isSdkModule(module: string): boolean {
  return module === SDK_MODULE || module.startsWith(`${SDK_MODULE}/`);
}

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
}
