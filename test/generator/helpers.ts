/** Shared helpers of the generator tests: running the generators with yeoman-test. */
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import AppGenerator from '../../generators/app/index.js';
import FieldGenerator from '../../generators/field/index.js';
import StepGenerator from '../../generators/step/index.js';

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

/** The repository root. */
export const REPO_ROOT = here('../../');

/** yeoman-test run context for `yo packer-builder` (from the TypeScript sources). */
export function runApp() {
  return helpers.run(AppGenerator, {
    resolved: here('../../generators/app/index.ts'),
    namespace: 'packer-builder:app',
  });
}

/** yeoman-test run context for `yo packer-builder:field`. */
export function runField() {
  return helpers.run(FieldGenerator, {
    resolved: here('../../generators/field/index.ts'),
    namespace: 'packer-builder:field',
  });
}

/** yeoman-test run context for `yo packer-builder:step`. */
export function runStep() {
  return helpers.run(StepGenerator, {
    resolved: here('../../generators/step/index.ts'),
    namespace: 'packer-builder:step',
  });
}

/** Options that keep a run quick and local: no prompts, no install, no git. */
export const QUIET = { defaults: true, skipInstall: true, git: false } as const;
