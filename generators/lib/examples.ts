/**
 * Example values for config fields, and the HCL2 / JSON template text that uses them: the
 * generated `example/` templates and the prepare tests use the same values.
 */
import type { ElementType, Field, FieldType, JsonValue } from './model.js';

type JsonObject = { [key: string]: JsonValue };

/** A valid value for every field, nested blocks included (block lists get 1–2 blocks). */
export function exampleConfig(fields: readonly Field[], path: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) out[f.name] = exampleValue(f, [...path, f.name]);
  return out;
}

/** Only what is required: required attributes and required blocks, recursively. */
export function minimalConfig(fields: readonly Field[], path: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) {
    if (!f.required) continue;
    const t = f.type;
    if (t.kind === 'block') out[f.name] = minimalConfig(t.fields, [...path, f.name]);
    else if (t.kind === 'blockList') {
      out[f.name] = Array.from({ length: Math.max(1, t.minItems) }, () =>
        minimalConfig(t.fields, [...path, f.name]),
      );
    } else out[f.name] = exampleValue(f, [...path, f.name]);
  }
  return out;
}

function exampleElement(e: ElementType, i: number, hint: string): JsonValue {
  switch (e) {
    case 'string':
      return `${hint}-${i + 1}`;
    case 'number':
      return i + 1.5;
    case 'bool':
      return i % 2 === 0;
  }
}

/** A valid example value of a field (its default when it has one, except for blocks). */
export function exampleValue(f: Field, path: readonly string[]): JsonValue {
  if (f.default !== undefined) return f.default;
  const t: FieldType = f.type;
  const hint = path.join('-').replace(/_/g, '-');
  switch (t.kind) {
    case 'scalar':
      switch (t.scalar) {
        case 'string':
          return f.sensitive ? `example-secret-${hint}` : `example-${hint}`;
        case 'number':
          return 2.5;
        case 'int':
          return 3;
        case 'bool':
          return true;
        case 'duration':
          return '30s';
      }
      break;
    case 'enum':
      return t.choices[t.choices.length - 1] as string;
    case 'list':
      return [0, 1].map((i) => exampleElement(t.element, i, hint));
    case 'map':
      return { first: exampleElement(t.element, 0, hint), second: exampleElement(t.element, 1, hint) };
    case 'block':
      return exampleConfig(t.fields, path);
    case 'blockList': {
      const n = Math.max(t.minItems, t.maxItems === 1 ? 1 : 2);
      return Array.from({ length: n }, () => exampleConfig(t.fields, path));
    }
  }
}

/**
 * A value of the wrong type for the field (what the prepare tests expect to be refused). Lists
 * and block lists get a one-element list holding a wrong element: the decoder, like Packer's
 * weakly typed JSON decoding, would wrap a single non-list value into a list anyway, so the
 * problem is reported at `field[0]` (see {@link wrongValuePath}).
 */
export function wrongValue(f: Field): JsonValue {
  const t = f.type;
  switch (t.kind) {
    case 'scalar':
      switch (t.scalar) {
        case 'string':
          return { not: 'a string' };
        case 'number':
          return 'not-a-number';
        case 'int':
          return 2.5;
        case 'bool':
          return 'not-a-bool';
        case 'duration':
          return 'ten minutes';
      }
      break;
    case 'enum':
      return 'not-one-of-the-choices';
    case 'list':
      return [wrongElement(t.element)];
    case 'map':
      return 'not-a-map';
    case 'block':
      return 'not-a-block';
    case 'blockList':
      return ['not-a-block'];
  }
}

function wrongElement(e: ElementType): JsonValue {
  switch (e) {
    case 'string':
      return { not: 'a string' };
    case 'number':
      return 'not-a-number';
    case 'bool':
      return 'not-a-bool';
  }
}

/** Where the decoder reports {@link wrongValue} of `f`, relative to the field: `[0]` for lists. */
export function wrongValuePath(f: Field): readonly number[] {
  return f.type.kind === 'list' || f.type.kind === 'blockList' ? [0] : [];
}

// ---- HCL2 ----------------------------------------------------------------------------------

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL string literal: JSON escapes plus `$${` / `%%{` so nothing is interpolated. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** An HCL expression for a JSON value (objects become `{ key = value }`). */
export function hclValue(v: JsonValue, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => hclValue(x, indent)).join(', ')}]`;
  const entries = Object.entries(v as JsonObject);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = entries.map(
    ([k, x]) => `${inner}${IDENT_RE.test(k) ? k : hclString(k)} = ${hclValue(x, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The body of an HCL block for `values` of `fields` (attributes first, then blocks). */
export function hclBody(fields: readonly Field[], values: JsonObject, indent: string): string[] {
  const lines: string[] = [];
  const attrs = fields.filter((f) => f.type.kind !== 'block' && f.type.kind !== 'blockList');
  const blocks = fields.filter((f) => f.type.kind === 'block' || f.type.kind === 'blockList');
  const width = Math.max(0, ...attrs.filter((f) => f.name in values).map((f) => f.name.length));
  for (const f of attrs) {
    const v = values[f.name];
    if (v === undefined) continue;
    lines.push(`${indent}${f.name.padEnd(width)} = ${hclValue(v, indent)}`);
  }
  for (const f of blocks) {
    const v = values[f.name];
    if (v === undefined) continue;
    const t = f.type;
    if (t.kind !== 'block' && t.kind !== 'blockList') continue;
    const items = (Array.isArray(v) ? v : [v]) as JsonObject[];
    for (const item of items) {
      lines.push('');
      lines.push(`${indent}${f.name} {`);
      lines.push(...hclBody(t.fields, item, indent + '  '));
      lines.push(`${indent}}`);
    }
  }
  return lines;
}
