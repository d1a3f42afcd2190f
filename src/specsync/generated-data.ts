/**
 * The GeneratedData interface: the names of the build variables the builder provides
 * (`${build.ImageId}`), each a string property with an optional description.
 */
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { descriptionOf } from './jsdoc.js';
import type { ProblemCollector } from './problems.js';

/** One generated-data name. */
export interface GeneratedDataEntry {
  readonly name: string;
  readonly description?: string;
}

/** Build variables Packer itself provides to every build (protocol spec §8.3/§8.4). */
export const PACKER_BUILTIN_BUILD_VARIABLES: ReadonlySet<string> = new Set([
  'ID',
  'Host',
  'Port',
  'User',
  'Password',
  'ConnType',
  'PackerRunUUID',
  'PackerHTTPPort',
  'PackerHTTPIP',
  'PackerHTTPAddr',
  'SSHPublicKey',
  'SSHPrivateKey',
  'SSHPrivateKeyFile',
  'SSHAgentAuth',
  'WinRMPassword',
]);

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads `export interface <typeName> { Name: string; … }` from `file` (problems are collected). */
export function readGeneratedData(
  file: SourceFile,
  typeName: string,
  problems: ProblemCollector,
): GeneratedDataEntry[] {
  const decl = file.getInterface(typeName);
  const where = problems.fileOf(file);
  if (!decl) {
    const alias = file.getTypeAlias(typeName);
    problems.at(
      alias ?? file,
      typeName,
      alias
        ? `\`${typeName}\` must be an interface`
        : `no interface named \`${typeName}\` in ${where}`,
      `declare \`export interface ${typeName} { ImageId: string }\` (empty braces for none)`,
    );
    return [];
  }
  if (!decl.isExported()) {
    problems.at(
      decl,
      typeName,
      `\`${typeName}\` must be exported (the generated spec module imports it)`,
      `write \`export interface ${typeName}\``,
    );
  }
  for (const h of decl.getExtends()) {
    problems.at(
      h,
      typeName,
      `\`${typeName}\` cannot extend other types`,
      'list every name directly in the interface',
    );
  }
  if (decl.getTypeParameters().length > 0) {
    problems.at(decl, typeName, `\`${typeName}\` cannot be generic`, 'remove the type parameters');
  }
  const out: GeneratedDataEntry[] = [];
  for (const m of decl.getMembers()) {
    if (!Node.isPropertySignature(m)) {
      problems.at(
        m,
        typeName,
        'only `Name: string` properties are allowed',
        'declare one string property per build variable',
      );
      continue;
    }
    const nameNode = m.getNameNode();
    const name = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText();
    const path = `${typeName}.${name}`;
    if (!NAME_RE.test(name)) {
      problems.at(
        nameNode,
        path,
        `"${name}" is not a valid build variable name (letters, digits and "_", not starting with a digit)`,
        'use PascalCase, e.g. `ImageId`',
      );
      continue;
    }
    if (PACKER_BUILTIN_BUILD_VARIABLES.has(name)) {
      problems.at(
        nameNode,
        path,
        `"${name}" is one of Packer's own build variables and would shadow Packer's value`,
        'choose another name',
      );
      continue;
    }
    const type = m.getTypeNode();
    if (type?.getKind() !== SyntaxKind.StringKeyword) {
      problems.at(
        type ?? m,
        path,
        `generated data values are strings (Packer passes them as strings), got \`${type?.getText() ?? 'no type'}\``,
        `write \`${name}: string\``,
      );
      continue;
    }
    const description = descriptionOf(m);
    out.push({ name, ...(description !== undefined ? { description } : {}) });
  }
  return out;
}
