/**
 * Decodes the configuration Packer sends to `Builder.Prepare` into the builder's `Config`,
 * following packer-plugin-sdk's `config.Decode` (Packer 1.6.6): raws are decoded in order onto
 * one result (later wins; objects merge deeply, maps merge by key, lists merge element by
 * element), JSON values are weakly typed like mapstructure's `WeaklyTypedInput` ("20" → 20,
 * "true"/1 → true, "a,b" → ["a","b"]), JSON-template strings are interpolated first, and
 * unknown keys are errors. Unlike Go, every problem is reported at once with its path.
 */
import { ctyTypeString, type CtyType } from '../hcl/cty.js';
import { propertyOf, type FieldMeta, type ObjectSpec, type Spec } from '../hcl/spec.js';
import { redact, registerSecrets } from '../secrets/index.js';
import { commonSpecEntries } from './common.js';
import { DURATION_EXAMPLES, DurationError, parseDurationNanos } from './duration.js';
import { ConfigError, type ConfigProblem } from './error.js';
import { formatGoFloat, goQuote, parseGoBool, parseGoFloat, parseGoInt } from './gostrconv.js';
import {
  interpolateContext,
  renderTemplate,
  validateTemplate,
  type InterpolateContext,
} from './interpolate.js';
import { TemplateError } from './template/errors.js';
import { isPlainObject, readPayloads, type ConfigPayload } from './payload.js';
import { closestKey } from './suggest.js';

/** How JSON-template strings are interpolated while decoding. */
export interface InterpolateOptions {
  /** Top-level HCL names whose values stay verbatim (still checked for template syntax), e.g. `boot_command`. */
  readonly exclude?: readonly string[];
  /**
   * Context overrides. `buildName`, `buildType`, `packerVersion`, `templatePath` and
   * `userVariables` default to what the payload's `packer_*` keys say; `data` defaults to `{}`.
   */
  readonly context?: Partial<InterpolateContext>;
  /**
   * Interpolate HCL2 payloads too (default true), as Go builders do: packer-plugin-sdk's
   * `config.Decode` turns the HCL2 cty value into the Go struct and then runs the same
   * `interpolate.RenderMap` over it, so in HCL2 `content = "{{timestamp}}"` renders, and
   * `"{{user \`x\`"`, `{{env \`HOME\`}}` or `{{nope}}` are refused with Go's words (checked
   * with Packer 1.6.6's file builder). `false` leaves HCL2 strings verbatim (not even checked).
   * See docs/templates-in-hcl2.md.
   */
  readonly hcl2?: boolean;
}

export interface DecodeOptions {
  /** Interpolation of JSON-template payloads (on by default; `false` turns it off). */
  readonly interpolate?: InterpolateOptions | false;
}

export interface DecodeResult<T> {
  readonly config: T;
  /** Warnings for Packer to show (deprecated fields), already redacted. */
  readonly warnings: string[];
}

/**
 * What happens to strings: interpolated (JSON payload), only checked for template syntax (a JSON
 * field excluded from interpolation), or left alone (HCL2, interpolation off, already rendered).
 */
type StringMode = 'render' | 'validate' | 'none';

/** What a value being decoded belongs to. */
interface Field {
  readonly meta: FieldMeta | undefined;
  readonly mode: StringMode;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** How a value is shown in a message: `"abc"`, `1.5`, `true`, `a list`, `an object`. */
function describe(value: unknown, sensitive: boolean): string {
  if (value instanceof Uint8Array) return 'binary data';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'an object';
  if (sensitive) return `a ${typeof value} (sensitive, not shown)`;
  if (typeof value === 'string') return goQuote(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number') return formatGoFloat(value);
  return String(value);
}

function listOf(values: readonly string[]): string {
  const quoted = values.map((v) => goQuote(v));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** Go's zero value of a type, used where Go leaves one (a null list element, a null map value). */
function zeroValue(type: CtyType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'number':
      return 0;
    case 'bool':
      return false;
    case 'list':
    case 'set':
    case 'tuple':
      return [];
    case 'map':
    case 'object':
      return {};
    case 'dynamic':
      return null;
  }
}

function clone<V>(value: V): V {
  return value === undefined ? value : structuredClone(value);
}

/** The entries every builder accepts: Packer's common fields, then the builder's own. */
function topLevelEntries(spec: ObjectSpec): Readonly<Record<string, Spec>> {
  return { ...commonSpecEntries, ...spec.entries };
}

class Decoder {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: string[] = [];
  private readonly deprecatedSeen = new Set<string>();
  private readonly exclude: ReadonlySet<string>;
  /** Paths whose input was wrong: not reported again as missing, and given no default. */
  private readonly failed = new Set<string>();
  /**
   * The template text of strings that interpolation changed, by path. Messages about such a value
   * quote the template, never what it rendered: a JSON template's sensitive variables are not
   * named to builders (Packer sends no `packer_sensitive_variables` for them), so a rendered
   * `{{user \`password\`}}` may be a secret the plugin cannot know about.
   */
  private readonly renderedFrom = new Map<string, string>();

  constructor(
    private readonly ctx: InterpolateContext | undefined,
    exclude: readonly string[],
    private readonly interpolateHcl2: boolean,
  ) {
    this.exclude = new Set(exclude.map((e) => e.toLowerCase()));
  }

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
    this.failed.add(path);
  }

  // ---- one payload onto the result -------------------------------------------------------

  decodePayload(
    entries: Readonly<Record<string, Spec>>,
    payload: ConfigPayload,
    target: Record<string, unknown>,
  ): void {
    const used = new Set<string>();
    const mode: StringMode =
      this.ctx === undefined || (payload.hcl2 && !this.interpolateHcl2) ? 'none' : 'render';
    this.decodeEntries(entries, payload.values, target, '', mode, payload.hcl2, used, true);
    this.reportUnknown(entries, payload.values, used, '', true);
  }

  /** Finds the input key for an entry: exact, else (like mapstructure) case-insensitive. */
  private findKey(
    input: Readonly<Record<string, unknown>>,
    key: string,
    used: ReadonlySet<string>,
  ): string | undefined {
    if (hasOwn(input, key)) return key;
    const lower = key.toLowerCase();
    return Object.keys(input).find((k) => !used.has(k) && k.toLowerCase() === lower);
  }

  private decodeEntries(
    entries: Readonly<Record<string, Spec>>,
    input: Readonly<Record<string, unknown>>,
    target: Record<string, unknown>,
    prefix: string,
    mode: StringMode,
    hcl2: boolean,
    used: Set<string>,
    topLevel: boolean,
  ): void {
    for (const [key, entry] of Object.entries(entries)) {
      const prop = propertyOf(key, entry);
      const path = joinPath(prefix, key);
      if (entry.kind === 'object') {
        // A nested ObjectSpec: its own object in HCL2, squashed into this level in JSON.
        const nested = isPlainObject(target[prop]) ? (target[prop] as Record<string, unknown>) : {};
        if (hcl2) {
          const inputKey = this.findKey(input, key, used);
          if (inputKey === undefined) continue;
          used.add(inputKey);
          const value = input[inputKey];
          if (value === null || value === undefined) continue;
          if (!isPlainObject(value)) {
            this.problem(path, `${path}: expected an object, got ${describe(value, false)}`);
            continue;
          }
          const nestedUsed = new Set<string>();
          this.decodeEntries(entry.entries, value, nested, path, mode, hcl2, nestedUsed, false);
          this.reportUnknown(entry.entries, value, nestedUsed, path, false);
        } else {
          this.decodeEntries(entry.entries, input, nested, prefix, mode, hcl2, used, topLevel);
        }
        setOwn(target, prop, nested);
        continue;
      }
      const inputKey = this.findKey(input, key, used);
      if (inputKey === undefined) continue;
      used.add(inputKey);
      const value = input[inputKey];
      if (value === null || value === undefined) continue;
      const meta = entry.meta;
      if (meta?.deprecated !== undefined && !this.deprecatedSeen.has(path)) {
        this.deprecatedSeen.add(path);
        this.warnings.push(`${path} is deprecated: ${meta.deprecated}`);
      }
      const excluded = topLevel && mode === 'render' && this.exclude.has(key.toLowerCase());
      // Packer's own values (user variables included) are already final: never re-rendered.
      const own = topLevel && key.startsWith('packer_');
      const field: Field = { meta, mode: own ? 'none' : excluded ? 'validate' : mode };
      switch (entry.kind) {
        case 'attr':
          this.assign(target, prop, this.value(entry.type, value, target[prop], path, field));
          break;
        case 'blockAttrs':
          this.assign(
            target,
            prop,
            this.value({ kind: 'map', element: entry.elementType }, value, target[prop], path, field),
          );
          break;
        case 'block':
          this.assign(
            target,
            prop,
            this.block(entry.typeName, entry.nested, value, target[prop], path, hcl2, field),
          );
          break;
        case 'blockList':
          this.assign(
            target,
            prop,
            this.blockList(entry.typeName, entry.nested, value, target[prop], path, hcl2, field),
          );
          break;
      }
    }
  }

  private assign(target: Record<string, unknown>, prop: string, value: unknown): void {
    if (value !== undefined) setOwn(target, prop, value);
  }

  private reportUnknown(
    entries: Readonly<Record<string, Spec>>,
    input: Readonly<Record<string, unknown>>,
    used: ReadonlySet<string>,
    prefix: string,
    topLevel: boolean,
  ): void {
    const known = knownKeys(entries, false);
    for (const key of Object.keys(input).sort()) {
      if (used.has(key)) continue;
      if (topLevel && (key === 'type' || key.startsWith('packer_'))) continue;
      const path = joinPath(prefix, key);
      const candidates = key.startsWith('packer') ? knownKeys(entries, true) : known;
      const suggestion = closestKey(key, candidates);
      this.problem(
        path,
        `unknown configuration key: '${goQuote(path)}'` +
          (suggestion === undefined ? '' : `; did you mean ${goQuote(joinPath(prefix, suggestion))}?`),
      );
    }
  }

  // ---- values -------------------------------------------------------------------------------

  /** How a value at `path` is shown in a message: the template it came from, if any (see renderedFrom). */
  private show(path: string, value: unknown, sensitive: boolean): string {
    const template = this.renderedFrom.get(path);
    if (template === undefined || typeof value !== 'string' || sensitive) return describe(value, sensitive);
    return `the value of ${describe(template, false)} (not shown)`;
  }

  /** Interpolates a JSON-template string (or only checks it); undefined when it failed. */
  private renderString(text: string, path: string, field: Field): string | undefined {
    if (field.mode === 'none') return text;
    try {
      if (field.mode === 'render') {
        const rendered = renderTemplate(text, this.ctx);
        if (rendered !== text) this.renderedFrom.set(path, text);
        return rendered;
      }
      validateTemplate(text, this.ctx);
      return text;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      this.problem(path, `${path}: ${e.message}, in ${goQuote(text)}`);
      return undefined;
    }
  }

  /**
   * Decodes `raw` as `type` onto `existing`. Returns the new value, or `existing` when the
   * input was wrong (a problem has been recorded).
   */
  private value(type: CtyType, raw: unknown, existing: unknown, path: string, field: Field): unknown {
    let input = raw;
    if (typeof input === 'string') {
      const rendered = this.renderString(input, path, field);
      if (rendered === undefined) return existing;
      input = rendered;
      if (field.meta?.sensitive) registerSecrets([input as string]);
    }
    const sensitive = field.meta?.sensitive === true;
    const noRender: Field = { ...field, mode: 'none' };
    switch (type.kind) {
      case 'dynamic':
        return this.dynamic(input, path, field);
      case 'string': {
        if (typeof input === 'string') return input;
        if (input instanceof Uint8Array) return new TextDecoder().decode(input);
        if (typeof input === 'number') return formatGoFloat(input);
        if (typeof input === 'boolean') return input ? '1' : '0';
        this.problem(path, `${path}: expected a string, got ${this.show(path, input, sensitive)}`);
        return existing;
      }
      case 'number':
        return this.number(input, existing, path, field);
      case 'bool': {
        if (typeof input === 'boolean') return input;
        if (typeof input === 'number') return input !== 0;
        if (typeof input === 'string') {
          const b = input === '' ? false : parseGoBool(input);
          if (b !== undefined) return b;
        }
        this.problem(path, `${path}: expected true or false, got ${this.show(path, input, sensitive)}`);
        return existing;
      }
      case 'list':
      case 'set': {
        let items: readonly unknown[];
        if (Array.isArray(input)) items = input;
        else if (typeof input === 'string') items = input === '' ? [] : input.split(',');
        else if (isPlainObject(input) && Object.keys(input).length === 0) items = [];
        else items = [input];
        const elementField = typeof input === 'string' ? noRender : field;
        const result = Array.isArray(existing) ? [...(existing as unknown[])] : [];
        items.forEach((item, i) => {
          const at = `${path}[${i}]`;
          if (item === null || item === undefined) {
            if (result[i] === undefined) result[i] = zeroValue(type.element);
            return;
          }
          const decoded = this.value(type.element, item, result[i], at, elementField);
          result[i] = decoded === undefined ? zeroValue(type.element) : decoded;
        });
        return result;
      }
      case 'tuple': {
        if (!Array.isArray(input) || input.length !== type.elements.length) {
          this.problem(path, `${path}: expected ${ctyTypeString(type)}, got ${describe(input, sensitive)}`);
          return existing;
        }
        const result = Array.isArray(existing) ? [...(existing as unknown[])] : [];
        type.elements.forEach((elementType, i) => {
          const item: unknown = input[i];
          if (item === null || item === undefined) return;
          result[i] = this.value(elementType, item, result[i], `${path}[${i}]`, field);
        });
        return result;
      }
      case 'map':
        return this.map(type.element, input, existing, path, field);
      case 'object': {
        if (!isPlainObject(input)) {
          this.problem(path, `${path}: expected ${ctyTypeString(type)}, got ${describe(input, sensitive)}`);
          return existing;
        }
        const result: Record<string, unknown> = isPlainObject(existing) ? { ...existing } : {};
        const used = new Set<string>();
        for (const [name, attrType] of Object.entries(type.attributes)) {
          const key = this.findKey(input, name, used);
          if (key === undefined) continue;
          used.add(key);
          const item = input[key];
          if (item === null || item === undefined) continue;
          const decoded = this.value(attrType, item, result[name], joinPath(path, name), field);
          if (decoded !== undefined) setOwn(result, name, decoded);
        }
        for (const key of Object.keys(input).sort()) {
          if (used.has(key)) continue;
          const suggestion = closestKey(key, Object.keys(type.attributes));
          this.problem(
            joinPath(path, key),
            `unknown configuration key: '${goQuote(joinPath(path, key))}'` +
              (suggestion === undefined ? '' : `; did you mean ${goQuote(joinPath(path, suggestion))}?`),
          );
        }
        return result;
      }
    }
  }

  private number(input: unknown, existing: unknown, path: string, field: Field): unknown {
    const integer = field.meta?.integer === true;
    const sensitive = field.meta?.sensitive === true;
    const want = integer ? 'a whole number' : 'a number';
    let value: number | undefined;
    if (typeof input === 'number') value = input;
    else if (typeof input === 'boolean') value = input ? 1 : 0;
    else if (typeof input === 'string') {
      const parsed = integer ? parseGoInt(input) : parseGoFloat(input);
      if (parsed.ok) value = parsed.value;
      else if (parsed.reason === 'range' && integer) {
        this.problem(path, `${path}: ${this.show(path, input, sensitive)} is out of range for a 64-bit integer`);
        return existing;
      }
    }
    if (value === undefined || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      this.problem(path, `${path}: expected ${want}, got ${this.show(path, input, sensitive)}`);
      return existing;
    }
    return value;
  }

  private map(element: CtyType, input: unknown, existing: unknown, path: string, field: Field): unknown {
    const sensitive = field.meta?.sensitive === true;
    if (Array.isArray(input)) {
      // Weak typing: a list of maps merges into one map.
      let result = existing;
      input.forEach((item, i) => {
        if (!isPlainObject(item)) {
          this.problem(
            `${path}[${i}]`,
            `${path}[${i}]: expected a map of ${ctyTypeString(element)}, got ${describe(item, sensitive)}`,
          );
          return;
        }
        result = this.map(element, item, result, path, field);
      });
      return result ?? {};
    }
    if (!isPlainObject(input)) {
      this.problem(
        path,
        `${path}: expected a map of ${ctyTypeString(element)}, got ${describe(input, sensitive)}`,
      );
      return existing;
    }
    const result: Record<string, unknown> = {};
    if (isPlainObject(existing)) for (const [k, v] of Object.entries(existing)) setOwn(result, k, v);
    for (const [rawKey, item] of Object.entries(input)) {
      const key = this.renderString(rawKey, `${path}[${goQuote(rawKey)}]`, field);
      if (key === undefined) continue;
      const at = `${path}[${goQuote(key)}]`;
      if (item === null || item === undefined) {
        setOwn(result, key, zeroValue(element));
        continue;
      }
      const decoded = this.value(element, item, undefined, at, field);
      if (decoded !== undefined) setOwn(result, key, decoded);
    }
    return result;
  }

  /** `dynamic`: any value, with JSON-template strings (and map keys) interpolated. */
  private dynamic(input: unknown, path: string, field: Field): unknown {
    if (input instanceof Uint8Array) return new TextDecoder().decode(input);
    if (Array.isArray(input)) {
      return input.map((item, i) => {
        if (typeof item === 'string') return this.renderString(item, `${path}[${i}]`, field) ?? item;
        return this.dynamic(item, `${path}[${i}]`, field);
      });
    }
    if (isPlainObject(input)) {
      const result: Record<string, unknown> = {};
      for (const [rawKey, item] of Object.entries(input)) {
        const key = this.renderString(rawKey, `${path}[${goQuote(rawKey)}]`, field) ?? rawKey;
        const at = `${path}[${goQuote(key)}]`;
        setOwn(
          result,
          key,
          typeof item === 'string'
            ? (this.renderString(item, at, field) ?? item)
            : this.dynamic(item, at, field),
        );
      }
      return result;
    }
    return input;
  }

  private block(
    typeName: string,
    nested: ObjectSpec,
    input: unknown,
    existing: unknown,
    path: string,
    hcl2: boolean,
    field: Field,
  ): unknown {
    if (!isPlainObject(input)) {
      this.problem(
        path,
        `${path}: expected a JSON object for the ${goQuote(typeName)} block, got ${describe(input, false)}`,
      );
      return existing;
    }
    const result: Record<string, unknown> = isPlainObject(existing) ? { ...existing } : {};
    this.decodeNested(nested, input, result, path, hcl2, field);
    return result;
  }

  /** A block's body: its fields inherit how strings are treated from the block. */
  private decodeNested(
    nested: ObjectSpec,
    input: Readonly<Record<string, unknown>>,
    target: Record<string, unknown>,
    path: string,
    hcl2: boolean,
    field: Field,
  ): void {
    const used = new Set<string>();
    this.decodeEntries(nested.entries, input, target, path, field.mode, hcl2, used, false);
    this.reportUnknown(nested.entries, input, used, path, false);
  }

  private blockList(
    typeName: string,
    nested: ObjectSpec,
    input: unknown,
    existing: unknown,
    path: string,
    hcl2: boolean,
    field: Field,
  ): unknown {
    let items: readonly unknown[];
    if (Array.isArray(input)) items = input;
    else if (isPlainObject(input) && Object.keys(input).length === 0) items = [];
    else items = [input];
    const result = Array.isArray(existing) ? [...(existing as unknown[])] : [];
    items.forEach((item, i) => {
      const at = `${path}[${i}]`;
      if (item === null || item === undefined) {
        if (result[i] === undefined) result[i] = {};
        return;
      }
      if (!isPlainObject(item)) {
        this.problem(
          at,
          `${at}: expected a JSON object for a ${goQuote(typeName)} block, got ${describe(item, false)}`,
        );
        if (result[i] === undefined) result[i] = {};
        return;
      }
      const target: Record<string, unknown> = isPlainObject(result[i]) ? { ...(result[i] as object) } : {};
      this.decodeNested(nested, item, target, at, hcl2, field);
      result[i] = target;
    });
    return result;
  }

  // ---- after every payload: defaults, required, enums, durations, secrets ------------------

  finish(
    entries: Readonly<Record<string, Spec>>,
    target: Record<string, unknown>,
    prefix: string,
    where: string,
  ): void {
    for (const [key, entry] of Object.entries(entries)) {
      const prop = propertyOf(key, entry);
      const path = joinPath(prefix, key);
      if (entry.kind === 'object') {
        const nested = isPlainObject(target[prop]) ? (target[prop] as Record<string, unknown>) : {};
        this.finish(entry.entries, nested, path, where);
        setOwn(target, prop, nested);
        continue;
      }
      const meta = entry.meta;
      if (this.failed.has(path)) continue;
      if (target[prop] === undefined && meta?.default !== undefined)
        setOwn(target, prop, clone(meta.default));
      const value = target[prop];
      switch (entry.kind) {
        case 'attr':
        case 'blockAttrs': {
          if (value === undefined) {
            if (entry.required) this.problem(path, `${path} is required: set ${goQuote(key)} ${where}`);
            break;
          }
          const type: CtyType =
            entry.kind === 'attr' ? entry.type : { kind: 'map', element: entry.elementType };
          this.checkLeaves(type, value, path, meta);
          break;
        }
        case 'block':
          if (value === undefined) {
            if (entry.required) {
              this.problem(path, `${path}: a ${goQuote(entry.typeName)} block is required; add one ${where}`);
            }
            break;
          }
          if (isPlainObject(value))
            this.finish(entry.nested.entries, value, path, `in the ${goQuote(entry.typeName)} block`);
          break;
        case 'blockList': {
          const list = Array.isArray(value) ? (value as unknown[]) : [];
          if (value === undefined) setOwn(target, prop, list);
          if (list.length < entry.minItems) {
            this.problem(
              path,
              `${path}: at least ${entry.minItems} ${goQuote(entry.typeName)} block(s) required, got ${list.length}`,
            );
          }
          if (entry.maxItems > 0 && list.length > entry.maxItems) {
            this.problem(
              path,
              `${path}: at most ${entry.maxItems} ${goQuote(entry.typeName)} block(s) allowed, got ${list.length}`,
            );
          }
          list.forEach((item, i) => {
            if (isPlainObject(item)) {
              this.finish(
                entry.nested.entries,
                item,
                `${path}[${i}]`,
                `in ${path}[${i}] (a ${goQuote(entry.typeName)} block)`,
              );
            }
          });
          break;
        }
      }
    }
  }

  /** Enum and duration checks on string leaves; registers sensitive string leaves. */
  private checkLeaves(type: CtyType, value: unknown, path: string, meta: FieldMeta | undefined): void {
    if (!meta) return;
    forEachStringLeaf(type, value, path, (text, at) => {
      if (meta.sensitive) registerSecrets([text]);
      const allowed = stringEnum(meta.enum);
      if (allowed && !allowed.includes(text)) {
        this.problem(
          at,
          `${at}: ${this.show(at, text, meta.sensitive === true)} is not an allowed value; use ${listOf(allowed)}`,
        );
      }
      if (meta.duration) {
        try {
          parseDurationNanos(text);
        } catch (e) {
          if (!(e instanceof DurationError)) throw e;
          this.problem(
            at,
            `${at}: ${this.show(at, text, meta.sensitive === true)} is not a duration (${e.message}); ` +
              `write a number and a unit, e.g. ${DURATION_EXAMPLES}`,
          );
        }
      }
    });
    const allowedNumbers = numberEnum(meta.enum);
    if (allowedNumbers) {
      forEachNumberLeaf(type, value, path, (n, at) => {
        if (!allowedNumbers.includes(n)) {
          this.problem(
            at,
            `${at}: ${meta.sensitive === true ? '<sensitive>' : String(n)} is not an allowed value; use ${orList(allowedNumbers.map(String))}`,
          );
        }
      });
    }
  }
}

/** `1, 2 or 4`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The allowed strings of a string-literal union (FieldMeta.enum), if that is what it holds. */
function stringEnum(values: FieldMeta['enum']): readonly string[] | undefined {
  return values && values.every((v) => typeof v === 'string') ? (values as readonly string[]) : undefined;
}

/** The allowed numbers of a numeric-literal union (FieldMeta.enum), if that is what it holds. */
function numberEnum(values: FieldMeta['enum']): readonly number[] | undefined {
  return values && values.length > 0 && values.every((v) => typeof v === 'number')
    ? (values as readonly number[])
    : undefined;
}

/** Calls `fn` for every number in `value` that `type` declares a number. */
function forEachNumberLeaf(
  type: CtyType,
  value: unknown,
  path: string,
  fn: (n: number, path: string) => void,
): void {
  switch (type.kind) {
    case 'number':
      if (typeof value === 'number') fn(value, path);
      return;
    case 'list':
    case 'set':
      if (Array.isArray(value))
        value.forEach((v, i) => forEachNumberLeaf(type.element, v, `${path}[${i}]`, fn));
      return;
    case 'map':
      if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value))
          forEachNumberLeaf(type.element, v, `${path}[${goQuote(k)}]`, fn);
      }
      return;
    case 'object':
      if (isPlainObject(value)) {
        for (const [k, t] of Object.entries(type.attributes))
          forEachNumberLeaf(t, value[k], joinPath(path, k), fn);
      }
      return;
    default:
      return;
  }
}

/** Calls `fn` for every string in `value` that `type` declares a string. */
function forEachStringLeaf(
  type: CtyType,
  value: unknown,
  path: string,
  fn: (text: string, path: string) => void,
): void {
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') fn(value, path);
      return;
    case 'list':
    case 'set':
      if (Array.isArray(value))
        value.forEach((v, i) => forEachStringLeaf(type.element, v, `${path}[${i}]`, fn));
      return;
    case 'tuple':
      if (Array.isArray(value)) {
        type.elements.forEach((t, i) => forEachStringLeaf(t, value[i], `${path}[${i}]`, fn));
      }
      return;
    case 'map':
      if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value))
          forEachStringLeaf(type.element, v, `${path}[${goQuote(k)}]`, fn);
      }
      return;
    case 'object':
      if (isPlainObject(value)) {
        for (const [k, t] of Object.entries(type.attributes))
          forEachStringLeaf(t, value[k], joinPath(path, k), fn);
      }
      return;
    case 'dynamic':
      if (typeof value === 'string') fn(value, path);
      else if (Array.isArray(value)) value.forEach((v, i) => forEachStringLeaf(type, v, `${path}[${i}]`, fn));
      else if (isPlainObject(value)) {
        for (const [k, v] of Object.entries(value)) forEachStringLeaf(type, v, `${path}[${goQuote(k)}]`, fn);
      }
      return;
    default:
      return;
  }
}

/** The HCL names a user may write at this level (nested ObjectSpecs are squashed in JSON). */
function knownKeys(entries: Readonly<Record<string, Spec>>, includePacker: boolean): string[] {
  const keys: string[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    if (entry.kind === 'object') keys.push(...knownKeys(entry.entries, includePacker));
    else if (includePacker || !key.startsWith('packer_')) keys.push(key);
  }
  return keys;
}

/** The user variables and sensitive-variable names the `packer_*` keys carry (last payload wins). */
function detectContext(payloads: readonly ConfigPayload[]): {
  context: Partial<InterpolateContext>;
  sensitiveNames: string[];
} {
  const context: {
    buildName?: string;
    buildType?: string;
    packerVersion?: string;
    templatePath?: string;
    userVariables?: Record<string, string>;
  } = {};
  let sensitiveNames: string[] = [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  for (const { values } of payloads) {
    context.buildName = str(values['packer_build_name']) ?? context.buildName;
    context.buildType = str(values['packer_builder_type']) ?? context.buildType;
    context.packerVersion = str(values['packer_core_version']) ?? context.packerVersion;
    context.templatePath = str(values['packer_template_path']) ?? context.templatePath;
    const vars = values['packer_user_variables'];
    if (isPlainObject(vars)) {
      const userVariables: Record<string, string> = {};
      for (const [k, v] of Object.entries(vars)) if (typeof v === 'string') setOwn(userVariables, k, v);
      context.userVariables = userVariables;
    }
    const names = values['packer_sensitive_variables'];
    if (Array.isArray(names)) sensitiveNames = names.filter((n): n is string => typeof n === 'string');
    else if (typeof names === 'string') sensitiveNames = names === '' ? [] : names.split(',');
  }
  return { context, sensitiveNames };
}

/**
 * Decodes Packer's `Builder.Prepare` raws into the builder's configuration.
 *
 * Accepts plain maps (JSON templates, and the `packer_*` string map of HCL2) and the HCL2 cty
 * JSON bytes. Output keys are TS property names (`FieldMeta.property`, default the HCL name);
 * Packer's common fields are always accepted and land in `packerBuildName`, `packerDebug`, ….
 * Throws ConfigError listing every problem, each naming its field path.
 */
export function decodeConfig<T>(
  spec: ObjectSpec,
  raws: readonly unknown[],
  options: DecodeOptions = {},
): DecodeResult<T> {
  const { payloads, errors } = readPayloads(raws);
  const detected = detectContext(payloads);
  const vars = detected.context.userVariables ?? {};
  registerSecrets(detected.sensitiveNames.map((name) => (hasOwn(vars, name) ? (vars[name] as string) : '')));

  const interpolate = options.interpolate;
  const ctx =
    interpolate === false
      ? undefined
      : interpolateContext({ data: {}, ...detected.context, ...(interpolate?.context ?? {}) });
  const decoder = new Decoder(
    ctx,
    interpolate === false ? [] : (interpolate?.exclude ?? []),
    interpolate !== false && interpolate?.hcl2 !== false,
  );
  for (const message of errors) decoder.problem('', message);

  const entries = topLevelEntries(spec);
  const config: Record<string, unknown> = {};
  for (const payload of payloads) decoder.decodePayload(entries, payload, config);
  // Required-field checks would only add noise when a payload could not be read at all.
  if (errors.length === 0) decoder.finish(entries, config, '', "in the builder's configuration");

  if (decoder.problems.length > 0) throw new ConfigError(decoder.problems);
  return { config: config as T, warnings: decoder.warnings.map((w) => redact(w)) };
}
