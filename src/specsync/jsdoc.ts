/**
 * The JSDoc tags regenerate-spec understands on Config properties (see README.md):
 * description text, `@default` / `@defaultValue`, `@sensitive`, `@hclName`, `@deprecated`,
 * `@minItems`, `@maxItems`, `@integer`.
 */
import type { JSDocTag, PropertySignature } from 'ts-morph';
import { HCL_NAME_RE } from './hcl-name.js';
import type { ProblemCollector } from './problems.js';

/** A tag value and the tag it came from (for error locations). */
export interface TagValue<T> {
  readonly value: T;
  readonly tag: JSDocTag;
}

/** What a property's JSDoc says. */
export interface FieldTags {
  readonly description?: string;
  /** The raw `@default` text (parsed against the field's type later). */
  readonly default?: TagValue<string>;
  readonly sensitive?: TagValue<true>;
  readonly hclName?: TagValue<string>;
  readonly deprecated?: TagValue<string>;
  readonly minItems?: TagValue<number>;
  readonly maxItems?: TagValue<number>;
  readonly integer?: TagValue<true>;
}

type Known =
  'default' | 'sensitive' | 'hclName' | 'deprecated' | 'minItems' | 'maxItems' | 'integer';
const KNOWN: readonly Known[] = [
  'default',
  'sensitive',
  'hclName',
  'deprecated',
  'minItems',
  'maxItems',
  'integer',
];
/** Spellings accepted for a known tag. */
const ALIASES: Readonly<Record<string, Known>> = { default: 'default', defaultValue: 'default' };
for (const k of KNOWN) if (!(k in ALIASES)) (ALIASES as Record<string, Known>)[k] = k;

/** The comment text of a property's last JSDoc block, trimmed (undefined when empty). */
export function descriptionOf(node: PropertySignature): string | undefined {
  const doc = node.getJsDocs().at(-1);
  if (!doc) return undefined;
  const text = doc
    .getDescription()
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/** Reads the tags of a property's last JSDoc block, reporting malformed or misspelt ones. */
export function readFieldTags(
  node: PropertySignature,
  path: string,
  problems: ProblemCollector,
): FieldTags {
  const out: {
    -readonly [K in keyof FieldTags]: FieldTags[K];
  } = {};
  const description = descriptionOf(node);
  if (description !== undefined) out.description = description;
  const doc = node.getJsDocs().at(-1);
  if (!doc) return out;
  const seen = new Map<Known, string>();
  for (const tag of doc.getTags()) {
    const written = tag.getTagName();
    const known = Object.hasOwn(ALIASES, written) ? ALIASES[written] : undefined;
    if (!known) {
      const close = closestKnown(written);
      if (close) problems.at(tag, path, `unknown JSDoc tag @${written}`, `did you mean @${close}?`);
      continue;
    }
    const before = seen.get(known);
    if (before !== undefined) {
      problems.at(tag, path, `@${written} given twice (also as @${before})`, 'keep one');
      continue;
    }
    seen.set(known, written);
    const text = tagText(tag);
    switch (known) {
      case 'default':
        if (text === '')
          problems.at(
            tag,
            path,
            `@${written} needs a value`,
            'e.g. `@default 20` or `@default "eu-west-1"`',
          );
        else out.default = { value: text, tag };
        break;
      case 'sensitive':
      case 'integer':
        if (text !== '')
          problems.at(
            tag,
            path,
            `@${written} takes no value (got "${firstLine(text)}")`,
            `write @${written} alone on its line, after the description`,
          );
        else out[known] = { value: true, tag };
        break;
      case 'hclName':
        if (!HCL_NAME_RE.test(text) || text === '__proto__') {
          problems.at(
            tag,
            path,
            `@hclName needs an HCL name (letters, digits, "_"; got "${firstLine(text)}")`,
            'e.g. `@hclName disk_size_gb`',
          );
        } else out.hclName = { value: text, tag };
        break;
      case 'deprecated':
        if (text === '')
          problems.at(
            tag,
            path,
            '@deprecated needs a message',
            'say what to use instead, e.g. `@deprecated Use disk_size instead.`',
          );
        else out.deprecated = { value: text.replace(/\s*\n\s*/g, ' '), tag };
        break;
      case 'minItems':
      case 'maxItems':
        if (!/^\d+$/.test(text))
          problems.at(
            tag,
            path,
            `@${written} needs a whole number ≥ 0 (got "${firstLine(text)}")`,
            `e.g. \`@${written} 1\``,
          );
        else out[known] = { value: Number(text), tag };
        break;
    }
  }
  return out;
}

/** The comment text after a tag's name, trimmed. */
function tagText(tag: JSDocTag): string {
  return (tag.getCommentText() ?? '').replace(/\r\n?/g, '\n').trim();
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** The known tag a misspelt tag probably meant (case-insensitive, edit distance ≤ 2). */
function closestKnown(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of Object.keys(ALIASES)) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = lower.length <= 4 ? 1 : 2;
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
