/**
 * The runtime SDK (the package root a generated plugin imports and bundles) must never pull in
 * generator-only code: yeoman, ts-morph, prettier, ejs. esbuild follows every static and dynamic
 * import from the entry, so its metafile lists exactly what a plugin bundle would contain.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [ROOT + entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    // ssh2's optional native parts, left out of plugin bundles (see templates/app/scripts/build.mjs)
    external: ['*.node', 'cpu-features'],
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

function packagesOf(inputs: string[]): string[] {
  const names = new Set<string>();
  for (const input of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}

describe('the runtime SDK bundle', () => {
  it('contains only @msgpack/msgpack and ssh2 (with its pure-JS dependencies) from node_modules', async () => {
    const inputs = await bundledInputs('src/index.ts');
    expect(packagesOf(inputs)).toEqual(['@msgpack/msgpack', 'asn1', 'bcrypt-pbkdf', 'safer-buffer', 'ssh2', 'tweetnacl']);
  });

  it('never reaches the generator, spec sync or CLI sources', async () => {
    const inputs = await bundledInputs('src/index.ts');
    expect(inputs.some((i) => i.startsWith('src/plugin/serve.ts'))).toBe(true);
    const offending = inputs.filter((i) => /^(generators|src\/specsync|src\/cli)\//.test(i));
    expect(offending).toEqual([]);
  });
});
