/**
 * Interactive questions for the answers that flags, the answers file and `.yo-rc.json` left
 * open. Each question validates with the same checks the non-interactive modes use.
 */
import type Generator from 'yeoman-generator';
import {
  checkCommunicator,
  checkKit,
  checkGeneratedName,
  checkLicense,
  checkName,
  checkOrg,
  checkStepName,
  DEFAULT_STEPS,
  DEFAULT_VM_STEPS,
  type RawAnswers,
} from '../lib/answers.js';
import { checkDefault, checkFieldName, readField } from '../lib/fields.js';
import type { FieldJson } from '../lib/field-syntax.js';
import { parseTypeExpr } from '../lib/field-syntax.js';
import { COMMUNICATORS, KITS, type CommunicatorKind, type KitKind } from '../lib/model.js';

/** How the communicator prompt shows each choice. */
const COMMUNICATOR_CHOICES: Readonly<Record<CommunicatorKind, string>> = {
  none: 'none (shell-local provisioners only)',
  local: 'local (shell/file provisioners run on this machine)',
  ssh: "ssh (connect to ssh_host with Packer's ssh_* settings, like Go's null builder)",
  custom: 'custom (a Communicator class of your own in src/communicator.ts)',
};
import { camelCase } from '../lib/names.js';

/** How the kit prompt shows each choice. */
const KIT_CHOICES: Readonly<Record<KitKind, string>> = {
  none: 'none (a plain builder: your own steps)',
  vm: 'vm (a virtual-machine builder: ISO, HTTP server, boot command, SSH, shutdown)',
};

/** Anything that can prompt (any generator). */
type Asker = { prompt: Generator['prompt'] };

/** The type choices offered for a field (value = the type text `--field` takes). */
export const FIELD_TYPE_CHOICES: readonly { name: string; value: string }[] = [
  { name: 'string', value: 'string' },
  { name: 'number', value: 'number' },
  { name: 'int (whole number)', value: 'int' },
  { name: 'bool', value: 'bool' },
  { name: 'duration (5m, 1h30s)', value: 'duration' },
  { name: 'enum (one of some strings)', value: 'enum' },
  { name: 'list of strings', value: 'string[]' },
  { name: 'list of numbers', value: 'number[]' },
  { name: 'list of bools', value: 'bool[]' },
  { name: 'map of strings', value: 'map(string)' },
  { name: 'map of numbers', value: 'map(number)' },
  { name: 'map of bools', value: 'map(bool)' },
  { name: 'block (nested fields)', value: 'block' },
  { name: 'list of blocks (repeatable nested block)', value: 'block[]' },
];

/** `a, b c` → `['a','b','c']` (inquirer may hand over an array already). */
const splitList = (text: string | readonly string[]): string[] =>
  (typeof text === 'string' ? text : text.join(','))
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const orTrue = (p: string | undefined): string | true => p ?? true;

/** Asks `questions` (inquirer objects) and returns the answers as `T`. */
async function ask<T>(gen: Asker, questions: readonly object[]): Promise<T> {
  return (await gen.prompt(questions as unknown as Parameters<Generator['prompt']>[0])) as T;
}

/** Asks the scalar answers listed in `missing`, with `defaults` as suggestions. */
export async function askBasics(
  gen: Asker,
  missing: ReadonlySet<keyof RawAnswers>,
  defaults: RawAnswers,
): Promise<RawAnswers> {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const list = (v: unknown): string | undefined =>
    Array.isArray(v) ? v.map(String).join(', ') : undefined;
  const questions = [
    {
      type: 'input',
      name: 'name',
      message: 'Builder name (the Packer type; the project is packer-plugin-NAME)?',
      default: str(defaults.name),
      validate: (v: string) => orTrue(checkName(v.trim())),
      filter: (v: string) => v.trim(),
    },
    {
      type: 'input',
      name: 'description',
      message: 'Description?',
      default: (a: RawAnswers) => `A Packer builder plugin for ${String(a.name ?? defaults.name)}.`,
    },
    {
      type: 'input',
      name: 'org',
      message: 'Organisation (the BuilderId is ORG.NAME)?',
      default: str(defaults.org),
      validate: (v: string) => orTrue(checkOrg(v.trim())),
      filter: (v: string) => v.trim(),
    },
    { type: 'input', name: 'author', message: 'Author (package.json)?', default: str(defaults.author) },
    {
      type: 'input',
      name: 'license',
      message: 'License (SPDX id)?',
      default: str(defaults.license),
      validate: (v: string) => orTrue(checkLicense(v.trim())),
      filter: (v: string) => v.trim(),
    },
    {
      type: 'select',
      name: 'kit',
      message: 'Kind of builder?',
      choices: KITS.map((k) => ({ name: KIT_CHOICES[k], value: k })),
      default: str(defaults.kit),
      validate: (v: string) => orTrue(checkKit(v)),
    },
    {
      type: 'select',
      name: 'communicator',
      // A VM builder reaches its machine over SSH (--kit vm implies --communicator ssh).
      when: (a: RawAnswers) => (a.kit ?? defaults.kit) !== 'vm',
      message: 'Communicator for provisioners?',
      choices: COMMUNICATORS.map((c) => ({
        name: COMMUNICATOR_CHOICES[c],
        value: c,
      })),
      default: str(defaults.communicator),
      validate: (v: string) => orTrue(checkCommunicator(v)),
    },
    {
      type: 'input',
      name: 'generated',
      message: 'Generated data the builder provides (PascalCase, comma-separated, empty for none)?',
      default: list(defaults.generated),
      validate: (v: string) => orTrue(splitList(v).map(checkGeneratedName).find(Boolean)),
      filter: splitList,
    },
    {
      type: 'input',
      name: 'steps',
      message: 'Steps in run order (kebab-case, comma-separated; "provision" places the provisioners)?',
      // A kit chosen just now brings its own default steps (unless steps were given).
      default: (a: RawAnswers) =>
        list(a.kit === 'vm' && list(defaults.steps) === list(DEFAULT_STEPS) ? DEFAULT_VM_STEPS : defaults.steps),
      validate: (v: string) => orTrue(splitList(v).map(checkStepName).find(Boolean)),
      filter: splitList,
    },
    { type: 'confirm', name: 'git', message: 'Initialise a git repository?', default: defaults.git !== false },
    {
      type: 'confirm',
      name: 'install',
      message: 'Install dependencies (npm install)?',
      default: defaults.install !== false,
    },
  ].filter((q) => missing.has(q.name as keyof RawAnswers));
  if (questions.length === 0) return {};
  return ask<RawAnswers>(gen, questions);
}

/**
 * Asks for config fields one by one ("Add a config field?"), recursing into blocks.
 * Returns answers-file field objects; `readFields` checks them again afterwards.
 */
export async function askFields(gen: Asker, path: readonly string[] = [], limit = 100): Promise<FieldJson[]> {
  const fields: FieldJson[] = [];
  const where = path.length ? ` to block "${path.join('.')}"` : '';
  for (let i = 0; i < limit; i++) {
    const { addField } = await ask<{ addField: boolean }>(gen, [
      {
        type: 'confirm',
        name: 'addField',
        message: `Add a config field${where}?`,
        default: fields.length === 0 && path.length > 0,
      },
    ]);
    if (!addField) break;
    fields.push(await askField(gen, path, fields));
  }
  return fields;
}

async function askField(gen: Asker, path: readonly string[], siblings: readonly FieldJson[]): Promise<FieldJson> {
  const taken = new Set(siblings.map((f) => camelCase(String(f.name))));
  const basics = await ask<{
    fieldName: string;
    fieldType: string;
    fieldChoices?: string;
    fieldRequired: boolean;
  }>(gen, [
    {
      type: 'input',
      name: 'fieldName',
      message: 'Field name (snake_case HCL name)?',
      validate: (v: string) => {
        const name = v.trim();
        if (taken.has(camelCase(name))) return `field "${name}" is already defined; choose another name`;
        return orTrue(checkFieldName(name, path.length === 0)[0]);
      },
      filter: (v: string) => v.trim(),
    },
    { type: 'select', name: 'fieldType', message: 'Type?', choices: [...FIELD_TYPE_CHOICES] },
    {
      type: 'input',
      name: 'fieldChoices',
      message: 'Choices (separated by | or commas)?',
      when: (a: { fieldType: string }) => a.fieldType === 'enum',
      validate: (v: string) => (splitChoices(v).length ? true : 'give at least one choice, e.g. fast|safe'),
    },
    { type: 'confirm', name: 'fieldRequired', message: 'Required?', default: false },
  ]);

  const json: FieldJson & { defaultText?: string } = {
    name: basics.fieldName,
    type: basics.fieldType,
    required: basics.fieldRequired,
  };
  if (basics.fieldType === 'enum') json.choices = splitChoices(basics.fieldChoices ?? '');
  const isBlock = basics.fieldType === 'block' || basics.fieldType === 'block[]';

  if (!isBlock && !basics.fieldRequired) {
    const probe = readField({ ...json, required: false }, 0, [], path);
    const { fieldDefault } = await ask<{ fieldDefault?: string }>(gen, [
      {
        type: 'input',
        name: 'fieldDefault',
        message: 'Default (empty for none; JSON for lists and maps)?',
        validate: (v: string) => {
          if (!v.trim() || !probe) return true;
          const r = checkDefault(probe.type, v.trim(), true);
          return 'problem' in r ? r.problem : true;
        },
      },
    ]);
    if (fieldDefault?.trim()) json.defaultText = fieldDefault.trim();
  }
  const more = await ask<{ fieldDescription?: string; fieldSensitive?: boolean }>(gen, [
    { type: 'input', name: 'fieldDescription', message: 'Description (for the docs)?' },
    {
      type: 'confirm',
      name: 'fieldSensitive',
      message: 'Sensitive (a secret, masked in output)?',
      default: false,
      when: () => !isBlock,
    },
  ]);
  if (more.fieldDescription?.trim()) json.description = more.fieldDescription.trim();
  if (more.fieldSensitive) json.sensitive = true;
  if (isBlock) json.fields = await askFields(gen, [...path, basics.fieldName]);
  return json;
}

function splitChoices(text: string): string[] {
  return text
    .split(/[|,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether a type text parses (used to keep prompts and flags in agreement). */
export function isKnownType(text: string): boolean {
  if (['enum', 'block', 'block[]'].includes(text)) return true;
  try {
    return parseTypeExpr(text).rest.trim() === '';
  } catch {
    return false;
  }
}
