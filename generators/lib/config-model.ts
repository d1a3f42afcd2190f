/**
 * The TypeScript shape of a plugin's `Config`: interfaces, properties and JSDoc lines that
 * `templates/app/src/config.ts.ejs` prints and the field sub-generator inserts with ts-morph.
 * The tags are regenerate-spec's (src/specsync/README.md).
 */
import { hclNameOf } from '../../src/specsync/hcl-name.js';
import type { Field, FieldType } from './model.js';
import { camelCase, pascalCase } from './names.js';

/** One property of a config interface. */
export interface PropModel {
  /** TS property name (camelCase of the HCL name). */
  readonly name: string;
  readonly hclName: string;
  /** JSDoc lines, without `*` (description, blank line, tags). */
  readonly docLines: readonly string[];
  readonly optional: boolean;
  readonly tsType: string;
}

/** One interface: `Config` or a nested block's. */
export interface InterfaceModel {
  readonly name: string;
  readonly docLines: readonly string[];
  /** `extends …` clause text, or empty. */
  readonly extendsClause: string;
  readonly props: readonly PropModel[];
}

/** The description written when an answer had none. */
export const TODO_DESCRIPTION = 'TODO: describe this setting.';

/** The TS type text of a non-block field type. */
function attrType(t: FieldType): string {
  switch (t.kind) {
    case 'scalar':
      return { string: 'string', number: 'number', int: 'number', bool: 'boolean', duration: 'Duration' }[
        t.scalar
      ];
    case 'enum':
      return t.choices.map((c) => `'${c.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ');
    case 'list':
      return `${attrType({ kind: 'scalar', scalar: t.element })}[]`;
    case 'map':
      return `Record<string, ${attrType({ kind: 'scalar', scalar: t.element })}>`;
    case 'block':
    case 'blockList':
      throw new Error('blocks have interface types');
  }
}

/** Escapes text for a JSDoc comment (no `*\/` inside). */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\u200b/');
}

/** JSDoc lines of a field: description, then the tags regenerate-spec reads. */
export function fieldDocLines(f: Field): string[] {
  const lines = docText(f.description ?? TODO_DESCRIPTION).split('\n');
  const tags: string[] = [];
  const prop = camelCase(f.name);
  if (hclNameOf(prop) !== f.name) tags.push(`@hclName ${f.name}`);
  if (f.default !== undefined) tags.push(`@default ${JSON.stringify(f.default)}`);
  if (f.type.kind === 'scalar' && f.type.scalar === 'int') tags.push('@integer');
  if (f.sensitive) tags.push('@sensitive');
  if (f.type.kind === 'blockList') {
    // A required list of blocks needs ≥ 1 block without a tag.
    if (f.type.minItems > 1) tags.push(`@minItems ${f.type.minItems}`);
    if (f.type.maxItems > 0) tags.push(`@maxItems ${f.type.maxItems}`);
  }
  if (f.deprecated) tags.push(`@deprecated ${docText(f.deprecated)}`);
  return tags.length ? [...lines, '', ...tags] : lines;
}

/** Whether any field (at any depth) is a duration (the config module then imports Duration). */
export function usesDuration(fields: readonly Field[]): boolean {
  return fields.some((f) =>
    f.type.kind === 'block' || f.type.kind === 'blockList'
      ? usesDuration(f.type.fields)
      : f.type.kind === 'scalar' && f.type.scalar === 'duration',
  );
}

/**
 * The interfaces of a config: `Config` (extending PackerCommonConfig) first, then one per
 * block, named after its path (`disk` → `DiskConfig`, `disk.partition` → `DiskPartitionConfig`).
 * `taken` holds type names already used in the file.
 */
export function configInterfaces(
  fields: readonly Field[],
  builderName: string,
  taken: Set<string> = new Set(['Config', 'PackerCommonConfig', 'Duration']),
): InterfaceModel[] {
  const out: InterfaceModel[] = [];
  const root: InterfaceModel = {
    name: 'Config',
    docLines: [
      `Configuration of the \`${builderName}\` builder: the settings of a \`source "${builderName}" "…"\` block.`,
      '',
      'Edit this interface, then run `npm run regenerate-spec` to update the HCL spec and the docs.',
    ],
    extendsClause: 'extends PackerCommonConfig',
    props: propsOf(fields, [], out, taken),
  };
  return [root, ...out];
}

function propsOf(
  fields: readonly Field[],
  path: readonly string[],
  out: InterfaceModel[],
  taken: Set<string>,
): PropModel[] {
  return fields.map((f) => {
    const t = f.type;
    let tsType: string;
    // With a default the property is always set after decoding, so it is declared without `?`.
    let optional = !f.required && f.default === undefined;
    if (t.kind === 'block' || t.kind === 'blockList') {
      const iface = blockInterfaceName([...path, f.name], taken);
      out.push({
        name: iface,
        docLines: [docText(f.description ?? `The \`${[...path, f.name].join('.')}\` block.`)],
        extendsClause: '',
        props: propsOf(t.fields, [...path, f.name], out, taken),
      });
      tsType = t.kind === 'block' ? iface : `${iface}[]`;
      if (t.kind === 'blockList') optional = t.minItems === 0;
    } else {
      tsType = attrType(t);
    }
    return { name: camelCase(f.name), hclName: f.name, docLines: fieldDocLines(f), optional, tsType };
  });
}

/** A free interface name for a block at `path` (registered in `taken`). */
export function blockInterfaceName(path: readonly string[], taken: Set<string>): string {
  const base = `${path.map(pascalCase).join('')}Config`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

function docComment(lines: readonly string[], indent: string): string {
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join('\n');
}

/** The source text of one property with its JSDoc, indented for an interface body. */
export function propText(p: PropModel): string {
  return `${docComment(p.docLines, '  ')}\n  ${p.name}${p.optional ? '?' : ''}: ${p.tsType};`;
}

/** The source text of one interface (what the template prints, and the field sub-generator adds). */
export function interfaceText(m: InterfaceModel): string {
  const head = `export interface ${m.name}${m.extendsClause ? ` ${m.extendsClause}` : ''}`;
  return `${docComment(m.docLines, '')}\n${head} {\n${m.props.map(propText).join('\n\n')}\n}\n`;
}
