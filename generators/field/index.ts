/**
 * `yo packer-builder:field`: adds config fields to an existing plugin. It adds the properties
 * (with JSDoc) to `Config` in src/config.ts with ts-morph, re-renders the spec module and the
 * docs with regenerate-spec's code, updates `.yo-rc.json`, and re-renders the examples and the
 * prepare/step tests. Every write goes through mem-fs, so edited files raise a conflict.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { answersToJson, listFlag, problemsError } from '../lib/answers.js';
import { TYPE_FORMS } from '../lib/field-syntax.js';
import { fieldToJson, readFields } from '../lib/fields.js';
import type { Answers, Field } from '../lib/model.js';
import { camelCase } from '../lib/names.js';
import { formatFiles } from '../lib/format.js';
import { docsSourcesOnDisk, renderSpec } from '../lib/spec.js';
import { EditError, addConfigFields, configPropertyNames } from '../lib/ts-edit.js';
import { existingAnswers, projectFile } from '../lib/existing.js';
import { writeFiles } from '../lib/writing.js';
import { askFields } from '../app/prompts.js';

const COMMAND = 'yo packer-builder:field';

/** Files re-rendered from the answers after a field was added. */
export const FIELD_RERENDERED: ReadonlySet<string> = new Set([
  'example/build.pkr.hcl',
  'example/build.json',
  'test/prepare.test.ts',
  'test/steps.test.ts',
]);

type FieldOptions = BaseOptions & { field?: unknown };

export default class FieldGenerator extends Generator {
  #answers?: Answers;
  #raw: unknown[] = [];
  #added: Field[] = [];

  constructor(args: string[], options: FieldOptions) {
    super(args, options);
    this.description = 'Adds config fields to a plugin made by yo packer-builder.';
    this.option('field', {
      type: Array,
      description: `Field to add, repeatable: NAME:TYPE[!][*][=DEFAULT][#DESCRIPTION]; TYPE: ${TYPE_FORMS}`,
    });
  }

  initializing(): void {
    this.#answers = existingAnswers(this, COMMAND);
    this.#raw = listFlag((this.options as FieldOptions).field, false) ?? [];
  }

  async prompting(): Promise<void> {
    if (this.#raw.length === 0) this.#raw = await askFields(this);
    if (this.#raw.length === 0) {
      throw new Error(`${COMMAND}: no field given; pass --field NAME:TYPE (e.g. --field region:string!)`);
    }
  }

  /** Checks the new fields against the stored ones and the real src/config.ts. */
  async configuring(): Promise<void> {
    const a = this.#answers as Answers;
    const problems: string[] = [];
    const all = readFields([...a.fields.map(fieldToJson), ...this.#raw], problems);
    this.#added = all.slice(a.fields.length);
    let declared: string[] = [];
    try {
      declared = await configPropertyNames(projectFile(this, 'src/config.ts', COMMAND));
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      problems.push(err.message);
    }
    for (const f of this.#added) {
      if (declared.includes(camelCase(f.name))) {
        problems.push(
          `field "${f.name}": src/config.ts already declares "${camelCase(f.name)}"; choose another name`,
        );
      }
    }
    if (problems.length) throw problemsError(problems);
  }

  async writing(): Promise<void> {
    const a = this.#answers as Answers;
    const configPath = 'src/config.ts';
    const edited = await addConfigFields(projectFile(this, configPath, COMMAND), this.#added, a.name);
    const config = (await formatFiles(new Map([[configPath, edited]]))).get(configPath) as string;
    this.fs.write(this.destinationPath(configPath), config);
    const spec = await renderSpec(
      config,
      projectFile(this, 'src/generated-data.ts', COMMAND),
      projectFile(this, 'package.json', COMMAND),
      await docsSourcesOnDisk(this.destinationPath()),
    );
    for (const [path, text] of spec) this.fs.write(this.destinationPath(path), text);

    const updated: Answers = { ...a, fields: [...a.fields, ...this.#added] };
    this.config.set(answersToJson(updated));
    await writeFiles(this, updated, FIELD_RERENDERED);
    this.log(`Added ${this.#added.map((f) => f.name).join(', ')} to src/config.ts; spec, docs, examples and tests updated.`);
  }
}
