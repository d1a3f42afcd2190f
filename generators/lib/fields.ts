/**
 * Reading and checking config fields from any source (compact `--field` text, answers-file
 * objects, prompt answers, `.yo-rc.json`). Every problem becomes one message that names the
 * field and says how to fix it; nothing is thrown for bad input.
 */
import {
  FieldSyntaxError,
  TYPE_FORMS,
  parseCompactField,
  parseTypeExpr,
  type FieldJson,
} from './field-syntax.js';
import { isGoDuration } from '../../src/config/duration.js';
import { closestKey } from '../../src/config/suggest.js';
import type { Field, FieldType, JsonValue, ScalarType } from './model.js';
import {
  FIELD_NAME_RE,
  HCL_RESERVED_FIELD_NAMES,
  PACKER_TEMPLATE_KEYS,
  RESERVED_WORDS,
  camelCase,
} from './names.js';

/** The keys of a field object in an answers file (and in `.yo-rc.json`). */
export const FIELD_KEYS: readonly string[] = [
  'name',
  'type',
  'required',
  'default',
  'description',
  'sensitive',
  'deprecated',
  'choices',
  'fields',
  'minItems',
  'maxItems',
];

/** Deepest block nesting accepted (a block inside a block inside a block). */
export const MAX_BLOCK_DEPTH = 3;

const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;


const describeScalar: Record<ScalarType, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  bool: 'a bool',
  duration: 'a duration',
};

const scalarHint: Record<ScalarType, string> = {
  string: 'quote it as a JSON string',
  number: 'give a number such as 20',
  int: 'give a whole number such as 20',
  bool: 'use true or false',
  duration: 'write it like 30s, 5m or 1h30m',
};

/** Checks one scalar JSON value; returns a problem text or undefined. */
function scalarProblem(scalar: ScalarType, v: unknown): string | undefined {
  switch (scalar) {
    case 'string':
      return typeof v === 'string' ? undefined : 'not a string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'not a number';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) ? undefined : 'not an integer';
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'not a bool';
    case 'duration':
      return typeof v === 'string' && isGoDuration(v) ? undefined : 'not a duration';
  }
}

/** A scalar from compact text (`=20`, `=true`, `=5m`, `=text`). */
function scalarFromText(scalar: ScalarType, text: string): unknown {
  switch (scalar) {
    case 'string':
    case 'duration':
      if (text.startsWith('"')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      }
      return text;
    case 'number':
    case 'int':
      return NUMBER_RE.test(text) ? Number(text) : text;
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : text;
  }
}

type DefaultResult = { value: JsonValue } | { problem: string };

/**
 * Types and checks a default given as compact text (`fromText`) or as a JSON value, for the
 * attribute type `type`.
 */
export function checkDefault(type: FieldType, raw: unknown, fromText: boolean): DefaultResult {
  const shown = fromText && isJsonText(raw as string) ? (raw as string) : (JSON.stringify(raw) ?? String(raw));
  const fail = (what: string, hint: string): DefaultResult => ({
    problem: `default ${shown} is ${what}; ${hint}, or drop the default`,
  });
  switch (type.kind) {
    case 'scalar': {
      const v = fromText ? scalarFromText(type.scalar, raw as string) : raw;
      const p = scalarProblem(type.scalar, v);
      return p ? fail(p, scalarHint[type.scalar]) : { value: v as JsonValue };
    }
    case 'enum': {
      const v = fromText ? scalarFromText('string', raw as string) : raw;
      if (typeof v === 'string' && type.choices.includes(v)) return { value: v };
      return fail(`not one of the choices ${type.choices.join(', ')}`, 'use one of them');
    }
    case 'list':
    case 'map': {
      let v = raw;
      const example =
        type.kind === 'list' ? exampleJson(type.element, 'list') : exampleJson(type.element, 'map');
      if (fromText) {
        try {
          v = JSON.parse(raw as string) as unknown;
        } catch {
          return fail('not JSON', `give JSON like ${example}`);
        }
      }
      const what =
        type.kind === 'list'
          ? `a list of ${type.element}`
          : `a map of ${type.element}`;
      if (type.kind === 'list' ? !Array.isArray(v) : !isPlainObject(v)) {
        return fail(`not ${what}`, `give JSON like ${example}`);
      }
      const entries = Object.entries(v as object);
      for (const [k, el] of entries) {
        const p = scalarProblem(type.element, el);
        if (p) {
          const where = type.kind === 'list' ? `element ${k}` : `key "${k}"`;
          return fail(`not ${what} (${where} is ${p})`, `give JSON like ${example}`);
        }
      }
      return { value: v as JsonValue };
    }
    case 'block':
    case 'blockList':
      return { problem: 'blocks cannot have a default; give defaults to the fields inside the block' };
  }
}

/** Whether compact default text is itself JSON (then it is shown as written). */
function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function exampleJson(element: ScalarType, kind: 'list' | 'map'): string {
  const sample: Record<ScalarType, string> = {
    string: '"a"',
    number: '1.5',
    int: '1',
    bool: 'true',
    duration: '"5m"',
  };
  return kind === 'list' ? `[${sample[element]}]` : `{"key":${sample[element]}}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a field sits, for messages: `field "disk.size"`. */
function label(path: readonly string[], name: string | undefined, index: number): string {
  if (name) return `field "${[...path, name].join('.')}"`;
  const parent = path.length ? ` of block "${path.join('.')}"` : '';
  return `field #${index + 1}${parent}`;
}

/**
 * Reads a list of fields (compact strings or objects) at `path` (the enclosing block names),
 * pushing every problem into `problems`. Returns the fields that could be read.
 */
export function readFields(
  inputs: readonly unknown[],
  problems: string[],
  path: readonly string[] = [],
): Field[] {
  const fields: Field[] = [];
  const seen = new Map<string, string>();
  inputs.forEach((input, index) => {
    const field = readField(input, index, problems, path);
    if (!field) return;
    const prop = camelCase(field.name);
    const clash = seen.get(prop);
    if (clash !== undefined) {
      const what = label(path, field.name, index);
      problems.push(
        clash === field.name
          ? `${what} is defined twice; remove or rename one of them`
          : `${what} becomes the same TypeScript property "${prop}" as field "${[...path, clash].join('.')}"; rename one of them`,
      );
      return;
    }
    seen.set(prop, field.name);
    fields.push(field);
  });
  return fields;
}

/** Reads one field; pushes problems and returns undefined when it cannot be used. */
export function readField(
  input: unknown,
  index: number,
  problems: string[],
  path: readonly string[] = [],
): Field | undefined {
  let json: FieldJson & { defaultText?: string };
  if (typeof input === 'string') {
    try {
      json = parseCompactField(input);
    } catch (err) {
      if (!(err instanceof FieldSyntaxError)) throw err;
      const name = /^\s*([^:\s]+)\s*:/.exec(input)?.[1];
      problems.push(`${label(path, name, index)} ("${input}"): ${err.message}`);
      return undefined;
    }
  } else if (isPlainObject(input)) {
    json = input as FieldJson;
  } else {
    problems.push(
      `${label(path, undefined, index)}: expected an object like {"name":"region","type":"string"} or a string like "region:string", got ${JSON.stringify(input)}`,
    );
    return undefined;
  }
  const before = problems.length;
  const name = typeof json.name === 'string' ? json.name.trim() : undefined;
  const what = label(path, name, index);
  // A misspelt key (`"requird": true`) must not pass silently: report it, and keep reading so
  // the problems of nested fields are listed too.
  if (typeof input !== 'string') {
    for (const k of Object.keys(json)) {
      if (FIELD_KEYS.includes(k) || k === '$comment') continue;
      const near = closestKey(k, FIELD_KEYS);
      problems.push(
        `${what}: unknown key "${k}"${near ? `; did you mean "${near}"?` : ''}; the keys of a field are ${FIELD_KEYS.join(', ')}`,
      );
    }
  }
  if (!name) {
    problems.push(`${what}: missing "name"; give a snake_case name such as "region"`);
    return undefined;
  }
  checkFieldName(name, path.length === 0).forEach((p) => problems.push(`${what}: ${p}`));

  // Type
  const type = readType(json, what, problems, [...path, name]);
  if (!type) return undefined;

  // Flags
  const flag = (key: 'required' | 'sensitive'): boolean => {
    const v = json[key];
    if (v === undefined) return false;
    if (typeof v === 'boolean') return v;
    problems.push(`${what}: "${key}" must be true or false, got ${JSON.stringify(v)}`);
    return false;
  };
  const text = (key: 'description' | 'deprecated'): string | undefined => {
    const v = json[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string') return v.trim();
    problems.push(`${what}: "${key}" must be a string, got ${JSON.stringify(v)}`);
    return undefined;
  };
  let required = flag('required');
  const sensitive = flag('sensitive');
  const description = text('description');
  const deprecated = text('deprecated');
  const isBlock = type.kind === 'block' || type.kind === 'blockList';
  if (sensitive && isBlock) {
    problems.push(`${what}: a block cannot be sensitive; mark the fields inside it as sensitive instead`);
  }
  let finalType = type;
  if (type.kind === 'blockList' && required && type.minItems < 1) {
    finalType = { ...type, minItems: 1 };
  }
  if (type.kind === 'blockList') required = finalType.kind === 'blockList' && finalType.minItems > 0;

  // Default
  let value: JsonValue | undefined;
  const hasDefault = json.defaultText !== undefined || json.default !== undefined;
  if (hasDefault) {
    if (json.required === true) {
      problems.push(
        `${what}: is required, so its default would never be used; drop the default or make the field optional`,
      );
    } else {
      const fromText = json.defaultText !== undefined;
      const r = checkDefault(finalType, fromText ? json.defaultText : json.default, fromText);
      if ('problem' in r) problems.push(`${what}: ${r.problem}`);
      else value = r.value;
    }
  }
  if (problems.length > before) return undefined;
  return {
    name,
    type: finalType,
    required,
    ...(value !== undefined ? { default: value } : {}),
    ...(description ? { description } : {}),
    ...(sensitive ? { sensitive } : {}),
    ...(deprecated ? { deprecated } : {}),
  };
}

/** A property a plugin's `Config` already declares: its TS name and its HCL name. */
export interface ExistingProperty {
  readonly property: string;
  /** `@hclName`, or the snake_case of the property. */
  readonly hclName: string;
}

/**
 * Problems of fields added to a plugin whose `Config` already has `existing` properties: a new
 * field may not map to an existing TS property (`my_field` → `myField`) nor HCL name.
 */
export function checkNewFields(added: readonly Field[], existing: readonly ExistingProperty[]): string[] {
  const problems: string[] = [];
  for (const f of added) {
    const prop = camelCase(f.name);
    const sameProp = existing.find((e) => e.property === prop);
    const sameHcl = existing.find((e) => e.hclName === f.name);
    if (sameProp) {
      problems.push(
        `field "${f.name}": src/config.ts already declares "${prop}"${sameProp.hclName !== f.name ? ` (HCL name "${sameProp.hclName}"), the TypeScript property this field would become` : ''}; choose another name`,
      );
    } else if (sameHcl) {
      problems.push(
        `field "${f.name}": src/config.ts already has the HCL name "${f.name}" (property "${sameHcl.property}"); choose another name`,
      );
    }
  }
  return problems;
}

/** Problems with a field's HCL name (each without the field label). */
export function checkFieldName(name: string, topLevel: boolean): string[] {
  if (!FIELD_NAME_RE.test(name)) {
    const suggestion = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[_0-9]+|_+$/g, '');
    return [
      `"${name}" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter)${suggestion && FIELD_NAME_RE.test(suggestion) ? `, e.g. "${suggestion}"` : ''}`,
    ];
  }
  if (name === 'packer' || name.startsWith('packer_')) {
    const rest = name.replace(/^packer_?/, '') || 'setting';
    return [
      `"${name}" uses the reserved prefix "packer_" (Packer fills those fields itself); rename it, e.g. "${rest}"`,
    ];
  }
  if (topLevel && PACKER_TEMPLATE_KEYS.has(name)) {
    const suggestion = name === 'name' ? 'display_name' : `${name}_name`;
    return [
      `"${name}" is reserved: JSON templates use "${name}" for the builder itself; rename it, e.g. "${suggestion}"`,
    ];
  }
  const hclReserved = HCL_RESERVED_FIELD_NAMES.get(name);
  if (hclReserved) {
    return [`"${name}" is reserved inside a source block: ${hclReserved}; rename it, e.g. "${name}_settings"`];
  }
  const prop = camelCase(name);
  if (RESERVED_WORDS.has(name) || RESERVED_WORDS.has(prop)) {
    return [
      `"${name}" is a TypeScript/JavaScript reserved word; choose another name, e.g. "${name}_value"`,
    ];
  }
  return [];
}

function readType(
  json: FieldJson,
  what: string,
  problems: string[],
  path: readonly string[],
): FieldType | undefined {
  if (typeof json.type !== 'string' || !json.type.trim()) {
    problems.push(`${what}: missing "type"; use one of ${TYPE_FORMS}`);
    return undefined;
  }
  const typeText = json.type.trim();
  let parsed: ReturnType<typeof parseTypeExpr>;
  // Object-form shorthands: "enum" + choices, "block"/"block[]" + fields.
  if (typeText === 'enum') {
    parsed = { type: { kind: 'enum', choices: [] }, rest: '' };
  } else if (typeText === 'block' || typeText === 'block[]') {
    parsed = {
      type: { kind: typeText === 'block' ? 'block' : 'blockList', fieldTexts: [] },
      rest: '',
    };
  } else {
    try {
      parsed = parseTypeExpr(typeText);
    } catch (err) {
      if (!(err instanceof FieldSyntaxError)) throw err;
      problems.push(`${what}: ${err.message}`);
      return undefined;
    }
    if (parsed.rest.trim()) {
      problems.push(`${what}: unknown type "${typeText}"; use one of ${TYPE_FORMS}`);
      return undefined;
    }
  }
  const t = parsed.type;
  switch (t.kind) {
    case 'scalar':
    case 'list':
    case 'map':
      return t;
    case 'enum': {
      let choices: unknown = t.choices;
      if (json.choices !== undefined) {
        if (t.choices.length) {
          problems.push(`${what}: give the enum choices either in "type" or in "choices", not both`);
          return undefined;
        }
        choices = json.choices;
      }
      if (!Array.isArray(choices) || choices.length === 0) {
        problems.push(`${what}: an enum needs choices; write enum(fast|safe) or "choices": ["fast","safe"]`);
        return undefined;
      }
      const bad = choices.filter((c) => typeof c !== 'string' || !/^[^|\s]+$/.test(c));
      if (bad.length) {
        problems.push(
          `${what}: enum choices must be non-empty strings without spaces or "|"; fix ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
        );
        return undefined;
      }
      const dup = choices.find((c, i) => choices.indexOf(c) !== i);
      if (dup !== undefined) {
        problems.push(`${what}: enum choice "${String(dup)}" is listed twice; list each choice once`);
        return undefined;
      }
      return { kind: 'enum', choices: choices as string[] };
    }
    case 'block':
    case 'blockList': {
      if (path.length > MAX_BLOCK_DEPTH) {
        problems.push(`${what}: blocks nest at most ${MAX_BLOCK_DEPTH} deep; flatten this block into its parent`);
        return undefined;
      }
      let inner: unknown = t.fieldTexts;
      if (json.fields !== undefined) {
        if (t.fieldTexts.length) {
          problems.push(`${what}: give the block's fields either in "type" or in "fields", not both`);
          return undefined;
        }
        inner = json.fields;
      }
      if (!Array.isArray(inner) || inner.length === 0) {
        problems.push(
          `${what}: a block needs at least one field; write block{size:int} or "fields": [{"name":"size","type":"int"}]`,
        );
        return undefined;
      }
      const before = problems.length;
      const fields = readFields(inner, problems, path);
      if (problems.length > before) return undefined;
      if (t.kind === 'block') return { kind: 'block', fields };
      const count = (key: 'minItems' | 'maxItems'): number | undefined => {
        const v = json[key];
        if (v === undefined) return 0;
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
        problems.push(`${what}: "${key}" must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
        return undefined;
      };
      const minItems = count('minItems');
      const maxItems = count('maxItems');
      if (minItems === undefined || maxItems === undefined) return undefined;
      if (maxItems > 0 && maxItems < minItems) {
        problems.push(`${what}: "maxItems" (${maxItems}) is below "minItems" (${minItems}); raise maxItems or use 0 for no limit`);
        return undefined;
      }
      return { kind: 'blockList', fields, minItems, maxItems };
    }
  }
}

/** The answers-file form of a field (what `.yo-rc.json` stores). */
export function fieldToJson(field: Field): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { name: field.name, type: typeText(field.type) };
  const t = field.type;
  if (t.kind === 'enum') out.choices = [...t.choices];
  if (t.kind === 'block' || t.kind === 'blockList') out.fields = t.fields.map(fieldToJson);
  if (t.kind === 'blockList') {
    if (t.minItems) out.minItems = t.minItems;
    if (t.maxItems) out.maxItems = t.maxItems;
  } else if (field.required) {
    out.required = true;
  }
  if (field.default !== undefined) out.default = field.default;
  if (field.description) out.description = field.description;
  if (field.sensitive) out.sensitive = true;
  if (field.deprecated) out.deprecated = field.deprecated;
  return out;
}

function typeText(t: FieldType): string {
  switch (t.kind) {
    case 'scalar':
      return t.scalar;
    case 'enum':
      return 'enum';
    case 'list':
      return `${t.element}[]`;
    case 'map':
      return `map(${t.element})`;
    case 'block':
      return 'block';
    case 'blockList':
      return 'block[]';
  }
}

/** The compact `--field` form of a field (round-trips through `readField`). */
export function formatField(field: Field): string {
  const t = field.type;
  let type: string;
  switch (t.kind) {
    case 'enum':
      type = `enum(${t.choices.join('|')})`;
      break;
    case 'block':
      type = `block{${t.fields.map(formatField).join(',')}}`;
      break;
    case 'blockList':
      type = `block[]{${t.fields.map(formatField).join(',')}}`;
      break;
    default:
      type = typeText(t);
  }
  let out = `${field.name}:${type}`;
  if (field.required) out += '!';
  if (field.sensitive) out += '*';
  if (field.default !== undefined) {
    const d = field.default;
    const plain = typeof d === 'string' && d !== '' && d === d.trim() && /^[^",#{}[\]()]*$/.test(d);
    out += '=' + (plain ? d : JSON.stringify(d));
  }
  if (field.description) out += `#${field.description}`;
  return out;
}
