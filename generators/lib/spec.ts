/**
 * The generator's door into regenerate-spec (src/specsync): its model of a plugin's sources and
 * the spec module plus docs made from them, by the SAME code `packer-builder regenerate-spec`
 * runs, so `--check` finds no drift. ts-morph is loaded only here, and only when needed.
 */
import type { SpecModel } from '../../src/specsync/index.js';

type SpecSync = typeof import('../../src/specsync/index.js');

let specsync: SpecSync | undefined;

async function load(): Promise<SpecSync> {
  specsync ??= await import('../../src/specsync/index.js');
  return specsync;
}

/** The sources regenerate-spec reads, from `files` (relative path → text). */
function sourcesOf(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of ['src/config.ts', 'src/generated-data.ts', 'package.json']) {
    const text = files.get(p);
    if (text !== undefined) out.set(p, text);
  }
  return out;
}

/**
 * regenerate-spec's model of the sources in `files` (`src/config.ts`, `src/generated-data.ts`,
 * `package.json`). Throws specsync's SpecSyncError (every problem with file:line) when refused.
 */
export async function readModel(files: ReadonlyMap<string, string>): Promise<SpecModel> {
  return (await load()).readSpecModel(sourcesOf(files));
}

/**
 * Regenerates the spec module and docs of the plugin in `dir` from the files ON DISK (what
 * `npm run regenerate-spec` does): the Config the user kept is the one the derived files follow.
 */
export async function regenerateFromDisk(dir: string): Promise<{ written: string[] }> {
  return (await load()).regenerateSpec(dir);
}
