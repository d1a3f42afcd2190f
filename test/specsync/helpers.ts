/** Test helpers for regenerate-spec: render in memory, evaluate the generated module, compare. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { expect } from 'vitest';
import type { ObjectSpec } from '../../src/hcl/spec.js';
import { formatProblem, renderSpecFiles, SpecSyncError } from '../../src/specsync/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHIM = join(HERE, 'sdk-shim.ts');

/** A `src/config.ts` whose Config extends PackerCommonConfig; `body` starts on line 4. */
export function withCommon(body: string, imports = ''): string {
  return [
    "import type { PackerCommonConfig, Duration } from 'generator-packer-builder';",
    imports,
    'export interface Config extends PackerCommonConfig {',
    body,
    '}',
    '',
  ].join('\n');
}

export const EMPTY_GENERATED_DATA = 'export interface GeneratedData {}\n';

/** Renders with the default paths; `files` adds/overrides sources. */
export function render(
  config: string,
  files: Record<string, string> = {},
): Promise<Map<string, string>> {
  return renderSpecFiles(
    new Map(
      Object.entries({
        'src/config.ts': config,
        'src/generated-data.ts': EMPTY_GENERATED_DATA,
        ...files,
      }),
    ),
  );
}

/** Bundles the generated spec module against the SDK sources and imports it. */
export async function evaluateSpecModule(
  text: string,
): Promise<{ configSpec: ObjectSpec; generatedDataNames: readonly string[] }> {
  const shim: Plugin = {
    name: 'sdk-shim',
    setup(b) {
      b.onResolve({ filter: /^generator-packer-builder$/ }, () => ({ path: SHIM }));
    },
  };
  const out = await build({
    stdin: { contents: text, loader: 'ts', resolveDir: HERE, sourcefile: 'config.hcl2spec.ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    plugins: [shim],
  });
  const dir = await mkdtemp(join(tmpdir(), 'specsync-eval-'));
  try {
    const file = join(dir, 'spec.mjs');
    await writeFile(file, out.outputFiles[0]?.text ?? '');
    return (await import(pathToFileURL(file).href)) as {
      configSpec: ObjectSpec;
      generatedDataNames: readonly string[];
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The formatted problems of a rendering that must fail. */
export async function problemsOf(
  config: string,
  files: Record<string, string> = {},
): Promise<string[]> {
  try {
    await render(config, files);
  } catch (err) {
    if (err instanceof SpecSyncError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected a SpecSyncError, but rendering succeeded');
}

/**
 * Renders `config` and checks the generated module evaluates to `expected` (an ObjectSpec built
 * with the SDK's constructors), or that rendering fails with exactly the `expected` problems.
 */
export async function doTest(
  config: string,
  expected: ObjectSpec | string[],
  files: Record<string, string> = {},
): Promise<void> {
  if (Array.isArray(expected)) {
    expect(await problemsOf(config, files)).toEqual(expected);
    return;
  }
  const out = await render(config, files);
  const text = out.get('src/config.hcl2spec.ts');
  expect(text).toBeDefined();
  const mod = await evaluateSpecModule(text as string);
  expect(mod.configSpec).toEqual(expected);
}
