/**
 * The cases of a generated plugin's `test/prepare.test.ts`: for every field (nested ones too)
 * a missing-required case, a wrong-value case and a default case, all derived from the same
 * example values as `example/`.
 */
import { exampleConfig, minimalConfig, wrongValue, wrongValuePath } from './examples.js';
import type { Field, JsonValue } from './model.js';
import { camelCase } from './names.js';

/** A path into a raw (JSON-template style) configuration: keys and list indexes. */
export type RawPath = readonly (string | number)[];

export interface FieldCase {
  /** The field as the test title shows it: `disk.size`. */
  readonly title: string;
  /** Where the value sits in the raw configuration. */
  readonly rawPath: RawPath;
  /** The problem path the decoder reports (`disk.size`, `mounts[0].path`). */
  readonly problemPath: string;
}

export interface WrongCase extends FieldCase {
  readonly value: JsonValue;
  /** Where the first problem is (`names[0]` for a list: the wrong element). */
  readonly problemPath: string;
}

export interface DefaultCase extends FieldCase {
  /** Where the value sits in the decoded `Config` (TS property names). */
  readonly configPath: RawPath;
  readonly value: JsonValue;
}

export interface TestModel {
  readonly example: JsonValue;
  readonly minimal: JsonValue;
  readonly required: readonly FieldCase[];
  readonly wrong: readonly WrongCase[];
  readonly defaults: readonly DefaultCase[];
}

function problemPathOf(rawPath: RawPath): string {
  return rawPath
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** Builds the cases for `fields`. */
export function testModel(fields: readonly Field[]): TestModel {
  const required: FieldCase[] = [];
  const wrong: WrongCase[] = [];
  const defaults: DefaultCase[] = [];

  // Required and wrong-value cases walk the full example (every block present).
  const walk = (fs: readonly Field[], rawBase: RawPath, titleBase: readonly string[]): void => {
    for (const f of fs) {
      const rawPath = [...rawBase, f.name];
      const title = [...titleBase, f.name].join('.');
      const c = { title, rawPath, problemPath: problemPathOf(rawPath) };
      if (f.required) required.push(c);
      wrong.push({ ...c, value: wrongValue(f), problemPath: problemPathOf([...rawPath, ...wrongValuePath(f)]) });
      const t = f.type;
      if (t.kind === 'block') walk(t.fields, rawPath, [...titleBase, f.name]);
      if (t.kind === 'blockList') walk(t.fields, [...rawPath, 0], [...titleBase, f.name]);
    }
  };
  walk(fields, [], []);

  // Default cases walk what the minimal configuration contains (required blocks only).
  const walkDefaults = (
    fs: readonly Field[],
    rawBase: RawPath,
    configBase: RawPath,
    titleBase: readonly string[],
  ): void => {
    for (const f of fs) {
      const rawPath = [...rawBase, f.name];
      const configPath = [...configBase, camelCase(f.name)];
      const title = [...titleBase, f.name].join('.');
      if (f.default !== undefined) {
        defaults.push({ title, rawPath, problemPath: problemPathOf(rawPath), configPath, value: f.default });
      }
      const t = f.type;
      if (!f.required) continue;
      if (t.kind === 'block') walkDefaults(t.fields, rawPath, configPath, [...titleBase, f.name]);
      if (t.kind === 'blockList') {
        walkDefaults(t.fields, [...rawPath, 0], [...configPath, 0], [...titleBase, f.name]);
      }
    }
  };
  walkDefaults(fields, [], [], []);

  return { example: exampleConfig(fields), minimal: minimalConfig(fields), required, wrong, defaults };
}
