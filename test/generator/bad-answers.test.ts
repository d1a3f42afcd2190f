import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUIET, runApp, scratchDir } from './helpers.js';

/** Runs the app generator with `options`; returns its error message and what was written. */
async function failure(options: Record<string, unknown>): Promise<{ message: string; written: string[] }> {
  let cwd = '';
  try {
    await runApp()
      .withOptions({ ...QUIET, ...options })
      .onTargetDirectory((dir) => {
        cwd = dir;
      });
  } catch (err) {
    return { message: (err as Error).message, written: readdirSync(cwd) };
  }
  throw new Error('the generator accepted the answers');
}

const head = (n: number) =>
  n === 1
    ? 'generator-packer-builder: 1 problem in the answers; nothing was written:'
    : `generator-packer-builder: ${n} problems in the answers; nothing was written:`;

describe('bad answers are refused before anything is written', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'invalid builder name',
      { name: 'My Builder' },
      'name "My Builder" is not a valid builder name; use lower-case letters, digits and single hyphens, starting with a letter (e.g. "my-builder")',
    ],
    [
      'builder name with the packer prefix',
      { name: 'packer-thing' },
      'name "packer-thing" must not start with "packer" (the plugin is already called packer-plugin-packer-thing); drop the prefix',
    ],
    [
      'invalid organisation',
      { name: 'ok', org: 'Acme Inc' },
      'org "Acme Inc" is not a valid organisation name; use lower-case letters, digits and single hyphens, starting with a letter (it becomes the BuilderId "<org>.<name>")',
    ],
    [
      'invalid license',
      { name: 'ok', license: 'my license' },
      'license "my license" is not an SPDX license id; use e.g. MPL-2.0, MIT, Apache-2.0 or UNLICENSED',
    ],
    [
      'unknown communicator',
      { name: 'ok', communicator: 'winrm' },
      'communicator "winrm" is not supported; use one of none, local, ssh, custom',
    ],
    [
      'unknown kit',
      { name: 'ok', kit: 'vmware' },
      'kit "vmware" is not supported; use one of none, vm',
    ],
    [
      'kit vm with a communicator other than ssh',
      { name: 'ok', kit: 'vm', communicator: 'local' },
      'kit "vm" connects to the machine over SSH, so it needs communicator "ssh", not "local"; use --communicator ssh or leave --communicator out (--kit vm implies ssh)',
    ],
    [
      'duplicate field',
      { name: 'ok', field: ['size:int', 'size:number'] },
      'field "size" is defined twice; remove or rename one of them',
    ],
    [
      'reserved packer_ name',
      { name: 'ok', field: ['packer_region:string'] },
      'field "packer_region": "packer_region" uses the reserved prefix "packer_" (Packer fills those fields itself); rename it, e.g. "region"',
    ],
    [
      'unknown type',
      { name: 'ok', field: ['size:integer'] },
      'field "size" ("size:integer"): unknown type "integer"; use one of string, number, int, bool, duration, enum(a|b), string[] (or list(T)), map(T), block{…}, block[]{…}',
    ],
    [
      'default that does not fit the type',
      { name: 'ok', field: ['size:int=big'] },
      'field "size": default "big" is not an integer; give a whole number such as 20, or drop the default',
    ],
    [
      'enum default outside the choices',
      { name: 'ok', field: ['mode:enum(fast|safe)=slow'] },
      'field "mode": default "slow" is not one of the choices fast, safe; use one of them, or drop the default',
    ],
    [
      'TS/JS keyword',
      { name: 'ok', field: ['default:string'] },
      'field "default": "default" is a TypeScript/JavaScript reserved word; choose another name, e.g. "default_value"',
    ],
    [
      'generated data not PascalCase',
      { name: 'ok', generated: ['image_id'] },
      'generated data "image_id" is not a PascalCase identifier; write it like "ImageId"',
    ],
    [
      'generated data Packer already provides',
      { name: 'ok', generated: ['ID'] },
      'generated data "ID" is already provided by Packer itself; choose another name, e.g. "BuilderID"',
    ],
    [
      'duplicate generated data',
      { name: 'ok', generated: ['ImageId', 'ImageId'] },
      'generated data "ImageId" is listed twice; list each name once',
    ],
    [
      'invalid step name',
      { name: 'ok', step: ['Create VM'] },
      'step "Create VM" is not a valid step name; use kebab-case like "create-vm"',
    ],
    [
      'only the provision step',
      { name: 'ok', step: ['provision'] },
      'steps: give at least one step besides "provision", e.g. --step create-machine',
    ],
    [
      'a builder name Packer has built in',
      { name: 'null' },
      'name "null" is a builder built into Packer 1.6.6, 1.11.2 and 1.16.0: Packer would run its own "null" instead of this plugin; choose another name, e.g. "my-null"',
    ],
    [
      'two steps that become one TypeScript class',
      { name: 'ok', step: ['disk-2', 'disk2'] },
      'step "disk2" becomes the same class StepDisk2 (and the same identifier in src/builder.ts) as step "disk-2"; rename one of them',
    ],
    [
      'a field name HCL takes inside a source block',
      { name: 'ok', field: ['dynamic:block{x:int}'] },
      'field "dynamic": "dynamic" is reserved inside a source block: Packer expands blocks named "dynamic" as HCL dynamic blocks, so the generated example would not validate; rename it, e.g. "dynamic_settings"',
    ],
    [
      'missing --sdk path',
      { name: 'ok', sdk: '/nonexistent/generator-packer-builder-0.1.0.tgz' },
      'sdk "/nonexistent/generator-packer-builder-0.1.0.tgz": /nonexistent/generator-packer-builder-0.1.0.tgz does not exist; give the path of a generator-packer-builder checkout or of a tarball made with npm pack',
    ],
  ])('%s', async (_title, options, problem) => {
    const { message, written } = await failure(options);
    expect(message).toBe(`${head(1)}\n  - ${problem}`);
    expect(written).toEqual([]);
  });

  it('lists every problem at once', async () => {
    const { message, written } = await failure({
      name: 'Bad Name',
      field: ['size:int=x', 'packer_x:string', 'class:bool'],
      generated: ['image_id'],
      step: ['Create VM'],
    });
    expect(message).toBe(
      [
        head(6),
        '  - name "Bad Name" is not a valid builder name; use lower-case letters, digits and single hyphens, starting with a letter (e.g. "bad-name")',
        '  - field "size": default "x" is not an integer; give a whole number such as 20, or drop the default',
        '  - field "packer_x": "packer_x" uses the reserved prefix "packer_" (Packer fills those fields itself); rename it, e.g. "x"',
        '  - field "class": "class" is a TypeScript/JavaScript reserved word; choose another name, e.g. "class_value"',
        '  - generated data "image_id" is not a PascalCase identifier; write it like "ImageId"',
        '  - step "Create VM" is not a valid step name; use kebab-case like "create-vm"',
      ].join('\n'),
    );
    expect(written).toEqual([]);
  });

  it('refuses unreadable, invalid and misspelt answers files', async () => {
    const dir = scratchDir('gpb-answers-');
    const missing = join(dir, 'missing.json');
    expect((await failure({ answers: missing })).message).toBe(
      `${head(1)}\n  - --answers ${missing}: cannot read ${missing} (ENOENT); give the path of a JSON answers file`,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": ');
    expect((await failure({ answers: broken })).message).toMatch(
      new RegExp(`^${head(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n  - --answers ${broken}: not valid JSON \\(.+\\); see templates/answers.example.json$`),
    );
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ name: 'ok', feilds: [] }));
    expect((await failure({ answers: typo })).message).toBe(
      `${head(1)}\n  - --answers ${typo}: unknown key "feilds"; did you mean "fields"?; the keys are name, description, org, author, license, communicator, kit, fields, generated, steps, git, install, sdk`,
    );
    const misspeltField = join(dir, 'misspelt-field.json');
    writeFileSync(
      misspeltField,
      JSON.stringify({ name: 'ok', fields: [{ name: 'region', type: 'string', requird: true }] }),
    );
    expect((await failure({ answers: misspeltField })).message).toBe(
      `${head(1)}\n  - field "region": unknown key "requird"; did you mean "required"?; the keys of a field are name, type, required, default, description, sensitive, deprecated, choices, fields, minItems, maxItems`,
    );
    const badField = join(dir, 'bad-field.json');
    writeFileSync(badField, JSON.stringify({ name: 'ok', fields: [{ name: 'n', type: 'number', default: 'x' }] }));
    expect((await failure({ answers: badField })).message).toBe(
      `${head(1)}\n  - field "n": default "x" is not a number; give a number such as 20, or drop the default`,
    );
  });
});
