/** Where regenerate-spec reads and writes, overridable in package.json's `packerBuilder`. */
import { SpecSyncError, type SpecSyncProblem } from './errors.js';

/** File paths are relative to the plugin directory, with `/` separators. */
export interface SpecSyncPaths {
  /** The file declaring the config type. */
  config: string;
  /** The config type's name (an interface or type alias). */
  configType: string;
  /** The file declaring the generated-data interface. */
  generatedData: string;
  /** The generated-data interface's name. */
  generatedDataType: string;
  /** The generated spec module (output). */
  spec: string;
  /** The generated configuration reference (output). */
  docs: string;
}

export const DEFAULT_SPEC_SYNC_PATHS: Readonly<SpecSyncPaths> = Object.freeze({
  config: 'src/config.ts',
  configType: 'Config',
  generatedData: 'src/generated-data.ts',
  generatedDataType: 'GeneratedData',
  spec: 'src/config.hcl2spec.ts',
  docs: 'docs/configuration.md',
});

const KEYS = Object.keys(DEFAULT_SPEC_SYNC_PATHS) as (keyof SpecSyncPaths)[];
const FILE_KEYS = ['config', 'generatedData', 'spec', 'docs'] as const;
const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The `packerBuilder` overrides in a package.json text (empty when absent). Throws
 * SpecSyncError naming the file and key when the field is malformed.
 */
export function pathsFromPackageJson(text: string, file = 'package.json'): Partial<SpecSyncPaths> {
  const problem = (message: string, hint?: string): SpecSyncError =>
    new SpecSyncError([{ file, line: 0, column: 0, path: '', message, ...(hint ? { hint } : {}) }]);
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    throw problem(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof pkg !== 'object' || pkg === null) return {};
  const field = (pkg as Record<string, unknown>).packerBuilder;
  if (field === undefined) return {};
  if (typeof field !== 'object' || field === null || Array.isArray(field)) {
    throw problem('"packerBuilder" must be an object', `keys: ${KEYS.join(', ')}`);
  }
  const out: Partial<SpecSyncPaths> = {};
  for (const [key, value] of Object.entries(field as Record<string, unknown>)) {
    if (!(KEYS as string[]).includes(key)) {
      throw problem(`unknown key "packerBuilder.${key}"`, `known keys: ${KEYS.join(', ')}`);
    }
    if (typeof value !== 'string' || value === '') {
      throw problem(`"packerBuilder.${key}" must be a non-empty string`);
    }
    out[key as keyof SpecSyncPaths] = value;
  }
  return out;
}

/** Defaults + overrides, checked: relative paths inside the plugin, four distinct files. */
export function resolvePaths(overrides: Partial<SpecSyncPaths> = {}): SpecSyncPaths {
  const paths: SpecSyncPaths = { ...DEFAULT_SPEC_SYNC_PATHS };
  for (const key of KEYS) {
    const v = overrides[key];
    if (v !== undefined) paths[key] = v;
  }
  const problems: SpecSyncProblem[] = [];
  const bad = (key: string, message: string): void => {
    problems.push({
      file: 'package.json',
      line: 0,
      column: 0,
      path: '',
      message: `"packerBuilder.${key}" ${message}`,
    });
  };
  for (const key of FILE_KEYS) {
    const normal = normalizeRelative(paths[key]);
    if (normal === undefined)
      bad(key, `must be a path inside the plugin directory (got "${paths[key]}")`);
    else paths[key] = normal;
  }
  for (const key of ['config', 'generatedData', 'spec'] as const) {
    if (!/\.(ts|mts|cts)$/.test(paths[key]) || paths[key].endsWith('.d.ts')) {
      bad(key, `must name a TypeScript file (.ts), got "${paths[key]}"`);
    }
  }
  for (const key of ['configType', 'generatedDataType'] as const) {
    if (!IDENTIFIER_RE.test(paths[key])) bad(key, `must be a type name, got "${paths[key]}"`);
  }
  const pairs = [
    ['spec', 'config'],
    ['spec', 'generatedData'],
    ['spec', 'docs'],
    ['docs', 'config'],
    ['docs', 'generatedData'],
  ] as const;
  for (const [out, other] of pairs) {
    if (paths[other] === paths[out]) {
      bad(out, `must differ from "packerBuilder.${other}" (both are "${paths[out]}")`);
    }
  }
  if (problems.length) throw new SpecSyncError(problems);
  return paths;
}

/** `./src\\a.ts` → `src/a.ts`; undefined for absolute paths or paths leaving the directory. */
export function normalizeRelative(p: string): string | undefined {
  const parts: string[] = [];
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return undefined;
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length ? parts.join('/') : undefined;
}
