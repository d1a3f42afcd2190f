/** The text of the generated configuration reference (`docs/configuration.md`), before formatting. */
import { ctyTypeString } from '../hcl/cty.js';
import type { ObjectSpec, Spec } from '../hcl/spec.js';
import { commonSpecEntries } from '../config/common.js';
import { communicatorSpecEntries } from '../communicator/ssh/spec.js';
import { COMMON_FIELD_DOCS } from './common-docs.js';
import { SDK_CONFIGS } from './sdk-configs.js';
import { GENERATED_MARKER } from './emit-spec.js';
import type { GeneratedDataEntry } from './generated-data.js';
import type { ConfigModel } from './to-spec.js';

export interface DocsInput {
  readonly model: ConfigModel;
  readonly generatedData: readonly GeneratedDataEntry[];
  /** The config file and type, for the closing note. */
  readonly configFile: string;
  readonly configType: string;
  readonly sourcesText: string;
}

type BlockEntry = Extract<Spec, { kind: 'block' | 'blockList' }>;

export function docsText(input: DocsInput): string {
  const out: string[] = [
    `<!-- ${GENERATED_MARKER} -->`,
    `<!-- Generated from ${input.sourcesText}; edit those, then run \`npm run regenerate-spec\`. -->`,
    '',
    '# Configuration reference',
    '',
    'Fields are written in the `source` block of an HCL2 template, or in the builder object of a',
    'JSON template.',
    '',
  ];
  const blocks: [string, BlockEntry][] = [];
  out.push(...fieldLists(input.model.entries, '', '##', blocks));
  if (blocks.length) {
    out.push('## Blocks', '');
    // Breadth-first over nested blocks, so each block's section follows its parent's.
    for (let i = 0; i < blocks.length; i++) {
      const [path, block] = blocks[i] as [string, BlockEntry];
      out.push(`### \`${path}\` block`, '');
      if (block.meta?.description) out.push(block.meta.description, '');
      out.push(occurrence(path, block), '');
      out.push(...fieldLists(block.nested.entries, `${path}.`, '####', blocks));
    }
  }
  out.push('## Generated data', '');
  if (input.generatedData.length) {
    out.push(
      'The builder provides these build variables to provisioners and post-processors:',
      '`${build.<Name>}` in HCL2 templates, ``{{ build `<Name>` }}`` in JSON templates.',
      '',
      ...input.generatedData.map(
        (g) => `- \`${g.name}\`${g.description ? ` - ${indent(g.description)}` : ''}`,
      ),
      '',
    );
  } else {
    out.push('The builder provides no build variables of its own.', '');
  }
  if (input.model.includesCommunicator) {
    out.push(
      '## Communicator settings',
      '',
      "Go's communicator settings (`communicator.Config`), with the same names, types and defaults, so a template's",
      '`ssh_*` settings written for a Go builder work unchanged.',
      '',
      ...Object.entries(communicatorSpecEntries).map(([name, s]) => fieldLine(name, s)),
      '',
    );
  }
  for (const name of input.model.sdkConfigs ?? []) {
    const c = SDK_CONFIGS[name];
    if (!c) continue;
    out.push(
      `## Shared \`${name}\` fields`,
      '',
      `From the SDK's \`${name}\` (Go: \`${c.go}\`), which \`${input.configType}\` extends.`,
      '',
      ...Object.entries(c.entries).map(([n, s]) => fieldLine(n, s, s.kind === 'attr' ? s.meta?.description : undefined)),
      '',
    );
  }
  if (input.model.includesCommon) {
    out.push(
      '## Common Packer fields',
      '',
      'Packer sets these itself on every build; templates normally leave them alone.',
      '',
      ...Object.entries(commonSpecEntries).map(([name, s]) =>
        fieldLine(name, s, COMMON_FIELD_DOCS[name]),
      ),
      '',
    );
  }
  out.push(
    '---',
    '',
    `This reference is generated from the JSDoc of \`${input.configType}\` in \`${input.configFile}\`:`,
    'the comment text is the description, and the tags `@default`, `@sensitive`, `@hclName`,',
    '`@deprecated`, `@integer`, `@minItems` and `@maxItems` give the rest. Edit the comments there',
    'and run `npm run regenerate-spec`.',
    '',
  );
  return out.join('\n');
}

/** "Required" and "Optional" lists of one object; collects nested blocks for later sections. */
function fieldLists(
  entries: ObjectSpec['entries'],
  prefix: string,
  heading: string,
  blocks: [string, BlockEntry][],
): string[] {
  const required: string[] = [];
  const optional: string[] = [];
  for (const [name, s] of Object.entries(entries)) {
    if (s.kind === 'block' || s.kind === 'blockList') blocks.push([`${prefix}${name}`, s]);
    (isRequired(s) ? required : optional).push(fieldLine(name, s, undefined, `${prefix}${name}`));
  }
  const out: string[] = [];
  if (required.length) out.push(`${heading} Required`, '', ...required, '');
  if (optional.length) out.push(`${heading} Optional`, '', ...optional, '');
  if (!required.length && !optional.length) out.push('This block has no fields.', '');
  return out;
}

function isRequired(s: Spec): boolean {
  if (s.kind === 'blockList') return s.minItems > 0;
  if (s.kind === 'object') return false;
  return s.required;
}

/** `- \`name\` (type) - Deprecated. Description. One of … Defaults to …`. */
function fieldLine(name: string, s: Spec, description?: string, path?: string): string {
  if (s.kind === 'object') return `- \`${name}\` (object)`;
  const meta = s.meta ?? {};
  const sentences: string[] = [];
  if (meta.deprecated) sentences.push(`**Deprecated:** ${sentence(meta.deprecated)}`);
  const text = description ?? meta.description;
  if (text) sentences.push(sentence(text));
  if (meta.enum)
    sentences.push(`One of ${meta.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}.`);
  if (meta.default !== undefined)
    sentences.push(`Defaults to \`${JSON.stringify(meta.default)}\`.`);
  if ((s.kind === 'block' || s.kind === 'blockList') && path) {
    sentences.push(`See the [\`${path}\` block](#${slug(`${path} block`)}).`);
  }
  const body = sentences.length ? ` - ${indent(sentences.join(' '))}` : '';
  return `- \`${name}\` (${typeLabel(s)})${body}`;
}

function typeLabel(s: Exclude<Spec, ObjectSpec>): string {
  switch (s.kind) {
    case 'block':
      return 'block';
    case 'blockList':
      return 'repeatable block';
    case 'blockAttrs':
      return `block of ${ctyTypeString(s.elementType)} attributes`;
    case 'attr': {
      const m = s.meta ?? {};
      const base = m.duration
        ? 'duration string, e.g. "1h5m2s"'
        : m.integer
          ? 'integer'
          : ctyTypeString(s.type);
      return m.sensitive ? `${base}, sensitive` : base;
    }
  }
}

function occurrence(path: string, s: BlockEntry): string {
  const b = `\`${path.split('.').at(-1)} { … }\``;
  if (s.kind === 'block')
    return s.required ? `Required: exactly one ${b} block.` : `Optional: at most one ${b} block.`;
  const { minItems: min, maxItems: max } = s;
  const blocks = (n: number): string => `${n} ${b} block${n === 1 ? '' : 's'}`;
  if (max === 0)
    return min === 0
      ? `Optional: any number of ${b} blocks.`
      : `Required: at least ${blocks(min)}.`;
  if (min === max) return `Required: exactly ${blocks(min)}.`;
  return min === 0 ? `Optional: at most ${blocks(max)}.` : `Required: ${min} to ${blocks(max)}.`;
}

/** Ends the text with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.!?:;)`*]$/.test(text) ? text : `${text}.`;
}

/** Continuation lines of a list item are indented by two spaces. */
function indent(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : `  ${line}`))
    .join('\n');
}

/** GitHub's heading anchor. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
