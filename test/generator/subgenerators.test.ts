import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSpecFiles } from '../../src/specsync/index.js';
import { QUIET, REAL_CONFLICTS, runApp, runField, runStep, scratchDir } from './helpers.js';

let template = '';

/** A fresh copy of a generated default plugin. */
function freshPlugin(): string {
  const dir = join(scratchDir('gpb-sub-'), 'packer-plugin-hello');
  cpSync(template, dir, { recursive: true });
  return dir;
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

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
  it('adds fields to Config with ts-morph and updates spec, docs, examples, tests and answers', async () => {
    const root = freshPlugin();
    const before = read(root, 'src/config.ts');
    await runField()
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

    expect(read(root, 'example/build.pkr.hcl')).toContain('  region  = "example-region"\n');
    expect(read(root, 'example/build.pkr.hcl')).toContain('  disk {\n    size_gb = 3\n  }');
    expect(JSON.parse(read(root, 'example/build.json')).builders[0]).toMatchObject({
      region: 'example-region',
      timeout: '5m',
      disk: { size_gb: 3 },
    });
    expect(read(root, 'test/prepare.test.ts')).toContain("['region', ['region'], 'region']");
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
        '  - field "message" is defined twice; remove or rename one of them',
        '  - field "Bad": "Bad" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "bad"',
      ].join('\n'),
    );
    expect(read(root, 'src/config.ts')).toBe(read(template, 'src/config.ts'));
  });

  it('asks before overwriting an edited example', async () => {
    const root = freshPlugin();
    writeFileSync(join(root, 'example/build.pkr.hcl'), '# mine\n');
    const asked: string[] = [];
    await runField(REAL_CONFLICTS)
      .withOptions({ field: ['zone:string'], force: false })
      .withAnswers(
        {},
        {
          // Overwrite what the sub-generator edits; keep the hand-edited example.
          callback: (_answer, { question }) => {
            const message = String(question.message);
            asked.push(message);
            return message.includes('example/build.pkr.hcl') ? 'skip' : 'write';
          },
        },
      )
      .cd(root);
    expect(asked).toEqual([
      'Overwrite src/config.ts?',
      'Overwrite src/config.hcl2spec.ts?',
      'Overwrite docs/configuration.md?',
      'Overwrite docs-partials/builder/hello/Config.mdx?',
      'Overwrite .web-docs/components/builder/hello/README.md?',
      'Overwrite test/prepare.test.ts?',
      'Overwrite test/steps.test.ts?',
      'Overwrite example/build.pkr.hcl?',
      'Overwrite example/build.json?',
    ]);
    expect(read(root, 'example/build.pkr.hcl')).toBe('# mine\n');
    expect(read(root, 'src/config.ts')).toContain('zone?: string;');
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
