/**
 * The compact field syntax of `--field` (also accepted as a string in the answers file):
 *
 *   NAME ':' TYPE [ '!' ] [ '*' ] [ '=' DEFAULT ] [ '#' DESCRIPTION ]
 *
 *   TYPE := string | number | int | bool | duration          scalars
 *         | ELEM '[]' | list(ELEM)                           list (ELEM: string, number, bool)
 *         | map(ELEM)                                        map of ELEM
 *         | enum(a|b|c)                                      one of the strings
 *         | block{FIELD, FIELD…}                             one nested block
 *         | block[]{FIELD, FIELD…}                           a list of nested blocks
 *
 * `!` = required (for `block[]`: at least one block), `*` = sensitive. DEFAULT is the raw text for
 * string, enum and duration (a JSON string literal also works, e.g. `=""`), a number, `true` or
 * `false`, and JSON for lists and maps (`=["a","b"]`, `={"k":"v"}`).
 */
import type { ElementType, ScalarType } from './model.js';
import { ELEMENT_TYPES, SCALAR_TYPES } from './model.js';

/** A field as written in an answers file (`fields[]`) or stored in `.yo-rc.json`. */
export interface FieldJson {
  name?: unknown;
  type?: unknown;
  required?: unknown;
  default?: unknown;
  description?: unknown;
  sensitive?: unknown;
  deprecated?: unknown;
  /** `enum` choices (alternative to `enum(a|b)` in `type`). */
  choices?: unknown;
  /** Nested fields of `block` / `block[]` (objects or compact strings). */
  fields?: unknown;
  minItems?: unknown;
  maxItems?: unknown;
}

/** The type expressions `--help` and error messages list. */
export const TYPE_FORMS =
  'string, number, int, bool, duration, enum(a|b), string[] (or list(T)), map(T), block{…}, block[]{…}';

/** A parsed type expression; blocks still carry their raw nested field texts. */
export type TypeExpr =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'enum'; readonly choices: readonly string[] }
  | { readonly kind: 'list'; readonly element: ElementType }
  | { readonly kind: 'map'; readonly element: ElementType }
  | { readonly kind: 'block' | 'blockList'; readonly fieldTexts: readonly string[] };

const isScalar = (s: string): s is ScalarType => (SCALAR_TYPES as readonly string[]).includes(s);
const isElement = (s: string): s is ElementType => (ELEMENT_TYPES as readonly string[]).includes(s);

/** Thrown for text that does not follow the grammar; the message says what to write instead. */
export class FieldSyntaxError extends Error {}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Index of the first `chars` char at bracket depth 0 and outside `"…"`, from `start`; -1 if none. */
export function indexAtTopLevel(text: string, chars: string, start = 0): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (stack.length === 0 && chars.includes(c)) return i;
    if (c === '"') inString = true;
    else if (c in CLOSERS) stack.push(CLOSERS[c] as string);
    else if (c === stack[stack.length - 1]) stack.pop();
  }
  return -1;
}

/** Splits on top-level commas (outside brackets and strings); empty parts are dropped. */
export function splitTopLevel(text: string, sep = ','): string[] {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const at = indexAtTopLevel(text, sep, from);
    const part = (at < 0 ? text.slice(from) : text.slice(from, at)).trim();
    if (part) parts.push(part);
    if (at < 0) return parts;
    from = at + 1;
  }
}

/** Index of the bracket closing the one at `open`, or -1. */
function matchingClose(text: string, open: number): number {
  const at = indexAtTopLevel(text, CLOSERS[text[open] as string] as string, open + 1);
  // indexAtTopLevel ignores nested pairs, so the first top-level closer after `open` matches it.
  return at;
}

/**
 * Parses the type expression at the start of `text`; returns it and the rest of the text
 * (modifiers, default, description).
 */
export function parseTypeExpr(text: string): { type: TypeExpr; rest: string } {
  const m = /^\s*([A-Za-z]+)/.exec(text);
  if (!m) throw new FieldSyntaxError(`missing type; use one of ${TYPE_FORMS}`);
  const word = m[1] as string;
  let i = m[0].length;
  const unknown = () =>
    new FieldSyntaxError(`unknown type "${text.trim()}"; use one of ${TYPE_FORMS}`);
  const inParens = (): string => {
    if (text[i] !== '(') throw unknown();
    const close = matchingClose(text, i);
    if (close < 0) throw new FieldSyntaxError(`"${word}(" is not closed with ")"`);
    const inner = text.slice(i + 1, close);
    i = close + 1;
    return inner;
  };
  switch (word) {
    case 'enum': {
      const choices = inParens()
        .split('|')
        .map((c) => c.trim());
      return { type: { kind: 'enum', choices }, rest: text.slice(i) };
    }
    case 'map':
    case 'list': {
      const element = inParens().trim();
      if (!isElement(element)) {
        throw new FieldSyntaxError(
          `${word}(${element}): the element type must be one of ${ELEMENT_TYPES.join(', ')}`,
        );
      }
      return { type: { kind: word, element }, rest: text.slice(i) };
    }
    case 'block': {
      let kind: 'block' | 'blockList' = 'block';
      if (text.startsWith('[]', i)) {
        kind = 'blockList';
        i += 2;
      }
      if (text[i] !== '{') {
        throw new FieldSyntaxError(
          `${kind === 'block' ? 'block' : 'block[]'} needs its fields in braces, e.g. block{size:int!,label:string}`,
        );
      }
      const close = matchingClose(text, i);
      if (close < 0) throw new FieldSyntaxError(`"block{" is not closed with "}"`);
      const fieldTexts = splitTopLevel(text.slice(i + 1, close));
      return { type: { kind, fieldTexts }, rest: text.slice(close + 1) };
    }
    default: {
      if (!isScalar(word)) throw unknown();
      if (text.startsWith('[]', i)) {
        if (!isElement(word)) {
          throw new FieldSyntaxError(
            `${word}[]: lists hold ${ELEMENT_TYPES.join(', ')} only; use ${word === 'int' ? 'number[]' : 'string[]'}`,
          );
        }
        return { type: { kind: 'list', element: word }, rest: text.slice(i + 2) };
      }
      return { type: { kind: 'scalar', scalar: word }, rest: text.slice(i) };
    }
  }
}

/**
 * Splits a compact field into the parts of an answers-file field (`FieldJson`), keeping the
 * default as text (`defaultText`) so the checker can type it.
 */
export function parseCompactField(text: string): FieldJson & { defaultText?: string } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    throw new FieldSyntaxError(
      `"${trimmed}" has no type; write NAME:TYPE, e.g. "${trimmed || 'region'}:string"`,
    );
  }
  const name = trimmed.slice(0, colon).trim();
  const { type, rest } = parseTypeExpr(trimmed.slice(colon + 1));
  const out: FieldJson & { defaultText?: string } = { name };
  switch (type.kind) {
    case 'scalar':
      out.type = type.scalar;
      break;
    case 'enum':
      out.type = 'enum';
      out.choices = type.choices;
      break;
    case 'list':
      out.type = `${type.element}[]`;
      break;
    case 'map':
      out.type = `map(${type.element})`;
      break;
    case 'block':
    case 'blockList':
      out.type = type.kind === 'block' ? 'block' : 'block[]';
      out.fields = type.fieldTexts;
      break;
  }
  // Modifiers, then `=default`, then `#description`.
  let r = rest;
  const mods = /^\s*([!*]*)/.exec(r)?.[1] ?? '';
  r = r.slice((/^\s*[!*]*/.exec(r)?.[0] ?? '').length);
  if (mods.includes('!')) out.required = true;
  if (mods.includes('*')) out.sensitive = true;
  if (r.startsWith('=')) {
    const hash = indexAtTopLevel(r, '#', 1);
    out.defaultText = (hash < 0 ? r.slice(1) : r.slice(1, hash)).trim();
    r = hash < 0 ? '' : r.slice(hash);
  }
  if (r.startsWith('#')) {
    out.description = r.slice(1).trim();
    r = '';
  }
  if (r.trim()) {
    throw new FieldSyntaxError(
      `unexpected "${r.trim()}" after the type; write NAME:TYPE[!][*][=DEFAULT][#DESCRIPTION]`,
    );
  }
  return out;
}
