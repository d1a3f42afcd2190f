/**
 * What the sub-generators need from an existing plugin: its checked answers (`.yo-rc.json`)
 * and its source files (read through mem-fs, so pending edits are seen).
 */
import type Generator from 'yeoman-generator';
import { defaultAnswers, finishAnswers, mergeRaw, problemsError } from './answers.js';
import type { Answers } from './model.js';
import { defaultSdk } from './package-root.js';
import { readStoredAnswers } from './writing.js';

/** The answers of the plugin in the destination folder; throws when it is not one. */
export function existingAnswers(gen: Generator, command: string): Answers {
  const problems: string[] = [];
  const stored = readStoredAnswers(gen, problems);
  if (!stored) {
    throw new Error(
      `${command} must run inside a plugin made by yo packer-builder: ${gen.destinationPath('.yo-rc.json')} has no "${gen.rootGeneratorName()}" answers; cd into the plugin folder first`,
    );
  }
  if (problems.length) throw problemsError(problems);
  const name = typeof stored.name === 'string' ? stored.name : 'plugin';
  const result = finishAnswers(mergeRaw(defaultAnswers(name, defaultSdk()), stored), gen.destinationRoot());
  if (!result.answers) {
    throw problemsError(result.problems.map((p) => `.yo-rc.json: ${p}`));
  }
  return result.answers;
}

/** The text of a project file (mem-fs first, then disk); throws naming it when missing. */
export function projectFile(gen: Generator, path: string, command: string): string {
  const text = gen.fs.read(gen.destinationPath(path), { defaults: null });
  if (text === null) {
    throw new Error(`${command}: ${gen.destinationPath(path)} is missing; restore it (git checkout) or re-run yo packer-builder`);
  }
  return text;
}
