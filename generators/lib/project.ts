/**
 * Renders a whole plugin project from the answers, one way: the answers give `src/config.ts`,
 * `src/generated-data.ts` and `package.json`; regenerate-spec's model of THOSE sources (not the
 * answers) gives everything derived from the config (spec module, docs, examples, the
 * build-variable list the templates print). Prettier formats every text file. Pure: returns
 * the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spec as hclSpec, type ObjectSpec } from '../../src/hcl/spec.js';
import { propertyOf } from '../../src/hcl/spec.js';
import type { SpecModel } from '../../src/specsync/index.js';
import { SDK_CONFIGS } from '../../src/specsync/sdk-configs.js';
import { communicatorSpecEntries } from '../../src/communicator/ssh/spec.js';
import {
  configInterfaces,
  interfaceText,
  usesDuration,
  type InterfaceModel,
} from './config-model.js';
import { exampleValues, hclBody, hclString, minimalValues } from './examples.js';
import { PRETTIER_OPTIONS, formatFiles } from './format.js';
import type { Answers, JsonValue } from './model.js';
import { pascalCase } from './names.js';
import { appTemplatesDir, toolVersions } from './package-root.js';
import { readModel } from './spec.js';
import { PLUGIN_BUNDLE_MINIFY, PLUGIN_NODE_FLAGS } from './plugin-node.js';

/** A step as the templates see it. */
export interface StepModel {
  readonly name: string;
  readonly className: string;
  /** The `provision` marker: where StepProvision runs. */
  readonly isProvision: boolean;
}

/** What the source templates (config, generated data) need: the answers' side of the flow. */
export interface SourceContext {
  readonly answers: Answers;
  readonly name: string;
  readonly description: string;
  readonly communicator: Answers['communicator'];
  readonly kit: Answers['kit'];
  /** The SDK types `Config` extends (`PackerCommonConfig`, `CommunicatorConfig`, `ISOConfig`, …). */
  readonly configBases: readonly string[];
  readonly builderId: string;
  readonly pkgName: string;
  /** The bundled plugin, a self-contained CommonJS script (`dist/packer-plugin-NAME.cjs`). */
  readonly bundleFile: string;
  /** The single executable `npm run build` also writes (`dist/packer-plugin-NAME`, `.exe` on Windows). */
  readonly executableFile: string;
  /** Node flags of the installed plugin (the executable's execArgv, the bundle's launcher line). */
  readonly pluginNodeFlags: readonly string[];
  /** esbuild's minify options for the bundle. */
  readonly bundleMinify: typeof PLUGIN_BUNDLE_MINIFY;
  /** The file name Packer 1.6.x discovers in its plugins folder (`packer-builder-NAME`). */
  readonly pluginBinary: string;
  /** The source address modern Packer installs the plugin under (`github.com/ORG/NAME`). */
  readonly pluginSource: string;
  readonly interfaces: readonly InterfaceModel[];
  readonly usesDuration: boolean;
  /** Generated-data names: from the answers in the source templates, from the model after. */
  readonly generated: readonly string[];
  readonly steps: readonly StepModel[];
  readonly provisionerType: string;
  readonly interfaceText: typeof interfaceText;
  readonly hclString: typeof hclString;
  readonly json: (v: unknown) => string;
}

/** Everything the other templates can use: the source context plus what the model gives. */
export interface ProjectContext extends SourceContext {
  /** The config spec as regenerate-spec reads it from `src/config.ts` (no `packer_*` entries). */
  readonly configSpec: ObjectSpec;
  /** The TS property of a string field `message`, which the first step prints. */
  readonly sayField: string | undefined;
  readonly hclSource: string;
  readonly hclMinimal: string;
  /** The required settings of the Config's own fields only (not the SDK's shared configs'), HCL lines. */
  readonly hclMinimalOwn: string;
  readonly echoVar: string;
  readonly echoPrefix: string;
}

/** The step class for a step name: `create-machine` → `StepCreateMachine`. */
export function stepClassName(step: string): string {
  return `Step${pascalCase(step)}`;
}

/**
 * The bundle `npm run build` writes: CommonJS, because modern Packer runs the installed copy
 * under a name ending in `_x5.0_linux_amd64`, which Node refuses for ES modules.
 */
export function bundleFile(name: string): string {
  return `dist/packer-plugin-${name}.cjs`;
}

/** The single executable (Node SEA) `npm run build` writes next to the bundle; `.exe` is added on Windows. */
export function executableFile(name: string): string {
  return `dist/packer-plugin-${name}`;
}

/** The context of the source templates (`src/config.ts`, `src/generated-data.ts`). */
export function sourceContext(a: Answers): SourceContext {
  return {
    answers: a,
    name: a.name,
    description: a.description,
    communicator: a.communicator,
    kit: a.kit,
    configBases: configBases(a),
    builderId: `${a.org}.${a.name}`,
    pkgName: `packer-plugin-${a.name}`,
    bundleFile: bundleFile(a.name),
    executableFile: executableFile(a.name),
    pluginNodeFlags: PLUGIN_NODE_FLAGS,
    bundleMinify: PLUGIN_BUNDLE_MINIFY,
    pluginBinary: `packer-builder-${a.name}`,
    pluginSource: `github.com/${a.org}/${a.name}`,
    interfaces: withConfigBases(configInterfaces(a.fields, a.name), configBases(a)),
    usesDuration: usesDuration(a.fields),
    generated: a.generated,
    steps: a.steps.map((s) => ({ name: s, className: stepClassName(s), isProvision: s === 'provision' })),
    provisionerType: a.communicator === 'none' ? 'shell-local' : 'shell',
    interfaceText,
    hclString,
    json: (v: unknown) => JSON.stringify(v, null, 2),
  };
}

/** The template context: `model` is regenerate-spec's reading of the project's sources. */
export function projectContext(a: Answers, model: SpecModel): ProjectContext {
  const base = sourceContext(a);
  const configSpec = fullConfigSpec(model);
  const ownSpec = hclSpec.object({ ...model.config.entries });
  const message = configSpec.entries.message;
  const sayField =
    message?.kind === 'attr' && message.type.kind === 'string' && !message.meta?.enum
      ? propertyOf('message', message)
      : undefined;
  const generated = model.generatedData.map((g) => g.name);
  const echoVar = generated[0] ?? 'ID';
  return {
    ...base,
    generated,
    configSpec,
    sayField,
    hclSource: hclBody(configSpec, exampleValues(configSpec), '  ').join('\n'),
    hclMinimal: hclBody(configSpec, minimalValues(configSpec), '  ').join('\n') || '  # every setting is optional',
    hclMinimalOwn: hclBody(ownSpec, minimalValues(ownSpec), '  ').join('\n'),
    echoVar,
    echoPrefix: `${a.name} generated ${echoVar}=`,
  };
}

/**
 * The config spec as the plugin's spec module builds it at run time, without Packer's own
 * `packer_*` entries: the Config's own entries, then the SDK's shared ones it extends
 * (CommunicatorConfig, ISOConfig, …), whose `meta.example` say what the examples show.
 */
export function fullConfigSpec(model: SpecModel): ObjectSpec {
  const shared = (model.config.sdkConfigs ?? []).map((name) => SDK_CONFIGS[name]?.entries ?? {});
  return hclSpec.object({
    ...model.config.entries,
    ...(model.config.includesCommunicator ? communicatorSpecEntries : {}),
    ...Object.assign({}, ...shared),
  });
}

/** Templates rendered once per project: template path (under templates/app) → output path. */
export const PROJECT_TEMPLATES: Readonly<Record<string, string>> = {
  'README.md.ejs': 'README.md',
  'gitignore.ejs': '.gitignore',
  'tsconfig.json.ejs': 'tsconfig.json',
  'vitest.config.ts.ejs': 'vitest.config.ts',
  'github/workflows/ci.yml.ejs': '.github/workflows/ci.yml',
  'docs/README.md.ejs': 'docs/README.md',
  'src/state.ts.ejs': 'src/state.ts',
  'src/artifact.ts.ejs': 'src/artifact.ts',
  'src/builder.ts.ejs': 'src/builder.ts',
  'src/main.ts.ejs': 'src/main.ts',
  'scripts/build.mjs.ejs': 'scripts/build.mjs',
  'scripts/install-plugin.mjs.ejs': 'scripts/install-plugin.mjs',
  'scripts/release.mjs.ejs': 'scripts/release.mjs',
  'github/workflows/release.yml.ejs': '.github/workflows/release.yml',
  'web-docs/metadata.hcl.ejs': '.web-docs/metadata.hcl',
  'test/prepare.test.ts.ejs': 'test/prepare.test.ts',
  'test/steps.test.ts.ejs': 'test/steps.test.ts',
  'test/e2e.test.ts.ejs': 'test/e2e.test.ts',
  'test/examples.test.ts.ejs': 'test/examples.test.ts',
  'example/build.pkr.hcl.ejs': 'example/build.pkr.hcl',
};

/** Templates rendered only for a communicator choice (issue 11): template → output path. */
export const COMMUNICATOR_TEMPLATES: Readonly<Partial<Record<Answers['communicator'], Readonly<Record<string, string>>>>> = {
  // replaces test/e2e.test.ts: the examples need a machine, this test starts an sshd on loopback
  ssh: { 'test/e2e-ssh.test.ts.ejs': 'test/e2e.test.ts' },
  custom: {
    'src/communicator.ts.ejs': 'src/communicator.ts',
    'test/communicator.test.ts.ejs': 'test/communicator.test.ts',
  },
};

/**
 * The SDK configs the root Config extends (Go: the structs a builder squashes in):
 * PackerCommonConfig always; CommunicatorConfig with `ssh`; with `--kit vm` the VM configs of
 * docs/vm-builders.md (ISO, HTTP, boot command, shutdown, output directory).
 */
export function configBases(a: Pick<Answers, 'communicator' | 'kit'>): string[] {
  return [
    'PackerCommonConfig',
    ...(a.communicator === 'ssh' ? ['CommunicatorConfig'] : []),
    ...(a.kit === 'vm' ? VM_CONFIGS : []),
  ];
}

/** The VM configs a `--kit vm` Config extends, in Go qemu's order. */
export const VM_CONFIGS: readonly string[] = ['ISOConfig', 'HTTPConfig', 'BootConfig', 'ShutdownConfig', 'OutputDirConfig'];

/** The root Config extends every base of {@link configBases}. */
function withConfigBases(
  interfaces: ReturnType<typeof configInterfaces>,
  bases: readonly string[],
): ReturnType<typeof configInterfaces> {
  return interfaces.map((m) =>
    m.extendsClause === 'extends PackerCommonConfig' ? { ...m, extendsClause: `extends ${bases.join(', ')}` } : m,
  );
}

/** The registry docs source of the builder page (docs/builders/NAME.mdx) and its template. */
export const BUILDER_DOC_TEMPLATE = 'docs/builders/builder.mdx.ejs';
export function builderDocPath(name: string): string {
  return `docs/builders/${name}.mdx`;
}

/** The files regenerate-spec renders for the integration registry (src/specsync/emit-registry-docs.ts). */
export function registryDocPaths(name: string): string[] {
  return [
    `docs-partials/builder/${name}/Config.mdx`,
    '.web-docs/README.md',
    `.web-docs/components/builder/${name}/README.md`,
  ];
}

/**
 * Templates of a kit (issue 13), under templates/app/kit-<kit>/: template → output path. They
 * replace the plain ones of the same output path (builder, state, the steps and e2e tests).
 */
export const KIT_TEMPLATES: Readonly<Partial<Record<Answers['kit'], Readonly<Record<string, string>>>>> = {
  vm: {
    'kit-vm/src/builder.ts.ejs': 'src/builder.ts',
    'kit-vm/src/driver.ts.ejs': 'src/driver.ts',
    'kit-vm/test/steps.test.ts.ejs': 'test/steps.test.ts',
    'kit-vm/test/e2e.test.ts.ejs': 'test/e2e.test.ts',
  },
};

/** The template of each step file. */
export const STEP_TEMPLATE = 'src/steps/step.ts.ejs';

type Ejs = typeof import('ejs');
let ejsModule: Ejs | undefined;

async function loadEjs(): Promise<Ejs> {
  if (!ejsModule) {
    const mod = (await import('ejs')) as Ejs & { default?: Ejs };
    ejsModule = mod.default ?? mod;
  }
  return ejsModule;
}

/** Renders one template of templates/app with `data` (plus the project context). */
export async function renderTemplate(template: string, data: object): Promise<string> {
  const ejs = await loadEjs();
  const file = join(appTemplatesDir(), template);
  return ejs.render(readFileSync(file, 'utf8'), data, { filename: file, async: false });
}

/** package.json of the generated project. */
export function packageJsonText(a: Answers): string {
  const v = toolVersions();
  const pkg: Record<string, JsonValue> = {
    name: `packer-plugin-${a.name}`,
    version: '0.1.0',
    description: a.description,
    ...(a.author ? { author: a.author } : {}),
    license: a.license,
    private: true,
    type: 'module',
    bin: { [`packer-plugin-${a.name}`]: bundleFile(a.name) },
    files: ['dist'],
    engines: { node: v.node },
    scripts: {
      // The spec is derived from src/config.ts: regenerated before the type check and the bundle.
      build: 'packer-builder regenerate-spec && tsc --noEmit -p tsconfig.json && node scripts/build.mjs',
      test: 'vitest run',
      'regenerate-spec': 'packer-builder regenerate-spec',
      'install-plugin': 'node scripts/install-plugin.mjs',
      release: 'node scripts/release.mjs',
    },
    // The bundle and the executable carry the runtime: the SDK is needed only to build.
    devDependencies: {
      '@types/node': v.typesNode,
      esbuild: v.esbuild,
      'generator-packer-builder': a.sdk,
      // The Node the single executable embeds (npm scripts run node_modules/.bin/node first).
      node: v.nodeBinary,
      postject: v.postject,
      typescript: v.typescript,
      vitest: v.vitest,
      // The release zip (scripts/release.mjs).
      yazl: v.yazl,
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** example/build.json: the JSON-template twin of example/build.pkr.hcl. */
export function exampleJsonText(ctx: ProjectContext): string {
  const template = {
    builders: [{ type: ctx.name, ...exampleValues(ctx.configSpec) }],
    provisioners: [
      {
        type: ctx.provisionerType,
        inline: [`echo '${ctx.echoPrefix}{{ build \`${ctx.echoVar}\` }}'`],
      },
    ],
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** The files the answers give directly; everything else is derived from their model. */
export const SOURCE_FILES: Readonly<Record<string, string>> = {
  'src/config.ts': 'src/config.ts.ejs',
  'src/generated-data.ts': 'src/generated-data.ts.ejs',
};

/** The files regenerate-spec writes (derived from the Config on disk after the commit). */
export const SPEC_FILES: readonly string[] = ['src/config.hcl2spec.ts', 'docs/configuration.md'];

/** The rendered project and the model it was derived from. */
export interface RenderedProject {
  readonly files: Map<string, string>;
  readonly model: SpecModel;
}

/**
 * Every file of the project but the spec module and docs, formatted, keyed by path relative to
 * the project root: first the sources the answers give (`src/config.ts`,
 * `src/generated-data.ts`, `package.json`), then regenerate-spec's model of those sources, then
 * every other file from that model.
 * @throws SpecSyncError when regenerate-spec refuses the rendered config (a generator bug).
 */
export async function renderProject(a: Answers): Promise<RenderedProject> {
  const base = sourceContext(a);
  const sources = new Map<string, string>();
  for (const [out, template] of Object.entries(SOURCE_FILES)) sources.set(out, await renderTemplate(template, base));
  sources.set('package.json', packageJsonText(a));
  const formattedSources = await formatFiles(sources);
  const model = await readModel(formattedSources);
  const ctx = projectContext(a, model);

  const raw = new Map<string, string>();
  // A later table replaces an earlier one's template for the same output path.
  const byOutput = new Map<string, string>();
  for (const table of [PROJECT_TEMPLATES, COMMUNICATOR_TEMPLATES[a.communicator] ?? {}, KIT_TEMPLATES[a.kit] ?? {}]) {
    for (const [template, out] of Object.entries(table)) byOutput.set(out, template);
  }
  for (const [out, template] of byOutput) {
    if (!formattedSources.has(out)) raw.set(out, await renderTemplate(template, ctx));
  }
  // The registry docs source of the builder page (its name depends on the answers); the
  // registry docs derived from it are regenerate-spec's (docs-partials/, .web-docs/).
  raw.set(builderDocPath(a.name), await renderTemplate(BUILDER_DOC_TEMPLATE, ctx));
  const firstStep = ctx.steps.find((s) => !s.isProvision);
  for (const step of ctx.steps) {
    if (step.isProvision) continue;
    raw.set(`src/steps/${step.name}.ts`, await renderTemplate(STEP_TEMPLATE, { ...ctx, step, isFirst: step === firstStep }));
  }
  raw.set('example/build.json', exampleJsonText(ctx));
  raw.set('.prettierrc.json', `${JSON.stringify(PRETTIER_OPTIONS)}\n`);
  // The spec module and docs are not among them: they are regenerate-spec's, written after the
  // commit from the src/config.ts then on disk (see SPEC_FILES).
  const files = new Map([...formattedSources, ...(await formatFiles(raw))]);
  return { files, model };
}
