/**
 * The answer set: reading it from an answers file, `.yo-rc.json` and flags, the defaults, and
 * the checks of every answer other than fields. Sources are merged in this order (later wins):
 * defaults ← `.yo-rc.json` ← `--answers FILE` ← flags ← prompts (prompts only ask what is
 * still missing). A list given by flags (`--field`, `--generated`, `--step`) replaces that list.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fieldToJson, readFields } from './fields.js';
import type { Answers, CommunicatorKind, Field, JsonValue, KitKind } from './model.js';
import { COMMUNICATORS, KITS } from './model.js';
import {
  BUILDER_NAME_RE,
  GENERATED_NAME_RE,
  ORG_NAME_RE,
  PACKER_BUILTIN_BUILDERS,
  PACKER_BUILTIN_GENERATED,
  RESERVED_STEP_NAMES,
  STEP_NAME_RE,
  pascalCase,
  slugifyBuilderName,
  stepIdentifier,
} from './names.js';
import { closestKey } from '../../src/config/suggest.js';

/** Answers as read from one source, before defaults; fields still raw. */
export interface RawAnswers {
  name?: unknown;
  description?: unknown;
  org?: unknown;
  author?: unknown;
  license?: unknown;
  communicator?: unknown;
  kit?: unknown;
  fields?: unknown;
  generated?: unknown;
  steps?: unknown;
  git?: unknown;
  install?: unknown;
  sdk?: unknown;
}

/** The keys of the answers file (and of the `.yo-rc.json` entry). */
export const ANSWER_KEYS: readonly (keyof RawAnswers)[] = [
  'name',
  'description',
  'org',
  'author',
  'license',
  'communicator',
  'kit',
  'fields',
  'generated',
  'steps',
  'git',
  'install',
  'sdk',
];

/** The config fields of the default skeleton. */
export const DEFAULT_FIELDS: readonly string[] = [
  'message:string=Hello from Packer#Text the example step prints while it runs.',
];
/** The generated data of the default skeleton. */
export const DEFAULT_GENERATED: readonly string[] = ['MachineId'];
/** The steps of the default skeleton; `provision` marks where provisioners run. */
export const DEFAULT_STEPS: readonly string[] = ['create-machine', 'provision', 'save-artifact'];

/** The steps of a `--kit vm` plugin's own: the machine is created between the HTTP server and the boot command. */
export const DEFAULT_VM_STEPS: readonly string[] = ['create-machine', 'provision'];

/**
 * Defaults for everything but `name` and `sdk`, which depend on the run. `kit` (when already
 * answered) shapes two of them: `--kit vm` implies `--communicator ssh` and its own steps.
 */
export function defaultAnswers(name: string, sdk: string, kit?: unknown): RawAnswers {
  const vm = kit === 'vm';
  return {
    name,
    description: `A Packer builder plugin for ${name}.`,
    org: 'example',
    author: '',
    license: 'MPL-2.0',
    communicator: vm ? 'ssh' : 'none',
    kit: 'none',
    fields: [...DEFAULT_FIELDS],
    generated: [...DEFAULT_GENERATED],
    steps: [...(vm ? DEFAULT_VM_STEPS : DEFAULT_STEPS)],
    git: true,
    install: true,
    sdk,
  };
}

/** The builder name suggested for a destination folder (`packer-plugin-foo` → `foo`). */
export function nameFromFolder(folderName: string): string | undefined {
  const m = /^packer-(?:plugin|builder)-(.+)$/.exec(folderName);
  return m ? slugifyBuilderName(m[1] as string) : undefined;
}

/** Reads an answers-file object; unknown keys are problems (typos must not pass silently). */
export function readAnswersObject(obj: unknown, source: string, problems: string[]): RawAnswers {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    problems.push(`${source}: expected a JSON object with keys ${ANSWER_KEYS.join(', ')}`);
    return {};
  }
  const out: RawAnswers = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === '$comment' || k === '$schema') continue;
    if (!(ANSWER_KEYS as readonly string[]).includes(k)) {
      const near = closestKey(k, ANSWER_KEYS);
      problems.push(
        `${source}: unknown key "${k}"${near ? `; did you mean "${near}"?` : ''}; the keys are ${ANSWER_KEYS.join(', ')}`,
      );
      continue;
    }
    out[k as keyof RawAnswers] = v;
  }
  return out;
}

/** Merges sources left to right; `undefined` never overrides. */
export function mergeRaw(...sources: RawAnswers[]): RawAnswers {
  const out: RawAnswers = {};
  for (const s of sources) {
    for (const k of ANSWER_KEYS) if (s[k] !== undefined) out[k] = s[k];
  }
  return out;
}

/** A repeatable flag's values: `--x a --x b,c` → `['a','b','c']` (each value split on commas). */
export function listFlag(v: unknown, splitCommas: boolean): string[] | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  const all = (Array.isArray(v) ? v.flat(3) : [v]).filter((x) => x !== undefined && x !== null);
  const texts = all.map(String);
  return splitCommas ? texts.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean) : texts;
}

// ---- single-answer checks (also the prompts' validate functions) -------------------------

/** Problem with a builder name, or undefined. `org` (when known) shapes the suggestion. */
export function checkName(v: unknown, org?: unknown): string | undefined {
  if (typeof v !== 'string' || !v) return `name: missing; give the builder name, e.g. --name mybuilder`;
  if (!BUILDER_NAME_RE.test(v)) {
    const s = slugifyBuilderName(v);
    return `name "${v}" is not a valid builder name; use lower-case letters, digits and single hyphens, starting with a letter${s ? ` (e.g. "${s}")` : ''}`;
  }
  if (v.startsWith('packer')) {
    return `name "${v}" must not start with "packer" (the plugin is already called packer-plugin-${v}); drop the prefix`;
  }
  if (v.length > 40) return `name "${v}" is longer than 40 characters; shorten it`;
  const builtIn = PACKER_BUILTIN_BUILDERS.get(v);
  if (builtIn) {
    const prefix = typeof org === 'string' && ORG_NAME_RE.test(org) && org !== 'example' ? org : 'my';
    return `name "${v}" is a builder built into ${builtIn}: Packer would run its own "${v}" instead of this plugin; choose another name, e.g. "${prefix}-${v}"`;
  }
  return undefined;
}

/** Problem with an organisation name, or undefined. */
export function checkOrg(v: unknown): string | undefined {
  if (typeof v !== 'string' || !ORG_NAME_RE.test(v)) {
    return `org ${JSON.stringify(v)} is not a valid organisation name; use lower-case letters, digits and single hyphens, starting with a letter (it becomes the BuilderId "<org>.<name>")`;
  }
  return undefined;
}

/** Problem with a generated-data name, or undefined. */
export function checkGeneratedName(v: unknown): string | undefined {
  if (typeof v !== 'string' || !GENERATED_NAME_RE.test(v)) {
    const s = typeof v === 'string' ? pascalCase(v.replace(/[^A-Za-z0-9_-]+/g, '_').toLowerCase()) : '';
    return `generated data ${JSON.stringify(v)} is not a PascalCase identifier; write it like ${GENERATED_NAME_RE.test(s) ? `"${s}"` : '"ImageId"'}`;
  }
  if (PACKER_BUILTIN_GENERATED.has(v)) {
    return `generated data "${v}" is already provided by Packer itself; choose another name, e.g. "Builder${v}"`;
  }
  return undefined;
}

/** Problem with a step name, or undefined (`provision` is allowed: it places the provision step). */
export function checkStepName(v: unknown): string | undefined {
  if (typeof v !== 'string' || !STEP_NAME_RE.test(v)) {
    const s = typeof v === 'string' ? slugifyBuilderName(v) : undefined;
    return `step ${JSON.stringify(v)} is not a valid step name; use kebab-case like ${s ? `"${s}"` : '"create-machine"'}`;
  }
  return undefined;
}

/**
 * Pairs of different step names that become the same TypeScript class (`disk-2`, `disk2` →
 * `StepDisk2`); `existing` are the plugin's steps already (for the step sub-generator).
 */
export function stepClashes(steps: readonly string[], existing: readonly string[] = []): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const s of existing) if (typeof s === 'string') owner.set(stepIdentifier(s), s);
  for (const s of steps) {
    if (typeof s !== 'string' || checkStepName(s)) continue;
    const id = stepIdentifier(s);
    const before = owner.get(id);
    if (before !== undefined && before !== s) {
      problems.push(
        `step "${s}" becomes the same class ${id} (and the same identifier in src/builder.ts) as step "${before}"; rename one of them`,
      );
      continue;
    }
    owner.set(id, s);
  }
  return problems;
}

/** Problem with a communicator, or undefined. */
export function checkCommunicator(v: unknown): string | undefined {
  return (COMMUNICATORS as readonly unknown[]).includes(v)
    ? undefined
    : `communicator ${JSON.stringify(v)} is not supported; use one of ${COMMUNICATORS.join(', ')}`;
}

/** Problem with a kit, or undefined. */
export function checkKit(v: unknown): string | undefined {
  return (KITS as readonly unknown[]).includes(v)
    ? undefined
    : `kit ${JSON.stringify(v)} is not supported; use one of ${KITS.join(', ')}`;
}

/** Problem with a kit and communicator together, or undefined. */
export function checkKitCommunicator(kit: unknown, communicator: unknown): string | undefined {
  if (kit !== 'vm' || communicator === 'ssh' || checkCommunicator(communicator)) return undefined;
  return `kit "vm" connects to the machine over SSH, so it needs communicator "ssh", not ${JSON.stringify(communicator)}; use --communicator ssh or leave --communicator out (--kit vm implies ssh)`;
}

/** Problem with a license id, or undefined. */
export function checkLicense(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(v)
    ? undefined
    : `license ${JSON.stringify(v)} is not an SPDX license id; use e.g. MPL-2.0, MIT, Apache-2.0 or UNLICENSED`;
}

/**
 * Normalises `--sdk`: a semver range stays as is; a path (or `file:` spec) to a checkout or a
 * `.tgz` becomes `file:/absolute/path`, checked to exist.
 */
export function normaliseSdk(v: unknown, cwd: string): { sdk?: string; problem?: string } {
  if (typeof v !== 'string' || !v.trim()) {
    return { problem: `sdk ${JSON.stringify(v)}: give a version range (^0.1.0), a checkout path or a .tgz path` };
  }
  const text = v.trim();
  const raw = text.startsWith('file:') ? text.slice(5) : text;
  const pathLike =
    text.startsWith('file:') || isAbsolute(raw) || raw.startsWith('.') || raw.endsWith('.tgz');
  if (!pathLike) return { sdk: text };
  const abs = isAbsolute(raw) ? raw : resolve(cwd, raw);
  if (!existsSync(abs)) {
    return {
      problem: `sdk "${text}": ${abs} does not exist; give the path of a generator-packer-builder checkout or of a tarball made with npm pack`,
    };
  }
  return { sdk: `file:${abs}` };
}

function stringAnswer(raw: RawAnswers, key: 'description' | 'author', problems: string[]): string {
  const v = raw[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  problems.push(`${key}: must be a string, got ${JSON.stringify(v)}`);
  return '';
}

function boolAnswer(raw: RawAnswers, key: 'git' | 'install', problems: string[]): boolean {
  const v = raw[key];
  if (typeof v === 'boolean') return v;
  problems.push(`${key}: must be true or false, got ${JSON.stringify(v)}`);
  return false;
}

function listAnswer(raw: RawAnswers, key: 'generated' | 'steps', problems: string[]): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v as string[];
  problems.push(`${key}: must be a list of names, got ${JSON.stringify(v)}`);
  return [];
}

/**
 * Checks a complete raw answer set (defaults already merged) and returns the answers, or every
 * problem found. `cwd` resolves a relative `--sdk` path.
 */
export function finishAnswers(
  raw: RawAnswers,
  cwd: string,
): { answers: Answers; problems: [] } | { answers?: undefined; problems: string[] } {
  const problems: string[] = [];
  const push = (p: string | undefined) => {
    if (p) problems.push(p);
  };
  push(checkName(raw.name, raw.org));
  push(checkOrg(raw.org));
  push(checkLicense(raw.license));
  push(checkCommunicator(raw.communicator));
  // An answer set from before `kit` existed (a .yo-rc.json, an answers file) is a plain builder.
  const kit = raw.kit ?? 'none';
  push(checkKit(kit));
  push(checkKitCommunicator(kit, raw.communicator));
  const description = stringAnswer(raw, 'description', problems);
  const author = stringAnswer(raw, 'author', problems);
  const git = boolAnswer(raw, 'git', problems);
  const install = boolAnswer(raw, 'install', problems);
  const sdk = normaliseSdk(raw.sdk, cwd);
  push(sdk.problem);

  let fields: Field[] = [];
  if (raw.fields !== undefined && !Array.isArray(raw.fields)) {
    problems.push(`fields: must be a list of fields, got ${JSON.stringify(raw.fields)}`);
  } else {
    fields = readFields((raw.fields as unknown[] | undefined) ?? [], problems);
  }

  const generated = listAnswer(raw, 'generated', problems);
  generated.forEach((g) => push(checkGeneratedName(g)));
  generated
    .filter((g, i) => generated.indexOf(g) !== i)
    .forEach((g) => problems.push(`generated data "${g}" is listed twice; list each name once`));

  const steps = listAnswer(raw, 'steps', problems);
  steps.forEach((s) => push(checkStepName(s)));
  steps
    .filter((s, i) => steps.indexOf(s) !== i)
    .forEach((s) => problems.push(`step "${s}" is listed twice; list each step once`));
  problems.push(...stepClashes(steps.filter((s, i) => steps.indexOf(s) === i)));
  const realSteps = steps.filter((s) => !RESERVED_STEP_NAMES.has(s));
  if (realSteps.length === 0 && problems.length === 0) {
    problems.push(`steps: give at least one step besides "provision", e.g. --step create-machine`);
  }

  if (problems.length) return { problems };
  return {
    answers: {
      name: raw.name as string,
      description,
      org: raw.org as string,
      author,
      license: raw.license as string,
      communicator: raw.communicator as CommunicatorKind,
      kit: kit as KitKind,
      fields,
      generated,
      steps: steps.includes('provision') ? steps : [...steps, 'provision'],
      git,
      install,
      sdk: sdk.sdk as string,
    },
    problems: [],
  };
}

/** The answers as stored in `.yo-rc.json` (the answers-file shape). */
export function answersToJson(a: Answers): Record<string, JsonValue> {
  return {
    name: a.name,
    description: a.description,
    org: a.org,
    author: a.author,
    license: a.license,
    communicator: a.communicator,
    kit: a.kit,
    fields: a.fields.map(fieldToJson),
    generated: [...a.generated],
    steps: [...a.steps],
    git: a.git,
    install: a.install,
    sdk: a.sdk,
  };
}

/** Formats problems as the one error the generator fails with. */
export function problemsError(problems: readonly string[]): Error {
  const head =
    problems.length === 1
      ? 'generator-packer-builder: 1 problem in the answers; nothing was written:'
      : `generator-packer-builder: ${problems.length} problems in the answers; nothing was written:`;
  return new Error([head, ...problems.map((p) => `  - ${p}`)].join('\n'));
}
