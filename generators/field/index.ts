/**
 * `yo packer-builder:field`: adds config fields to an existing plugin, one way: the fields go
 * into `Config` in src/config.ts (ts-morph, the user's text kept), and everything derived from
 * Config follows from the src/config.ts on disk once that edit has landed: the spec module and
 * the docs (regenerate-spec), the stored answers. The examples and tests are the user's and are
 * never rewritten: the generated tests read the spec at run time, `test/examples.test.ts` checks
 * that example/build.json still fits, and the lines to add to the examples are printed.
 * Nothing changes on disk (`.yo-rc.json` included) unless the src/config.ts edit lands.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { exampleValues } from '../../src/hcl/examples.js';
import { spec as hclSpec, type Spec } from '../../src/hcl/spec.js';
import { answersToJson, listFlag, problemsError } from '../lib/answers.js';
import { TYPE_FORMS } from '../lib/field-syntax.js';
import { checkNewFields, readFields } from '../lib/fields.js';
import type { Answers, Field } from '../lib/model.js';
import { formatFiles } from '../lib/format.js';
import { hclBody } from '../lib/examples.js';
import { readModel, regenerateFromDisk } from '../lib/spec.js';
import { EditError, addConfigFields, configProperties } from '../lib/ts-edit.js';
import { existingAnswers, projectFile } from '../lib/existing.js';
import { forceFile, hasTerminal, landed, queueFiles, storeAnswers } from '../lib/writing.js';
import { askFields } from '../app/prompts.js';

const COMMAND = 'yo packer-builder:field';
const CONFIG = 'src/config.ts';

type FieldOptions = BaseOptions & { field?: unknown };

export default class FieldGenerator extends Generator {
  #answers?: Answers;
  #raw: unknown[] = [];
  #added: Field[] = [];
  /** The edited src/config.ts (set in `configuring`). */
  #config = '';
  /** The HCL example lines of the new fields. */
  #exampleLines: string[] = [];

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
    if (this.#raw.length === 0 && hasTerminal()) this.#raw = await askFields(this);
    if (this.#raw.length === 0) {
      throw new Error(
        `${COMMAND}: no field given${hasTerminal() ? '' : ' (and no terminal to ask on)'}; pass --field NAME:TYPE (e.g. --field region:string!); nothing was written`,
      );
    }
  }

  /**
   * Checks the new fields, edits src/config.ts in memory and has regenerate-spec read the
   * result: every refusal happens here, before anything is written. Duplicates are judged
   * against the Config on disk (not the stored answers).
   */
  async configuring(): Promise<void> {
    const a = this.#answers as Answers;
    const problems: string[] = [];
    this.#added = readFields(this.#raw, problems);
    const current = projectFile(this, CONFIG, COMMAND);
    try {
      problems.push(...checkNewFields(this.#added, await configProperties(current)));
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      problems.push(err.message);
    }
    if (problems.length) throw problemsError(problems);
    let edited: string;
    try {
      edited = await addConfigFields(current, this.#added, a.name);
    } catch (err) {
      if (err instanceof EditError) throw problemsError([err.message]);
      throw err;
    }
    this.#config = (await formatFiles(new Map([[CONFIG, edited]]))).get(CONFIG) as string;
    const model = await readModel(
      new Map([
        [CONFIG, this.#config],
        ['src/generated-data.ts', projectFile(this, 'src/generated-data.ts', COMMAND)],
        ['package.json', projectFile(this, 'package.json', COMMAND)],
      ]),
    );
    const entries: Record<string, Spec> = {};
    for (const f of this.#added) {
      const entry = model.config.entries[f.name];
      if (entry) entries[f.name] = entry;
    }
    const added = hclSpec.object(entries);
    this.#exampleLines = hclBody(added, exampleValues(added), '  ');
  }

  /** Queues the src/config.ts edit; without a terminal it is written as asked (no question). */
  writing(): void {
    queueFiles(this, new Map([[CONFIG, this.#config]]));
    if (!hasTerminal()) forceFile(this, CONFIG);
  }

  /**
   * After Yeoman's commit: only when the src/config.ts edit landed, the spec and docs are
   * regenerated from disk and `.yo-rc.json` records the fields.
   */
  async end(): Promise<void> {
    if (!landed(this, CONFIG, this.#config)) {
      this.log(`${CONFIG} was not changed (kept at the prompt, or --dry-run): nothing changed.`);
      return;
    }
    const a = this.#answers as Answers;
    await regenerateFromDisk(this.destinationRoot());
    storeAnswers(this, answersToJson({ ...a, fields: [...a.fields, ...this.#added] }));
    const names = this.#added.map((f) => f.name).join(', ');
    this.log(
      [
        `Added ${names} to ${CONFIG}; src/config.hcl2spec.ts and docs/configuration.md regenerated.`,
        'Your examples and tests were left as they are; add the new settings to example/build.pkr.hcl, e.g.',
        ...this.#exampleLines.map((l) => `  ${l}`),
        'and to example/build.json (npm test checks that it fits).',
      ].join('\n'),
    );
  }
}
