/**
 * Renders a whole plugin project from the answers: EJS templates (templates/app), package.json
 * and the JSON example from code, prettier over every text file, and the spec module plus the
 * configuration docs from regenerate-spec's own `renderSpecFiles`. Pure: returns the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configInterfaces,
  interfaceText,
  usesDuration,
  type InterfaceModel,
} from './config-model.js';
import { exampleConfig, hclBody, hclString, minimalConfig } from './examples.js';
import { PRETTIER_OPTIONS, formatFiles } from './format.js';
import type { Answers, JsonValue } from './model.js';
import { camelCase, pascalCase } from './names.js';
import { appTemplatesDir, toolVersions } from './package-root.js';
import { renderSpec } from './spec.js';
import { testModel, type TestModel } from './test-model.js';

/** A step as the templates see it. */
export interface StepModel {
  readonly name: string;
  readonly className: string;
  /** The `provision` marker: where StepProvision runs. */
  readonly isProvision: boolean;
}

/** Everything the templates can use. */
export interface ProjectContext {
  readonly answers: Answers;
  readonly name: string;
  readonly description: string;
  readonly communicator: Answers['communicator'];
  readonly builderId: string;
  readonly pkgName: string;
  /** The bundled plugin, a self-contained CommonJS script (`dist/packer-plugin-NAME.cjs`). */
  readonly bundleFile: string;
  /** The single executable `npm run build` also writes (`dist/packer-plugin-NAME`, `.exe` on Windows). */
  readonly executableFile: string;
  /** The file name Packer 1.6.x discovers in its plugins folder (`packer-builder-NAME`). */
  readonly pluginBinary: string;
  /** The source address modern Packer installs the plugin under (`github.com/ORG/NAME`). */
  readonly pluginSource: string;
  readonly interfaces: readonly InterfaceModel[];
  readonly usesDuration: boolean;
  readonly generated: readonly string[];
  readonly steps: readonly StepModel[];
  readonly sayField: string | undefined;
  readonly hclSource: string;
  readonly hclMinimal: string;
  readonly provisionerType: string;
  readonly echoVar: string;
  readonly echoPrefix: string;
  readonly tests: TestModel;
  readonly interfaceText: typeof interfaceText;
  readonly hclString: typeof hclString;
  readonly json: (v: unknown) => string;
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

/** The template context for `a`. */
export function projectContext(a: Answers): ProjectContext {
  const example = exampleConfig(a.fields);
  const sayField = a.fields.find(
    (f) => f.name === 'message' && f.type.kind === 'scalar' && f.type.scalar === 'string',
  );
  const echoVar = a.generated[0] ?? 'ID';
  return {
    answers: a,
    name: a.name,
    description: a.description,
    communicator: a.communicator,
    builderId: `${a.org}.${a.name}`,
    pkgName: `packer-plugin-${a.name}`,
    bundleFile: bundleFile(a.name),
    executableFile: executableFile(a.name),
    pluginBinary: `packer-builder-${a.name}`,
    pluginSource: `github.com/${a.org}/${a.name}`,
    interfaces: configInterfaces(a.fields, a.name),
    usesDuration: usesDuration(a.fields),
    generated: a.generated,
    steps: a.steps.map((s) => ({ name: s, className: stepClassName(s), isProvision: s === 'provision' })),
    sayField: sayField ? camelCase(sayField.name) : undefined,
    hclSource: hclBody(a.fields, example, '  ').join('\n'),
    hclMinimal: hclBody(a.fields, minimalConfig(a.fields), '  ').join('\n') || '  # every setting is optional',
    provisionerType: a.communicator === 'local' ? 'shell' : 'shell-local',
    echoVar,
    echoPrefix: `${a.name} generated ${echoVar}=`,
    tests: testModel(a.fields),
    interfaceText,
    hclString,
    json: (v: unknown) => JSON.stringify(v, null, 2),
  };
}

/** Templates rendered once per project: template path (under templates/app) → output path. */
export const PROJECT_TEMPLATES: Readonly<Record<string, string>> = {
  'README.md.ejs': 'README.md',
  'gitignore.ejs': '.gitignore',
  'tsconfig.json.ejs': 'tsconfig.json',
  'vitest.config.ts.ejs': 'vitest.config.ts',
  'github/workflows/ci.yml.ejs': '.github/workflows/ci.yml',
  'docs/README.md.ejs': 'docs/README.md',
  'src/config.ts.ejs': 'src/config.ts',
  'src/generated-data.ts.ejs': 'src/generated-data.ts',
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
  'example/build.pkr.hcl.ejs': 'example/build.pkr.hcl',
};

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
    engines: { node: '>=20.10' },
    scripts: {
      build: 'tsc --noEmit -p tsconfig.json && node scripts/build.mjs',
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
      node: v.node,
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
  const a = ctx.answers;
  const template = {
    builders: [{ type: a.name, ...exampleConfig(a.fields) }],
    provisioners: [
      {
        type: ctx.provisionerType,
        inline: [`echo '${ctx.echoPrefix}{{ build \`${ctx.echoVar}\` }}'`],
      },
    ],
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/**
 * Every file of the project, formatted, keyed by path relative to the project root.
 * `only` limits the result to those paths (the sub-generators re-render a few files).
 */
export async function renderProject(
  a: Answers,
  only?: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const ctx = projectContext(a);
  const wanted = (path: string): boolean => !only || only.has(path);
  const raw = new Map<string, string>();
  for (const [template, out] of Object.entries(PROJECT_TEMPLATES)) {
    if (wanted(out)) raw.set(out, await renderTemplate(template, ctx));
  }
  // The registry docs source of the builder page (its name depends on the answers).
  const builderDoc = builderDocPath(a.name);
  if (wanted(builderDoc)) raw.set(builderDoc, await renderTemplate(BUILDER_DOC_TEMPLATE, ctx));
  const firstStep = ctx.steps.find((s) => !s.isProvision);
  for (const step of ctx.steps) {
    const out = `src/steps/${step.name}.ts`;
    if (step.isProvision || !wanted(out)) continue;
    raw.set(out, await renderTemplate(STEP_TEMPLATE, { ...ctx, step, isFirst: step === firstStep }));
  }
  if (wanted('package.json')) raw.set('package.json', packageJsonText(a));
  if (wanted('example/build.json')) raw.set('example/build.json', exampleJsonText(ctx));
  if (wanted('.prettierrc.json')) raw.set('.prettierrc.json', `${JSON.stringify(PRETTIER_OPTIONS)}\n`);

  const formatted = await formatFiles(raw);

  const specPaths = ['src/config.hcl2spec.ts', 'docs/configuration.md', ...registryDocPaths(a.name)];
  if (specPaths.some(wanted)) {
    // regenerate-spec reads the formatted sources, exactly as they are written.
    const source = async (path: string, template: string): Promise<string> =>
      formatted.get(path) ??
      ((await formatFiles(new Map([[path, await renderTemplate(template, ctx)]]))).get(path) as string);
    const spec = await renderSpec(
      await source('src/config.ts', 'src/config.ts.ejs'),
      await source('src/generated-data.ts', 'src/generated-data.ts.ejs'),
      packageJsonText(a),
      new Map([
        ['docs/README.md', await source('docs/README.md', 'docs/README.md.ejs')],
        [builderDoc, await source(builderDoc, BUILDER_DOC_TEMPLATE)],
      ]),
    );
    for (const [path, text] of spec) if (wanted(path)) formatted.set(path, text);
  }
  return formatted;
}
