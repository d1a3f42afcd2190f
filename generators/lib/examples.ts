/**
 * The example templates of a new plugin (`example/build.pkr.hcl`, `example/build.json`), made
 * from the spec model regenerate-spec reads from `src/config.ts` (never from the answers), with
 * the values the generated tests also use at run time (`exampleValues` of the SDK).
 */
import { exampleValues, minimalValues, type ExampleValue } from '../../src/hcl/examples.js';
import type { ObjectSpec } from '../../src/hcl/spec.js';

export { exampleValues, minimalValues };

type JsonObject = { readonly [key: string]: ExampleValue };

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL string literal: JSON escapes plus `$${` / `%%{` so nothing is interpolated. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** An HCL expression for a JSON value (objects become `{ key = value }`). */
export function hclValue(v: ExampleValue, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => hclValue(x as ExampleValue, indent)).join(', ')}]`;
  const entries = Object.entries(v as JsonObject);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = entries.map(
    ([k, x]) => `${inner}${IDENT_RE.test(k) ? k : hclString(k)} = ${hclValue(x, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * The body of an HCL block for `values` of the entries of `obj` (attributes first, then blocks;
 * Packer's own `packer_*` entries are skipped).
 */
export function hclBody(obj: ObjectSpec, values: JsonObject, indent: string): string[] {
  const lines: string[] = [];
  const entries = Object.entries(obj.entries).filter(([k]) => values[k] !== undefined);
  const isBlock = ([, s]: [string, ObjectSpec['entries'][string]]): boolean =>
    s.kind === 'block' || s.kind === 'blockList';
  const attrs = entries.filter((e) => !isBlock(e));
  const blocks = entries.filter(isBlock);
  const width = Math.max(0, ...attrs.map(([k]) => k.length));
  for (const [k] of attrs) lines.push(`${indent}${k.padEnd(width)} = ${hclValue(values[k] as ExampleValue, indent)}`);
  for (const [k, s] of blocks) {
    if (s.kind !== 'block' && s.kind !== 'blockList') continue;
    const v = values[k];
    const items = (Array.isArray(v) ? v : [v]) as JsonObject[];
    for (const item of items) {
      lines.push('');
      lines.push(`${indent}${k} {`);
      lines.push(...hclBody(s.nested, item, indent + '  '));
      lines.push(`${indent}}`);
    }
  }
  return lines;
}
