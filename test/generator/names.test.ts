/**
 * Issue 9 §7: names that pass the spelling checks but break later. Table-driven
 * `doTest(input, expected problems)` cases over the answer checks the app generator and its
 * sub-generators share: built-in builder names, answers that map to one TypeScript
 * identifier / file / HCL name, unknown keys at every level of an answers file, and names HCL
 * or Packer reserve inside a source block.
 */
import { describe, expect, it } from 'vitest';
import { checkName, finishAnswers, readAnswersObject, stepClashes } from '../../generators/lib/answers.js';
import { checkNewFields, readFields, type ExistingProperty } from '../../generators/lib/fields.js';
import type { Field } from '../../generators/lib/model.js';
import { configProperties } from '../../generators/lib/ts-edit.js';

/** The problems `finishAnswers` finds in an answer set (defaults for what is not given). */
function answerProblems(raw: Record<string, unknown>): string[] {
  const base = {
    name: 'ok',
    org: 'example',
    license: 'MIT',
    communicator: 'none',
    description: '',
    author: '',
    git: false,
    install: false,
    sdk: '^0.1.0',
    fields: [],
    generated: [],
    steps: ['create-machine'],
  };
  const result = finishAnswers({ ...base, ...raw }, process.cwd());
  return result.problems;
}

function doTest(raw: Record<string, unknown>, expected: string[]): void {
  expect(answerProblems(raw)).toEqual(expected);
}

describe('builder names that are Packer built-ins', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'file (built into every supported Packer)',
      { name: 'file' },
      ['name "file" is a builder built into Packer 1.6.6, 1.11.2 and 1.16.0: Packer would run its own "file" instead of this plugin; choose another name, e.g. "my-file"'],
    ],
    [
      'null, with the organisation in the suggestion',
      { name: 'null', org: 'acme' },
      ['name "null" is a builder built into Packer 1.6.6, 1.11.2 and 1.16.0: Packer would run its own "null" instead of this plugin; choose another name, e.g. "acme-null"'],
    ],
    [
      'qemu (built into 1.6.6)',
      { name: 'qemu' },
      ['name "qemu" is a builder built into Packer 1.6.6: Packer would run its own "qemu" instead of this plugin; choose another name, e.g. "my-qemu"'],
    ],
    [
      'vsphere-iso (built into 1.6.6)',
      { name: 'vsphere-iso' },
      ['name "vsphere-iso" is a builder built into Packer 1.6.6: Packer would run its own "vsphere-iso" instead of this plugin; choose another name, e.g. "my-vsphere-iso"'],
    ],
    ['a name that only contains a built-in one is fine', { name: 'qemu-arm' }, []],
  ])('%s', (_title, raw, expected) => doTest(raw, expected));

  it('the prompt validation gives the same answer', () => {
    expect(checkName('null')).toBe(
      'name "null" is a builder built into Packer 1.6.6, 1.11.2 and 1.16.0: Packer would run its own "null" instead of this plugin; choose another name, e.g. "my-null"',
    );
  });
});

describe('answers that map to the same identifier, file or HCL name', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'steps differing by a hyphen become one class',
      { steps: ['disk-2', 'disk2'] },
      ['step "disk2" becomes the same class StepDisk2 (and the same identifier in src/builder.ts) as step "disk-2"; rename one of them'],
    ],
    [
      'steps differing by where the hyphen is',
      { steps: ['create-vm2', 'create-vm-2', 'createvm2'] },
      ['step "create-vm-2" becomes the same class StepCreateVm2 (and the same identifier in src/builder.ts) as step "create-vm2"; rename one of them'],
    ],
    [
      'fields whose names become one TypeScript property',
      { fields: ['disk_2:int', 'disk2:int'] },
      ['field "disk2" becomes the same TypeScript property "disk2" as field "disk_2"; rename one of them'],
    ],
    [
      'fields inside a block too',
      { fields: ['disk:block{size_2:int,size2:int}'] },
      ['field "disk.size2" becomes the same TypeScript property "size2" as field "disk.size_2"; rename one of them'],
    ],
    ['distinct steps and fields pass', { steps: ['a-b', 'ab'], fields: ['a_b:int', 'ab:int'] }, []],
  ])('%s', (_title, raw, expected) => doTest(raw, expected));

  it('the step sub-generator checks against the existing steps', () => {
    expect(stepClashes(['disk2'], ['create-machine', 'disk-2', 'provision'])).toEqual([
      'step "disk2" becomes the same class StepDisk2 (and the same identifier in src/builder.ts) as step "disk-2"; rename one of them',
    ]);
    expect(stepClashes(['disk-3'], ['disk-2'])).toEqual([]);
  });

  const field = (name: string): Field => ({ name, type: { kind: 'scalar', scalar: 'string' }, required: false });
  it.each<[string, string, ExistingProperty[], string[]]>([
    ['same property', 'zone', [{ property: 'zone', hclName: 'zone' }], ['field "zone": src/config.ts already declares "zone"; choose another name']],
    [
      'a hand-written camelCase property',
      'my_field',
      [{ property: 'myField', hclName: 'my_field' }],
      ['field "my_field": src/config.ts already declares "myField"; choose another name'],
    ],
    [
      'a property whose @hclName is the new field',
      'size',
      [{ property: 'diskSize', hclName: 'size' }],
      ['field "size": src/config.ts already has the HCL name "size" (property "diskSize"); choose another name'],
    ],
    [
      'a property renamed by @hclName: its TS name is still taken',
      'disk_size',
      [{ property: 'diskSize', hclName: 'size' }],
      ['field "disk_size": src/config.ts already declares "diskSize" (HCL name "size"), the TypeScript property this field would become; choose another name'],
    ],
    ['no clash', 'zone', [{ property: 'region', hclName: 'region' }], []],
  ])('the field sub-generator: %s', (_title, name, existing, expected) => {
    expect(checkNewFields([field(name)], existing)).toEqual(expected);
  });

  it('reads the existing properties from every declaration of Config, with @hclName', async () => {
    expect(
      await configProperties(
        "export interface Config { a: string;\n  /** @hclName size */\n  diskSize: number }\nexport interface Config { myField?: string }\ndeclare module './other.js' { interface Config { zone?: string } }\n",
      ),
    ).toEqual([
      { property: 'a', hclName: 'a' },
      { property: 'diskSize', hclName: 'size' },
      { property: 'myField', hclName: 'my_field' },
      { property: 'zone', hclName: 'zone' },
    ]);
  });
});

describe('unknown keys at every level of an answers file', () => {
  it.each<[string, unknown, string[]]>([
    [
      'a misspelt top-level key, with a suggestion',
      { name: 'ok', feilds: [] },
      ['answers.json: unknown key "feilds"; did you mean "fields"?; the keys are name, description, org, author, license, communicator, kit, fields, generated, steps, git, install, sdk'],
    ],
    [
      'an unknown top-level key without a near one',
      { name: 'ok', colour: 'red' },
      ['answers.json: unknown key "colour"; the keys are name, description, org, author, license, communicator, kit, fields, generated, steps, git, install, sdk'],
    ],
  ])('%s', (_title, obj, expected) => {
    const problems: string[] = [];
    readAnswersObject(obj, 'answers.json', problems);
    expect(problems).toEqual(expected);
  });

  const KEYS = 'name, type, required, default, description, sensitive, deprecated, choices, fields, minItems, maxItems';
  it.each<[string, unknown[], string[]]>([
    [
      '"requird" in a field object (it would silently make the field optional)',
      [{ name: 'region', type: 'string', requird: true }],
      [`field "region": unknown key "requird"; did you mean "required"?; the keys of a field are ${KEYS}`],
    ],
    [
      'misspelt keys inside a nested block field',
      [{ name: 'disk', type: 'block', fields: [{ name: 'size', type: 'int', defualt: 3 }, { name: 'label', type: 'string', Sensitive: true }] }],
      [
        `field "disk.size": unknown key "defualt"; did you mean "default"?; the keys of a field are ${KEYS}`,
        `field "disk.label": unknown key "Sensitive"; did you mean "sensitive"?; the keys of a field are ${KEYS}`,
      ],
    ],
    [
      'a block list three levels down, and a key with no near match',
      [{ name: 'a', type: 'block[]', max_items: 2, fields: [{ name: 'b', type: 'block', fields: [{ name: 'c', type: 'int', colour: 1 }] }] }],
      [
        `field "a": unknown key "max_items"; did you mean "maxItems"?; the keys of a field are ${KEYS}`,
        `field "a.b.c": unknown key "colour"; the keys of a field are ${KEYS}`,
      ],
    ],
    ['$comment is allowed', [{ name: 'region', type: 'string', $comment: 'why' }], []],
  ])('%s', (_title, fields, expected) => {
    const problems: string[] = [];
    readFields(fields, problems);
    expect(problems).toEqual(expected);
  });
});

describe('names HCL or Packer reserve inside a source block', () => {
  it.each<[string, string[]]>([
    [
      'dynamic:block{x:int}',
      ['field "dynamic": "dynamic" is reserved inside a source block: Packer expands blocks named "dynamic" as HCL dynamic blocks, so the generated example would not validate; rename it, e.g. "dynamic_settings"'],
    ],
    [
      'disk:block{dynamic:string}',
      ['field "disk.dynamic": "dynamic" is reserved inside a source block: Packer expands blocks named "dynamic" as HCL dynamic blocks, so the generated example would not validate; rename it, e.g. "dynamic_settings"'],
    ],
    // Terraform's meta-arguments and Packer's top-level block words are plain names inside a
    // Packer source block (checked with packer validate): they stay allowed.
    ['count:int', []],
    ['for_each:string', []],
    ['depends_on:string', []],
    ['lifecycle:block{x:int}', []],
    ['provider:string', []],
    ['source:string', []],
    ['locals:string', []],
  ])('%s', (text, expected) => {
    const problems: string[] = [];
    readFields([text], problems);
    expect(problems).toEqual(expected);
  });
});
