/**
 * `yo packer-builder:step NAME`: adds `src/steps/NAME.ts` to an existing plugin and wires it
 * into the array `buildSteps()` returns in src/builder.ts (ts-morph), at the end or
 * `--before`/`--after` another step. Writes go through mem-fs (Yeoman's conflict handling on a
 * terminal); nothing changes on disk, `.yo-rc.json` included, unless both files land (a kept
 * src/builder.ts removes the new step file again).
 */
import { rmSync } from 'node:fs';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { answersToJson, checkStepName, problemsError, stepClashes } from '../lib/answers.js';
import { formatFiles } from '../lib/format.js';
import type { Answers } from '../lib/model.js';
import { STEP_TEMPLATE, renderTemplate, sourceContext, stepClassName } from '../lib/project.js';
import { forceFile, hasTerminal, landed, queueFiles, storeAnswers, writeStatus } from '../lib/writing.js';
import { addStepToBuilder } from '../lib/ts-edit.js';
import { existingAnswers, projectFile } from '../lib/existing.js';

const COMMAND = 'yo packer-builder:step';

type StepOptions = BaseOptions & { name?: string; before?: string; after?: string };

/** The class a step's element in buildSteps() constructs. */
export function stepClassOf(name: string): string {
  return name === 'provision' ? 'StepProvision' : stepClassName(name);
}

export default class StepGenerator extends Generator {
  #answers?: Answers;
  #name = '';
  /** The files of the change (set in `writing`). */
  #files = new Map<string, string>();

  constructor(args: string[], options: StepOptions) {
    super(args, options);
    this.description = 'Adds a build step to a plugin made by yo packer-builder.';
    this.argument('name', { type: String, required: false, description: 'Step name (kebab-case), e.g. create-disk' });
    this.option('before', { type: String, description: 'Insert before this step (e.g. provision)' });
    this.option('after', { type: String, description: 'Insert after this step (default: at the end)' });
  }

  get flags(): StepOptions {
    return this.options as StepOptions;
  }

  initializing(): void {
    this.#answers = existingAnswers(this, COMMAND);
  }

  async prompting(): Promise<void> {
    if (this.flags.name) {
      this.#name = this.flags.name.trim();
      return;
    }
    if (!hasTerminal()) {
      throw new Error(`${COMMAND}: no step name given (and no terminal to ask on); pass it: ${COMMAND} NAME; nothing was written`);
    }
    const { name } = (await this.prompt([
      {
        type: 'input',
        name: 'name',
        message: 'Step name (kebab-case)?',
        validate: (v: string) => checkStepName(v.trim()) ?? true,
      },
    ])) as { name: string };
    this.#name = name.trim();
  }

  configuring(): void {
    const a = this.#answers as Answers;
    const problems: string[] = [];
    const name = this.#name;
    const bad = checkStepName(name);
    if (bad) problems.push(bad);
    else if (name === 'provision') problems.push('step "provision" is the provisioning step the builder already has; choose another name');
    else if (a.steps.includes(name) || this.fs.exists(this.destinationPath(`src/steps/${name}.ts`))) {
      problems.push(`step "${name}" exists already (src/steps/${name}.ts); choose another name`);
    } else {
      problems.push(...stepClashes([name], a.steps));
      const className = stepClassName(name);
      const builder = this.fs.read(this.destinationPath('src/builder.ts'), { defaults: '' }) ?? '';
      if (!problems.length && new RegExp(`\\b${className}\\b`).test(builder)) {
        problems.push(
          `step "${name}" becomes the class ${className}, which src/builder.ts already uses; choose another name`,
        );
      }
    }
    const { before, after } = this.flags;
    if (before && after) problems.push('give --before or --after, not both');
    for (const [flag, ref] of [['--before', before], ['--after', after]] as const) {
      if (ref && !a.steps.includes(ref)) {
        problems.push(`${flag} ${ref}: no such step; the steps are ${a.steps.join(', ')}`);
      }
    }
    if (problems.length) throw problemsError(problems);
  }

  async writing(): Promise<void> {
    const a = this.#answers as Answers;
    const name = this.#name;
    const step = { name, className: stepClassName(name), isProvision: false };
    const { before, after } = this.flags;
    const stepPath = `src/steps/${name}.ts`;
    const builderPath = 'src/builder.ts';
    const edited = await addStepToBuilder(
      projectFile(this, builderPath, COMMAND),
      step,
      { ...(before ? { before } : {}), ...(after ? { after } : {}) },
      stepClassOf,
    );
    const stepText = await renderTemplate(STEP_TEMPLATE, { ...sourceContext(a), step, isFirst: false });
    const formatted = await formatFiles(new Map([[stepPath, stepText], [builderPath, edited]]));
    this.#files = formatted;
    queueFiles(this, formatted);
    if (!hasTerminal()) forceFile(this, builderPath);
  }

  /** After Yeoman's commit: records the step only when both files landed; else undoes the new file. */
  end(): void {
    const a = this.#answers as Answers;
    const name = this.#name;
    const stepPath = `src/steps/${name}.ts`;
    const all = [...this.#files].every(([p, t]) => landed(this, p, t));
    if (!all) {
      // The step file did not exist before (checked in configuring): remove it if it was created.
      const stepText = this.#files.get(stepPath) as string;
      if (writeStatus(this, stepPath, stepText) === 'identical') rmSync(this.destinationPath(stepPath));
      this.log('src/builder.ts was not changed (kept at the prompt, or --dry-run): nothing changed.');
      return;
    }
    const { before, after } = this.flags;
    const steps = [...a.steps];
    const at = before ? steps.indexOf(before) : after ? steps.indexOf(after) + 1 : steps.length;
    steps.splice(at, 0, name);
    storeAnswers(this, answersToJson({ ...a, steps }));
    this.log(`Added step "${name}" (${stepPath}) to buildSteps() in src/builder.ts.`);
  }
}
