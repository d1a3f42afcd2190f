/** Shared helpers of the VM-builder part tests. */
import { build, type Plugin } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { ObjectSpec } from '../../src/hcl/spec.js';
import { renderSpecFiles } from '../../src/specsync/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Renders `src/config.ts` through regenerate-spec and evaluates the spec module against the SDK sources. */
export async function specOf(config: string): Promise<{ configSpec: ObjectSpec; text: Map<string, string> }> {
  const files = await renderSpecFiles(new Map([['src/config.ts', config], ['src/generated-data.ts', 'export interface GeneratedData {}\n']]));
  const text = files.get('src/config.hcl2spec.ts');
  if (!text) throw new Error('no spec module rendered');
  const shim: Plugin = {
    name: 'sdk-shim',
    setup(b) {
      b.onResolve({ filter: /^generator-packer-builder$/ }, () => ({ path: join(HERE, 'sdk-shim.ts') }));
      // The spec module's `./generated-data.js` (the plugin's types), not the SDK's own src/rpc/services/generated-data.js.
      b.onResolve({ filter: /generated-data\.js$/ }, (args) => (args.importer.includes('/src/') ? undefined : { path: 'gd', namespace: 'gd' }));
      b.onLoad({ filter: /.*/, namespace: 'gd' }, () => ({ contents: 'export {}', loader: 'ts' }));
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
    packages: 'external',
  });
  const dir = await mkdtemp(join(tmpdir(), 'vm-spec-'));
  try {
    const file = join(dir, 'spec.mjs');
    await writeFile(file, out.outputFiles[0]?.text ?? '');
    const mod = (await import(pathToFileURL(file).href)) as { configSpec: ObjectSpec };
    return { configSpec: mod.configSpec, text: files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A Config extending PackerCommonConfig and the given SDK configs, plus `body`. */
export function configExtending(configs: readonly string[], body = ''): string {
  return [
    `import type { PackerCommonConfig, ${configs.join(', ')} } from 'generator-packer-builder';`,
    `export interface Config extends PackerCommonConfig, ${configs.join(', ')} {`,
    body,
    '}',
    '',
  ].join('\n');
}
