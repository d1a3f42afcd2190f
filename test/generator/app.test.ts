import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { createEnv } from 'yeoman-environment';
import { describe, expect, it } from 'vitest';
import AppGenerator from '../../generators/app/index.js';
import { PRETTIER_OPTIONS, parserFor } from '../../generators/lib/format.js';
import { QUIET, REPO_ROOT, runApp, scratchDir } from './helpers.js';

const EXAMPLE_ANSWERS = join(REPO_ROOT, 'templates/answers.example.json');
const OWN_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The files of the default skeleton, relative to packer-plugin-NAME/. */
const SKELETON_FILES = [
  '.github/workflows/ci.yml',
  '.github/workflows/release.yml',
  '.gitignore',
  '.prettierrc.json',
  '.web-docs/README.md',
  '.web-docs/components/builder/hello/README.md',
  '.web-docs/metadata.hcl',
  '.yo-rc.json',
  'README.md',
  'docs-partials/builder/hello/Config.mdx',
  'docs/README.md',
  'docs/builders/hello.mdx',
  'docs/configuration.md',
  'example/build.json',
  'example/build.pkr.hcl',
  'package.json',
  'scripts/build.mjs',
  'scripts/install-plugin.mjs',
  'scripts/release.mjs',
  'src/artifact.ts',
  'src/builder.ts',
  'src/config.hcl2spec.ts',
  'src/config.ts',
  'src/generated-data.ts',
  'src/main.ts',
  'src/state.ts',
  'src/steps/create-machine.ts',
  'src/steps/save-artifact.ts',
  'test/e2e.test.ts',
  'test/examples.test.ts',
  'test/prepare.test.ts',
  'test/steps.test.ts',
  'tsconfig.json',
  'vitest.config.ts',
];

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`)
      : [`${prefix}${e.name}`],
  );
}

describe('yo packer-builder --defaults', { timeout: 120_000 }, () => {
  it('writes the skeleton into packer-plugin-NAME, formatted, with the answers stored', async () => {
    const r = await runApp().withOptions({ ...QUIET, name: 'hello' });
    const root = join(r.cwd, 'packer-plugin-hello');
    expect(filesUnder(root).sort()).toEqual(SKELETON_FILES);

    // Every text file prettier knows is already formatted (with the project's own options).
    for (const file of SKELETON_FILES) {
      const parser = file === '.yo-rc.json' ? undefined : parserFor(file); // Yeoman writes .yo-rc.json
      // .web-docs/ pages are rendered byte for byte as `packer-sdc renderdocs` does (test/ship/registry-docs.test.ts).
      if (!parser || file.startsWith('.web-docs/')) continue;
      const text = readFileSync(join(root, file), 'utf8');
      expect(await format(text, { ...PRETTIER_OPTIONS, parser }), file).toBe(text);
    }

    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'packer-plugin-hello',
      type: 'module',
      license: 'MPL-2.0',
      bin: { 'packer-plugin-hello': 'dist/packer-plugin-hello.cjs' },
      scripts: {
        build: 'packer-builder regenerate-spec && tsc --noEmit -p tsconfig.json && node scripts/build.mjs',
        test: 'vitest run',
        'regenerate-spec': 'packer-builder regenerate-spec',
        'install-plugin': 'node scripts/install-plugin.mjs',
        release: 'node scripts/release.mjs',
      },
      // Run from a checkout (not a registry install): the plugin builds with this very copy.
      devDependencies: { 'generator-packer-builder': `file:${REPO_ROOT.replace(/\/$/, '')}` },
    });
    expect(pkg.dependencies).toBeUndefined();
    const ownPkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const dep of ['typescript', 'esbuild', 'vitest', '@types/node', 'node', 'postject']) {
      expect(pkg.devDependencies[dep], dep).toBe(ownPkg.devDependencies[dep]);
    }

    expect(JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))).toEqual({
      'generator-packer-builder': {
        name: 'hello',
        description: 'A Packer builder plugin for hello.',
        org: 'example',
        author: '',
        license: 'MPL-2.0',
        communicator: 'none',
        kit: 'none',
        fields: [
          {
            name: 'message',
            type: 'string',
            default: 'Hello from Packer',
            description: 'Text the example step prints while it runs.',
          },
        ],
        generated: ['MachineId'],
        steps: ['create-machine', 'provision', 'save-artifact'],
        git: false,
        install: false,
        sdk: `file:${REPO_ROOT.replace(/\/$/, '')}`,
      },
    });

    const artifact = readFileSync(join(root, 'src/artifact.ts'), 'utf8');
    expect(artifact).toContain("export const BUILDER_ID = 'example.hello';");
    const main = readFileSync(join(root, 'src/main.ts'), 'utf8');
    expect(main).toContain("name: 'hello',");
    expect(main).toContain('builders: { [DEFAULT_COMPONENT_NAME]: () => new Builder() },');
    const step = readFileSync(join(root, 'src/steps/create-machine.ts'), 'utf8');
    expect(step).toContain("await ui.say('create-machine: TODO: replace with real work');");
    // The README tells users to replace those placeholders: no generated test asserts them.
    for (const file of SKELETON_FILES.filter((f) => f.startsWith('test/'))) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toContain('TODO');
    }
    expect(readFileSync(join(root, 'src/builder.ts'), 'utf8')).toContain(
      '    new StepCreateMachine(),\n    // Provisioners run here (no communicator: use shell-local and other local provisioners).\n    new StepProvision<BuildState>(),\n    new StepSaveArtifact(),\n',
    );
  });

  it('writes in place, named after the folder, when run in an empty packer-plugin-NAME folder', async () => {
    const dir = join(scratchDir('gpb-app-'), 'packer-plugin-foo');
    const r = await runApp().withOptions(QUIET).inDir(dir);
    expect(r.cwd).toBe(dir);
    expect(JSON.parse(readFileSync(join(r.cwd, '.yo-rc.json'), 'utf8'))['generator-packer-builder'].name).toBe('foo');
    expect(readdirSync(r.cwd)).toContain('package.json');
  });
});

describe('flags', () => {
  it('every prompt has a flag, listed by --help', async () => {
    const env = createEnv();
    const gen = await env.instantiate(AppGenerator as never, {
      generatorOptions: { help: true, namespace: 'packer-builder:app', resolved: fileURLToPath(new URL('../../generators/app/index.ts', import.meta.url)) },
    } as never);
    const help = (gen as unknown as AppGenerator).help();
    for (const flag of [
      '--name',
      '--description',
      '--org',
      '--author',
      '--license',
      '--field',
      '--generated',
      '--step',
      '--communicator',
      '--kit',
      '--answers',
      '--defaults',
      '--sdk',
      '--destination',
      '--git',
      '--install',
      '--skip-install',
    ]) {
      expect(help, flag).toContain(flag);
    }
    expect(help).toContain('NAME:TYPE[!][*][=DEFAULT][#DESCRIPTION]');
  });

  it('builds the config, steps and communicator from flags', async () => {
    const r = await runApp().withOptions({
      ...QUIET,
      name: 'cloudvm',
      org: 'acme',
      communicator: 'local',
      field: [
        'region:string!#The region.',
        'size:int=20',
        'mode:enum(fast|safe)=fast',
        'tags:map(string)',
        'names:string[]',
        'timeout:duration=5m',
        'token:string*',
        'disk:block{size_gb:int!,label:string=boot}!',
        'mount:block[]{path:string!}',
      ],
      generated: ['ImageId,ImageName'],
      step: ['create-vm', 'provision', 'snapshot'],
    });
    const root = join(r.cwd, 'packer-plugin-cloudvm');
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
    expect(config).toContain("import type { Duration, PackerCommonConfig } from 'generator-packer-builder';");
    for (const line of [
      '  /**\n   * The region.\n   */\n  region: string;',
      '   * @default 20\n   * @integer\n   */\n  size: number;',
      "   * @default \"fast\"\n   */\n  mode: 'fast' | 'safe';",
      '  tags?: Record<string, string>;',
      '  names?: string[];',
      '   * @default "5m"\n   */\n  timeout: Duration;',
      '   * @sensitive\n   */\n  token?: string;',
      '  disk: DiskConfig;',
      '  mount?: MountConfig[];',
      'export interface DiskConfig {',
      '   * @integer\n   */\n  sizeGb: number;',
      'export interface MountConfig {',
    ]) {
      expect(config).toContain(line);
    }
    const builder = readFileSync(join(root, 'src/builder.ts'), 'utf8');
    expect(builder).toContain('new StepProvision<BuildState>({ communicator: new LocalCommunicator() }),');
    expect(builder).toMatch(/new StepCreateVm\(\),\n.*\n\s+new StepProvision[^\n]*\n\s+new StepSnapshot\(\),/);
    expect(readFileSync(join(root, 'example/build.pkr.hcl'), 'utf8')).toContain('provisioner "shell" {');
    expect(readFileSync(join(root, 'src/generated-data.ts'), 'utf8')).toMatch(/ImageId: string;[\s\S]*ImageName: string;/);
    const spec = readFileSync(join(root, 'src/config.hcl2spec.ts'), 'utf8');
    expect(spec).toMatch(/export const generatedDataNames = \[\s*'ImageId',\s*'ImageName',?\s*\] as const/);
    expect(spec).toContain("size_gb: spec.attr('size_gb', cty.number, {");
  });

  it('reads the whole answer set from --answers; flags win over it', async () => {
    const r = await runApp().withOptions({ ...QUIET, answers: EXAMPLE_ANSWERS, name: 'fromflag' });
    const root = join(r.cwd, 'packer-plugin-fromflag');
    const stored = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-packer-builder'];
    const example = JSON.parse(readFileSync(EXAMPLE_ANSWERS, 'utf8'));
    expect(stored.name).toBe('fromflag');
    expect(stored.org).toBe('acme');
    expect(stored.fields.map((f: { name: string }) => f.name)).toEqual(
      example.fields.map((f: string | { name: string }) => (typeof f === 'string' ? f.split(':')[0] : f.name)),
    );
    expect(stored.steps).toEqual(['create-vm', 'wait-ready', 'provision', 'snapshot']);
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
    expect(config).toContain('   * @deprecated use region instead\n   */\n  oldSetting?: string;');
    expect(config).toContain('   * @maxItems 4\n   */\n  mount?: MountConfig[];');
    expect(readdirSync(join(root, 'src/steps')).sort()).toEqual(['create-vm.ts', 'snapshot.ts', 'wait-ready.ts']);
  });
});

describe('prompts', () => {
  it('asks every answer, fields one by one with nested blocks', async () => {
    // Answers that change from one asking to the next, keyed by question name.
    const sequences: Record<string, unknown[]> = {
      addField: [true, true, false, false],
      fieldName: ['disk', 'size_gb'],
      fieldType: ['block', 'int'],
    };
    // yeoman-test always runs with --skip-install, which answers `install`.
    const r = await runApp()
      .withAnswers(
        {
          name: 'asked',
          description: 'Asked builder.',
          org: 'acme',
          author: 'Jane',
          license: 'MIT',
          kit: 'none',
          communicator: 'none',
          generated: 'ImageId',
          steps: 'make-image',
          git: false,
          fieldRequired: true,
          fieldDescription: 'Asked.',
          fieldSensitive: false,
        },
        {
          callback: (answer, { question }) => {
            const seq = sequences[question.name as string];
            return seq ? seq.shift() : answer;
          },
        },
      );
    const root = join(r.cwd, 'packer-plugin-asked');
    const stored = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-packer-builder'];
    expect(stored).toMatchObject({
      name: 'asked',
      org: 'acme',
      license: 'MIT',
      author: 'Jane',
      steps: ['make-image', 'provision'],
      fields: [
        {
          name: 'disk',
          type: 'block',
          required: true,
          description: 'Asked.',
          fields: [{ name: 'size_gb', type: 'int', required: true, description: 'Asked.' }],
        },
      ],
    });
    expect(r.askedQuestions.map((q) => q.name)).toEqual([
      'name',
      'description',
      'org',
      'author',
      'license',
      'kit',
      'communicator',
      'generated',
      'steps',
      'git',
      'addField',
      'fieldName',
      'fieldType',
      'fieldRequired',
      'fieldDescription',
      'addField',
      'fieldName',
      'fieldType',
      'fieldRequired',
      'fieldDescription',
      'fieldSensitive',
      'addField',
      'addField',
    ]);
    expect(readdirSync(join(root, 'src/steps'))).toEqual(['make-image.ts']);
  });

  it('kit vm at the prompt: no communicator question (ssh is implied), the VM steps by default', async () => {
    const r = await runApp()
      .withOptions({ skipInstall: true, name: 'askedvm', org: 'acme', field: ['x:int'], git: false })
      .withAnswers({ license: 'MIT', kit: 'vm' });
    expect(r.askedQuestions.map((q) => q.name)).toEqual(['description', 'author', 'license', 'kit', 'generated', 'steps']);
    const stored = JSON.parse(readFileSync(join(r.cwd, 'packer-plugin-askedvm', '.yo-rc.json'), 'utf8'))['generator-packer-builder'];
    expect(stored).toMatchObject({ kit: 'vm', communicator: 'ssh', steps: ['create-machine', 'provision'] });
  });

  it('does not ask what flags answered (--skip-install answers install)', async () => {
    const r = await runApp()
      .withOptions({ skipInstall: true, name: 'flagged', org: 'acme', field: ['x:int'], git: false })
      .withAnswers({ license: 'MIT', kit: 'none', communicator: 'none' });
    expect(r.askedQuestions.map((q) => q.name)).toEqual([
      'description',
      'author',
      'license',
      'kit',
      'communicator',
      'generated',
      'steps',
    ]);
  });
});
