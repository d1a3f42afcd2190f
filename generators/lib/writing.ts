/**
 * The generators' bridge to Yeoman: reading the stored answers of an existing plugin and
 * writing rendered files through mem-fs (so Yeoman's conflict handling decides what reaches
 * the disk). Nothing is written outside the destination folder.
 */
import type Generator from 'yeoman-generator';

/** The parts of a generator the helpers use (any generator's `this`). */
export type GeneratorFs = Pick<Generator, 'fs' | 'destinationPath' | 'rootGeneratorName'>;
import { readAnswersObject, type RawAnswers } from './answers.js';
import type { Answers } from './model.js';
import { renderProject } from './project.js';

/**
 * The answers stored in `.yo-rc.json` of the destination folder, or undefined when the folder
 * is not a generated plugin.
 */
export function readStoredAnswers(gen: GeneratorFs, problems: string[]): RawAnswers | undefined {
  const yoRc = gen.fs.readJSON(gen.destinationPath('.yo-rc.json')) as Record<string, unknown> | undefined;
  const entry = yoRc?.[gen.rootGeneratorName()];
  if (!entry || typeof entry !== 'object' || !('name' in entry)) return undefined;
  return readAnswersObject(entry, '.yo-rc.json', problems);
}

/** Renders the project (or the paths in `only`) and queues every file in mem-fs. */
export async function writeFiles(gen: GeneratorFs, answers: Answers, only?: ReadonlySet<string>): Promise<void> {
  const files = await renderProject(answers, only);
  for (const [path, text] of files) gen.fs.write(gen.destinationPath(path), text);
}
