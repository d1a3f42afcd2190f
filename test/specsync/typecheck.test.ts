/**
 * The generated spec module type-checks (strict, noUncheckedIndexedAccess) against the SDK's
 * real sources, and `generatedDataNames` is really tied to the GeneratedData interface.
 */
import { readFile } from 'node:fs/promises';
import { Project, ts } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSpecFiles } from '../../src/specsync/index.js';
import { fixtureSources } from './fixture-helpers.js';

const SDK_FILES = ['hcl/cty.ts', 'hcl/spec.ts', 'config/common.ts', 'sdk/duration.ts'];

async function createProject(files: ReadonlyMap<string, string>): Promise<Project> {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      noEmit: true,
      types: [],
      paths: { 'generator-packer-builder': ['/sdk/index.ts'] },
    },
  });
  for (const rel of SDK_FILES) {
    project.createSourceFile(
      `/sdk/${rel}`,
      await readFile(new URL(`../../src/${rel}`, import.meta.url), 'utf8'),
    );
  }
  project.createSourceFile(
    '/sdk/index.ts',
    SDK_FILES.map((f) => `export * from './${f.replace(/\.ts$/, '.js')}';`).join('\n'),
  );
  for (const [rel, text] of files)
    if (rel.endsWith('.ts')) project.createSourceFile(`/plugin/${rel}`, text);
  return project;
}

function diagnostics(project: Project): string[] {
  return project
    .getPreEmitDiagnostics()
    .map(
      (d) =>
        `${d.getSourceFile()?.getBaseName() ?? '?'}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')}`,
    );
}

describe('the generated spec module compiles', () => {
  let project: Project;
  beforeAll(async () => {
    const sources = await fixtureSources('kitchen-sink');
    project = await createProject(new Map([...sources, ...(await renderSpecFiles(sources))]));
  });

  it('with the config, generated data and SDK sources: no diagnostics', () => {
    expect(diagnostics(project)).toEqual([]);
  });

  it('a name missing from GeneratedData is a type error', () => {
    const spec = project.getSourceFileOrThrow('/plugin/src/config.hcl2spec.ts');
    spec.replaceWithText(spec.getFullText().replace("'ImageRegion',", "'ImageRegion', 'Bogus',"));
    const problems = diagnostics(project);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\.hcl2spec\.ts: .*"Bogus"/s);
  });
});
