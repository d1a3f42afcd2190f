/**
 * Example values and test cases derived from a builder's HCL spec (`configSpec`), never from a
 * second description of the config: the generator writes a new plugin's `example/` templates
 * with them, and a plugin's generated tests call them at run time on the spec module they import,
 * so the tests follow every `npm run regenerate-spec` without being regenerated themselves.
 *
 * Packer's own `packer_*` entries (from `commonSpecEntries`) are left out: Packer sets them.
 * Values are JSON values in the raw (JSON-template) shape `Builder.prepare` receives: HCL names
 * as keys, blocks as objects, repeatable blocks as lists of objects.
 */
import type { CtyType } from './cty.js';
import { propertyOf, type ObjectSpec, type Spec } from './spec.js';

/** A JSON value. */
export type ExampleValue =
  | string
  | number
  | boolean
  | null
  | readonly ExampleValue[]
  | { readonly [key: string]: ExampleValue };

type ExampleObject = { [key: string]: ExampleValue };

/** A path into a raw configuration: HCL names and list indexes. */
export type RawPath = readonly (string | number)[];

/** One field the cases name: `disk.size`, where it sits raw, and where problems are reported. */
export interface SpecFieldCase {
  /** `disk.size`, `mounts.path` (the HCL names). */
  readonly title: string;
  readonly rawPath: RawPath;
  /** The path `ConfigProblem.path` gives: `disk.size`, `mounts[0].path`. */
  readonly problemPath: string;
}

/** A value of the wrong type and where the decoder reports it. */
export interface SpecWrongCase extends SpecFieldCase {
  readonly value: ExampleValue;
}

/** A default and where it lands in the decoded `Config` (TS property names). */
export interface SpecDefaultCase extends SpecFieldCase {
  readonly configPath: RawPath;
  readonly value: unknown;
}

/** Every case of a spec, as the generated `test/prepare.test.ts` runs them. */
export interface SpecCases {
  /** Every field with a valid value (defaults where declared; blocks filled). */
  readonly example: ExampleObject;
  /** Only the required fields (recursively). */
  readonly minimal: ExampleObject;
  readonly required: readonly SpecFieldCase[];
  readonly wrong: readonly SpecWrongCase[];
  readonly defaults: readonly SpecDefaultCase[];
}

/** Whether `key` is one of Packer's own `packer_*` settings. */
function isPackerOwn(key: string): boolean {
  return key.startsWith('packer_');
}

function ownEntries(obj: ObjectSpec): [string, Spec][] {
  return Object.entries(obj.entries).filter(([k]) => !isPackerOwn(k));
}

function isRequired(s: Spec): boolean {
  switch (s.kind) {
    case 'attr':
    case 'block':
    case 'blockAttrs':
      return s.required;
    case 'blockList':
      return s.minItems > 0;
    case 'object':
      return false;
  }
}

function hintOf(path: RawPath): string {
  return path
    .filter((p) => typeof p === 'string')
    .join('-')
    .replace(/_/g, '-');
}

/** A valid value of a cty type (strings checked as enum / duration by `meta`). */
function exampleOfType(
  t: CtyType,
  s: Spec,
  hint: string,
  i = 0,
): ExampleValue {
  const meta = s.kind === 'object' ? undefined : s.meta;
  switch (t.kind) {
    case 'string':
      if (meta?.enum?.length) return meta.enum[meta.enum.length - 1] as string;
      if (meta?.duration) return `${30 * (i + 1)}s`;
      return meta?.sensitive ? `example-secret-${hint}${i ? `-${i + 1}` : ''}` : `example-${hint}${i ? `-${i + 1}` : ''}`;
    case 'number':
      return meta?.integer ? 3 + i : 2.5 + i;
    case 'bool':
      return i % 2 === 0;
    case 'list':
    case 'set':
      return [0, 1].map((j) => exampleOfType(t.element, s, hint, j));
    case 'map':
      return { first: exampleOfType(t.element, s, hint, 0), second: exampleOfType(t.element, s, hint, 1) };
    case 'object': {
      const out: ExampleObject = {};
      for (const [k, at] of Object.entries(t.attributes)) out[k] = exampleOfType(at, s, `${hint}-${k}`, i);
      return out;
    }
    case 'tuple':
      return t.elements.map((e, j) => exampleOfType(e, s, hint, j));
    case 'dynamic':
      return `example-${hint}`;
  }
}

/** A valid example value for one entry (its default when it has one, except for blocks). */
export function exampleValueOf(s: Spec, path: RawPath): ExampleValue {
  if (s.kind !== 'object' && s.meta?.example !== undefined && s.meta.example !== null) {
    return s.meta.example as ExampleValue;
  }
  switch (s.kind) {
    case 'attr':
      if (s.meta?.default !== undefined) return s.meta.default as ExampleValue;
      return exampleOfType(s.type, s, hintOf(path));
    case 'blockAttrs':
      if (s.meta?.default !== undefined) return s.meta.default as ExampleValue;
      return exampleOfType({ kind: 'map', element: s.elementType }, s, hintOf(path));
    case 'block':
      return exampleValues(s.nested, path);
    case 'blockList': {
      const n = Math.max(s.minItems, s.maxItems === 1 ? 1 : 2);
      return Array.from({ length: n }, () => exampleValues(s.nested, path));
    }
    case 'object':
      return exampleValues(s, path);
  }
}

/** Whether an optional entry is left out of the examples (its `meta.example` is `null`). */
function leftOut(s: Spec): boolean {
  return s.kind !== 'object' && s.meta?.example === null && !isRequired(s);
}

/**
 * A valid value for every field of `obj` (nested blocks too; repeatable blocks get 1–2), but
 * the optional ones whose `meta.example` is `null` (most settings of the SDK's shared configs).
 */
export function exampleValues(obj: ObjectSpec, path: RawPath = []): ExampleObject {
  const out: ExampleObject = {};
  for (const [k, s] of ownEntries(obj)) if (!leftOut(s)) out[k] = exampleValueOf(s, [...path, k]);
  return out;
}

/**
 * `values` for a run without a machine to connect to: when the spec has Packer's communicator
 * settings (a Config that extends CommunicatorConfig), `communicator = "none"`, which Go's
 * communicator Prepare accepts without checking any `ssh_*` setting (no key file read) and
 * with which StepConnect connects to nothing. Other specs get `values` unchanged. The generated
 * prepare/steps tests use it; the plugin's e2e test connects for real.
 */
export function withoutMachine<T extends Readonly<Record<string, unknown>>>(obj: ObjectSpec, values: T): T {
  const c = obj.entries.communicator;
  if (c?.kind !== 'attr' || c.type.kind !== 'string') return values;
  return { ...values, communicator: 'none' };
}

/**
 * Only what is required: required attributes and required blocks, recursively, and the optional
 * entries a shared config's prepare requires (`meta.requiredByPrepare`).
 */
export function minimalValues(obj: ObjectSpec, path: RawPath = []): ExampleObject {
  const out: ExampleObject = {};
  for (const [k, s] of ownEntries(obj)) {
    if (!isRequired(s) && !(s.kind !== 'object' && s.meta?.requiredByPrepare)) continue;
    if (s.kind === 'block') out[k] = minimalValues(s.nested, [...path, k]);
    else if (s.kind === 'blockList') {
      out[k] = Array.from({ length: Math.max(1, s.minItems) }, () => minimalValues(s.nested, [...path, k]));
    } else out[k] = exampleValueOf(s, [...path, k]);
  }
  return out;
}

function wrongOfType(t: CtyType, s: Spec): ExampleValue {
  const meta = s.kind === 'object' ? undefined : s.meta;
  switch (t.kind) {
    case 'string':
      if (meta?.enum?.length) return 'not-one-of-the-choices';
      if (meta?.duration) return 'ten minutes';
      return { not: 'a string' };
    case 'number':
      return meta?.integer ? 2.5 : 'not-a-number';
    case 'bool':
      return 'not-a-bool';
    case 'list':
    case 'set':
    case 'tuple':
      // A single non-list value would be wrapped into a list (weakly typed decoding, as Go's
      // mapstructure does), so the wrong value is a list holding a wrong element.
      return [t.kind === 'tuple' ? 'not-a-tuple-element' : wrongOfType(t.element, s)];
    case 'map':
    case 'object':
      return 'not-a-map';
    case 'dynamic':
      return { not: 'expected' };
  }
}

/** A value of the wrong type for the entry, and where (below the entry) the decoder reports it. */
export function wrongValueOf(s: Spec): { value: ExampleValue; at: readonly number[] } {
  switch (s.kind) {
    case 'attr':
      return {
        value: wrongOfType(s.type, s),
        at: s.type.kind === 'list' || s.type.kind === 'set' || s.type.kind === 'tuple' ? [0] : [],
      };
    case 'blockAttrs':
      return { value: 'not-a-map', at: [] };
    case 'block':
    case 'object':
      return { value: 'not-a-block', at: [] };
    case 'blockList':
      return { value: ['not-a-block'], at: [0] };
  }
}

function problemPathOf(rawPath: RawPath): string {
  return rawPath.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The prepare cases of a spec: for every field (nested ones too) a missing-required case, a
 * wrong-value case, and a default case (defaults reachable from the minimal configuration).
 */
export function specCases(obj: ObjectSpec): SpecCases {
  const required: SpecFieldCase[] = [];
  const wrong: SpecWrongCase[] = [];
  const defaults: SpecDefaultCase[] = [];

  const walk = (o: ObjectSpec, rawBase: RawPath, titleBase: readonly string[]): void => {
    for (const [k, s] of ownEntries(o)) {
      const rawPath = [...rawBase, k];
      const title = [...titleBase, k].join('.');
      const c = { title, rawPath, problemPath: problemPathOf(rawPath) };
      if (isRequired(s)) required.push(c);
      const w = wrongValueOf(s);
      wrong.push({ ...c, value: w.value, problemPath: problemPathOf([...rawPath, ...w.at]) });
      if (s.kind === 'block') walk(s.nested, rawPath, [...titleBase, k]);
      if (s.kind === 'blockList') walk(s.nested, [...rawPath, 0], [...titleBase, k]);
    }
  };
  walk(obj, [], []);

  const walkDefaults = (o: ObjectSpec, rawBase: RawPath, configBase: RawPath, titleBase: readonly string[]): void => {
    for (const [k, s] of ownEntries(o)) {
      const rawPath = [...rawBase, k];
      const configPath = [...configBase, propertyOf(k, s)];
      const title = [...titleBase, k].join('.');
      const meta = s.kind === 'object' ? undefined : s.meta;
      if (meta?.default !== undefined) {
        defaults.push({ title, rawPath, problemPath: problemPathOf(rawPath), configPath, value: meta.default });
      }
      if (!isRequired(s)) continue;
      if (s.kind === 'block') walkDefaults(s.nested, rawPath, configPath, [...titleBase, k]);
      if (s.kind === 'blockList') walkDefaults(s.nested, [...rawPath, 0], [...configPath, 0], [...titleBase, k]);
    }
  };
  walkDefaults(obj, [], [], []);

  return { example: exampleValues(obj), minimal: minimalValues(obj), required, wrong, defaults };
}
