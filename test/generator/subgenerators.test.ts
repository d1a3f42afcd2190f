import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSpecFiles } from '../../src/specsync/index.js';
import { QUIET, REAL_CONFLICTS, emulateTerminal, runApp, runField, runStep, scratchDir } from './helpers.js';

let template = '';

/** A fresh copy of a generated default plugin. */
function freshPlugin(): string {
  const dir = join(scratchDir('gpb-sub-'), 'packer-plugin-hello');
  cpSync(template, dir, { recursive: true });
  return dir;
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** Every file of a plugin folder and its text. */
function snapshot(root: string, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, snapshot(root, rel));
    else out[rel] = read(root, rel);
  }
  return out;
}

/** regenerate-spec's output for the plugin's current sources (what --check compares with). */
async function specOf(root: string): Promise<Map<string, string>> {
  return renderSpecFiles(
    new Map(['src/config.ts', 'src/generated-data.ts', 'package.json'].map((p) => [p, read(root, p)])),
  );
}

beforeAll(async () => {
  const dir = scratchDir('gpb-subtpl-');
  await runApp().withOptions({ ...QUIET, name: 'hello' }).inDir(dir);
  template = join(dir, 'packer-plugin-hello');
});

describe('yo packer-builder:field', () => {
  it('adds fields to Config with ts-morph, regenerates spec and docs from it, and stores the answers', async () => {
    const root = freshPlugin();
    const before = read(root, 'src/config.ts');
    const r = await runField()
      .withOptions({ field: ['region:string!#The region.', 'timeout:duration=5m', 'disk:block{size_gb:int!}'] })
      .cd(root);
    const config = read(root, 'src/config.ts');
    // The existing declaration is untouched; the new properties follow it.
    expect(config.startsWith(before.slice(0, before.indexOf('import type')))).toBe(true);
    expect(config).toContain("import type { Duration, PackerCommonConfig } from 'generator-packer-builder';");
    expect(config).toContain(
      '  message: string;\n\n  /**\n   * The region.\n   */\n  region: string;\n\n  /**\n   * TODO: describe this setting.\n   *\n   * @default "5m"\n   */\n  timeout: Duration;',
    );
    // The same text the app writes for these fields.
    const app = await runApp().withOptions({
      ...QUIET,
      name: 'hello',
      field: ['message:string=Hello from Packer#Text the example step prints while it runs.', 'region:string!#The region.', 'timeout:duration=5m', 'disk:block{size_gb:int!}'],
    });
    expect(config).toBe(read(join(app.cwd, 'packer-plugin-hello'), 'src/config.ts'));
    expect(config).toContain('  disk?: DiskConfig;');
    expect(config).toContain('export interface DiskConfig {');

    // Spec and docs are exactly what regenerate-spec makes of the new config.ts.
    const spec = await specOf(root);
    expect(read(root, 'src/config.hcl2spec.ts')).toBe(spec.get('src/config.hcl2spec.ts'));
    expect(read(root, 'docs/configuration.md')).toBe(spec.get('docs/configuration.md'));
    expect(read(root, 'docs/configuration.md')).toContain('`region`');

    // The examples and tests are the user's: untouched (the tests read the spec at run time).
    for (const file of ['example/build.pkr.hcl', 'example/build.json', 'test/prepare.test.ts', 'test/steps.test.ts']) {
      expect(read(root, file), file).toBe(read(template, file));
    }
    const stored = JSON.parse(read(root, '.yo-rc.json'))['generator-packer-builder'];
    expect(stored.fields.map((f: { name: string }) => f.name)).toEqual(['message', 'region', 'timeout', 'disk']);
  });

  it('keeps a hand-added property and refuses a field that clashes with it', async () => {
    const root = freshPlugin();
    const config = read(root, 'src/config.ts').replace('  message: string;', '  message: string;\n\n  /** Mine. */\n  zone?: string;');
    writeFileSync(join(root, 'src/config.ts'), config);
    await expect(runField().withOptions({ field: ['zone:string'] }).cd(root)).rejects.toThrow(
      'field "zone": src/config.ts already declares "zone"; choose another name',
    );
    await runField().withOptions({ field: ['size:int=1'] }).cd(root);
    expect(read(root, 'src/config.ts')).toContain('  /** Mine. */\n  zone?: string;');
  });

  it.each<[string, string, string, string]>([
    [
      'a property of a second `interface Config` declaration',
      '\nexport interface Config {\n  zone?: string;\n}\n',
      'zone:string',
      'field "zone": src/config.ts already declares "zone"; choose another name',
    ],
    [
      'a hand-written camelCase property the new field would become',
      '\nexport interface Config {\n  myField?: string;\n}\n',
      'my_field:string',
      'field "my_field": src/config.ts already declares "myField"; choose another name',
    ],
    [
      'an @hclName equal to the new field',
      '\nexport interface Config {\n  /** @hclName size */\n  diskSize?: number;\n}\n',
      'size:int',
      'field "size": src/config.ts already has the HCL name "size" (property "diskSize"); choose another name',
    ],
  ])('refuses a field that clashes with %s, writing nothing', async (_title, extra, fieldText, message) => {
    const root = freshPlugin();
    writeFileSync(join(root, 'src/config.ts'), read(root, 'src/config.ts') + extra);
    const before = read(root, 'src/config.ts');
    const yoRc = read(root, '.yo-rc.json');
    await expect(runField().withOptions({ field: [fieldText] }).cd(root)).rejects.toThrow(message);
    expect(read(root, 'src/config.ts')).toBe(before);
    expect(read(root, '.yo-rc.json')).toBe(yoRc);
  });

  it('refuses bad and duplicate fields with the same messages as the app', async () => {
    const root = freshPlugin();
    let error = '';
    try {
      await runField().withOptions({ field: ['message:string', 'Bad:int'] }).cd(root);
    } catch (err) {
      error = (err as Error).message;
    }
    expect(error).toBe(
      [
        'generator-packer-builder: 2 problems in the answers; nothing was written:',
        '  - field "Bad": "Bad" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "bad"',
        '  - field "message": src/config.ts already declares "message"; choose another name',
      ].join('\n'),
    );
    expect(read(root, 'src/config.ts')).toBe(read(template, 'src/config.ts'));
  });

  // Every way a field change can stop short: nothing on disk changes, .yo-rc.json included,
  // and the same field can be added afterwards (it is not taken for a duplicate).
  it.each([
    { way: 'src/config.ts kept at the conflict prompt', env: REAL_CONFLICTS, options: { force: false }, throws: false },
    { way: '--bail at the conflict', env: { ...REAL_CONFLICTS, bail: true }, options: { force: false }, throws: true },
    { way: '--dry-run', env: { dryRun: true }, options: {}, throws: false },
  ])('$way: nothing changes, then the same field can be added', async ({ env, options, throws }) => {
    const root = freshPlugin();
    const before = snapshot(root);
    const run = runField(env)
      .withOptions({ field: ['zone:string'], ...options })
      .withAnswers({ action: 'skip' });
    if (throws) await expect(run.cd(root)).rejects.toThrow('Process aborted by conflict: src/config.ts');
    else await run.cd(root);
    expect(snapshot(root)).toEqual(before);
    await runField().withOptions({ field: ['zone:string'] }).cd(root);
    expect(read(root, 'src/config.ts')).toContain('zone?: string;');
    expect(read(root, 'src/config.hcl2spec.ts')).toContain('zone: spec.attr(');
    expect(JSON.parse(read(root, '.yo-rc.json'))['generator-packer-builder'].fields.at(-1).name).toBe('zone');
  });

  it('without a terminal: adds the field as asked (no question), or fails naming --field when none is given', async () => {
    const root = freshPlugin();
    emulateTerminal(false);
    try {
      const before = snapshot(root);
      await expect(runField(REAL_CONFLICTS).withOptions({ force: false }).cd(root)).rejects.toThrow(
        'yo packer-builder:field: no field given (and no terminal to ask on); pass --field NAME:TYPE (e.g. --field region:string!); nothing was written',
      );
      expect(snapshot(root)).toEqual(before);
      const r = await runField(REAL_CONFLICTS).withOptions({ field: ['zone:string'], force: false }).cd(root);
      expect(r.askedQuestions).toEqual([]);
      expect(read(root, 'src/config.ts')).toContain('zone?: string;');
      expect(read(root, 'docs/configuration.md')).toContain('`zone`');
    } finally {
      emulateTerminal(true);
    }
  });

  it('needs a generated plugin', async () => {
    const empty = scratchDir('gpb-empty-');
    await expect(runField().withOptions({ field: ['x:int'] }).cd(empty)).rejects.toThrow(
      `yo packer-builder:field must run inside a plugin made by yo packer-builder: ${join(empty, '.yo-rc.json')} has no "generator-packer-builder" answers; cd into the plugin folder first`,
    );
  });
});

describe('yo packer-builder:step', () => {
  it('adds the step file and wires it at the end of buildSteps()', async () => {
    const root = freshPlugin();
    await runStep().withArguments(['upload-image']).cd(root);
    const step = read(root, 'src/steps/upload-image.ts');
    expect(step).toContain('export class StepUploadImage implements Step<BuildState> {');
    expect(step).toContain("await ui.say('upload-image: TODO: replace with real work');");
    const builder = read(root, 'src/builder.ts');
    expect(builder).toContain(
      "import { StepSaveArtifact } from './steps/save-artifact.js';\nimport { StepUploadImage } from './steps/upload-image.js';\n",
    );
    expect(builder).toContain('    new StepSaveArtifact(),\n    new StepUploadImage(),\n  ];');
    const stored = JSON.parse(read(root, '.yo-rc.json'))['generator-packer-builder'];
    expect(stored.steps).toEqual(['create-machine', 'provision', 'save-artifact', 'upload-image']);
  });

  it('changes nothing (no step file, no answers) when src/builder.ts is kept at the conflict prompt', async () => {
    const root = freshPlugin();
    const before = snapshot(root);
    await runStep(REAL_CONFLICTS).withArguments(['upload-image']).withOptions({ force: false }).withAnswers({ action: 'skip' }).cd(root);
    expect(snapshot(root)).toEqual(before);
  });

  it('inserts --before and --after another step', async () => {
    const root = freshPlugin();
    await runStep().withArguments(['wait-ready']).withOptions({ before: 'provision' }).cd(root);
    await runStep().withArguments(['boot']).withOptions({ after: 'create-machine' }).cd(root);
    const builder = read(root, 'src/builder.ts');
    expect(builder).toMatch(
      /new StepCreateMachine\(\),\n\s+new StepBoot\(\),\n\s+new StepWaitReady\(\),\n(\s+\/\/.*\n)?\s+new StepProvision/,
    );
    const stored = JSON.parse(read(root, '.yo-rc.json'))['generator-packer-builder'];
    expect(stored.steps).toEqual(['create-machine', 'boot', 'wait-ready', 'provision', 'save-artifact']);
  });

  it('refuses bad, existing and unknown steps', async () => {
    const root = freshPlugin();
    await expect(runStep().withArguments(['Bad Step']).cd(root)).rejects.toThrow(
      'step "Bad Step" is not a valid step name; use kebab-case like "bad-step"',
    );
    await expect(runStep().withArguments(['create-machine']).cd(root)).rejects.toThrow(
      'step "create-machine" exists already (src/steps/create-machine.ts); choose another name',
    );
    await expect(runStep().withArguments(['x']).withOptions({ before: 'nope' }).cd(root)).rejects.toThrow(
      '--before nope: no such step; the steps are create-machine, provision, save-artifact',
    );
    expect(read(root, 'src/builder.ts')).toBe(read(template, 'src/builder.ts'));
  });

  it('refuses a step that becomes the class of an existing step (disk-2 / disk2) or of a hand-written one', async () => {
    const root = freshPlugin();
    await runStep().withArguments(['disk-2']).cd(root);
    const builder = read(root, 'src/builder.ts');
    await expect(runStep().withArguments(['disk2']).cd(root)).rejects.toThrow(
      'step "disk2" becomes the same class StepDisk2 (and the same identifier in src/builder.ts) as step "disk-2"; rename one of them',
    );
    writeFileSync(
      join(root, 'src/builder.ts'),
      `${builder}\nexport class StepCleanUp {}\n`,
    );
    await expect(runStep().withArguments(['clean-up']).cd(root)).rejects.toThrow(
      'step "clean-up" becomes the class StepCleanUp, which src/builder.ts already uses; choose another name',
    );
    expect(JSON.parse(read(root, '.yo-rc.json'))['generator-packer-builder'].steps).toEqual([
      'create-machine',
      'provision',
      'save-artifact',
      'disk-2',
    ]);
  });

  it('says what to do when buildSteps() was rewritten by hand', async () => {
    const root = freshPlugin();
    writeFileSync(
      join(root, 'src/builder.ts'),
      read(root, 'src/builder.ts').replace('export function buildSteps()', 'export function mySteps()'),
    );
    await expect(runStep().withArguments(['extra']).cd(root)).rejects.toThrow(
      'src/builder.ts: cannot find the steps array (`return [ … ]` in `function buildSteps()`); add `new StepExtra()` to your steps yourself',
    );
  });
});
