/** `@default` values: parsing the tag text and checking it against the field's shape. */
import { isGoDuration } from '../config/duration.js';
import type { Shape } from './shapes.js';

/** The parsed value, or why it could not be used. */
export type DefaultResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

const BARE_WORD_RE = /^[^\s"'`[\]{}]+$/;

/**
 * Parses `@default` text: JSON (`20`, `"a b"`, `["x"]`, `{"k": "v"}`), a single-quoted
 * string, or a bare word taken as a string; one pair of surrounding backticks (TSDoc style)
 * is removed first. For string fields a bare number/boolean word is taken as a string.
 */
export function parseDefault(raw: string, shape: Shape): DefaultResult {
  let text = raw.trim();
  const ticked = /^(`+)([\s\S]*)\1$/.exec(text);
  if (ticked) text = (ticked[2] ?? '').trim();
  let value: unknown;
  if (shape.kind === 'string' && BARE_WORD_RE.test(text) && text !== 'null') {
    value = text;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      const single = /^'((?:[^'\\]|\\.)*)'$/.exec(text);
      if (single) value = (single[1] ?? '').replace(/\\(.)/g, '$1');
      else if (BARE_WORD_RE.test(text)) value = text;
      else {
        return {
          ok: false,
          message: `cannot read the @default value \`${text}\``,
          hint: 'write JSON: `20`, `true`, `"a string"`, `["a", "b"]`, `{"key": "value"}`',
        };
      }
    }
  }
  const problem = checkValue(value, shape, 'the @default value');
  return problem ? { ok: false, ...problem } : { ok: true, value };
}

function checkValue(
  value: unknown,
  shape: Shape,
  what: string,
): { message: string; hint?: string } | undefined {
  const shown = JSON.stringify(value);
  if (value === null)
    return { message: `${what} cannot be null`, hint: 'leave out @default for "no default"' };
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string')
        return {
          message: `${what} ${shown} is not a string`,
          hint: `write it in double quotes: "${String(value)}"`,
        };
      if (shape.enum && !(shape.enum as readonly unknown[]).includes(value)) {
        return {
          message: `${what} ${shown} is not one of ${shape.enum.map((v) => JSON.stringify(v)).join(', ')}`,
        };
      }
      if (shape.duration && !isGoDuration(value)) {
        return {
          message: `${what} ${shown} is not a duration`,
          hint: 'use Go duration syntax: "300ms", "5m", "1h30m"',
        };
      }
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { message: `${what} ${shown} is not a number` };
      if (shape.enum && !(shape.enum as readonly unknown[]).includes(value)) {
        return {
          message: `${what} ${shown} is not one of ${shape.enum.map((v) => JSON.stringify(v)).join(', ')}`,
        };
      }
      return undefined;
    case 'bool':
      if (typeof value !== 'boolean')
        return { message: `${what} ${shown} is not a boolean`, hint: 'use true or false' };
      return undefined;
    case 'list':
      if (!Array.isArray(value))
        return {
          message: `${what} ${shown} is not a list`,
          hint: 'write a JSON array: ["a", "b"]',
        };
      for (const [i, v] of value.entries()) {
        const p = checkValue(v, shape.element, `${what}[${i}]`);
        if (p) return p;
      }
      return undefined;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value))
        return {
          message: `${what} ${shown} is not a map`,
          hint: 'write a JSON object: {"key": "value"}',
        };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const p = checkValue(v, shape.element, `${what}[${JSON.stringify(k)}]`);
        if (p) return p;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value))
        return { message: `${what} ${shown} is not an object` };
      const obj = value as Record<string, unknown>;
      const names = new Set(shape.fields.map((f) => f.property));
      for (const k of Object.keys(obj)) {
        if (!names.has(k)) return { message: `${what} has the unknown key ${JSON.stringify(k)}` };
      }
      for (const f of shape.fields) {
        if (!(f.property in obj)) return { message: `${what} lacks ${JSON.stringify(f.property)}` };
        if (f.shape) {
          const p = checkValue(obj[f.property], f.shape, `${what}.${f.property}`);
          if (p) return p;
        }
      }
      return undefined;
    }
  }
}
