/** `regenerateSpec`: render from the plugin's files on disk, then write (or, with check, compare). */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { specInputs } from './spec-inputs.js';
import { writeStamp } from './drift-stamp.js';
import { pathsFromPackageJson, resolvePaths } from './paths.js';
import { createSpecProject } from './project.js';
import { renderProject } from './render.js';

/** What a run did; paths are relative to the plugin directory. */
export interface RegenerateResult {
  /** Files written (always empty with `check`). */
  written: string[];
  /** Files whose content differed from the rendering (missing files included). */
  drifted: string[];
  /** Files already up to date. */
  unchanged: string[];
}

export interface RegenerateOptions {
  /** Compare only: write nothing. */
  check?: boolean;
}

/**
 * Regenerates the spec module and the docs of the plugin in `projectDir`. Writes only those two
 * files, each atomically, and only when their content changes. Throws SpecSyncError (nothing
 * written) when the types cannot be mapped.
 */
export async function regenerateSpec(
  projectDir: string,
  options: RegenerateOptions = {},
): Promise<RegenerateResult> {
  const root = resolve(projectDir);
  const pkgText = await readFile(join(root, 'package.json'), 'utf8').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  const paths = resolvePaths(pkgText !== undefined ? pathsFromPackageJson(pkgText) : {});
  const project = createSpecProject(false);
  const rendered = await renderProject(project, root.replace(/\\/g, '/'), paths);
  const result: RegenerateResult = { written: [], drifted: [], unchanged: [] };
  const changes: [string, string][] = [];
  for (const [rel, text] of rendered) {
    const current = await readFile(join(root, rel), 'utf8').catch(() => undefined);
    if (current === text) result.unchanged.push(rel);
    else {
      result.drifted.push(rel);
      changes.push([rel, text]);
    }
  }
  if (!options.check) {
    for (const [rel, text] of changes) {
      await writeFileAtomic(join(root, rel), text);
      result.written.push(rel);
    }
  }
  // Every output on disk now equals its rendering: let the next --check skip the rendering.
  if (!options.check || result.drifted.length === 0) {
    writeStamp(root, specInputs(root, project.getSourceFiles().map((f) => f.getFilePath())), [...rendered.keys()]);
  }
  return result;
}
