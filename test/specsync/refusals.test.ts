/**
 * One case per refusal: the exact problems (file:line:col, property path, message, hint), all
 * reported at once, and nothing rendered.
 */
import { describe, expect, it } from 'vitest';
import { renderSpecFiles, SpecSyncError } from '../../src/specsync/index.js';
import { doTest, withCommon } from './helpers.js';

const before = (decls: string, body: string, imports = '') =>
  withCommon(body, imports).replace('export interface Config', `${decls}\nexport interface Config`);

const ANY_HINT =
  '    hint: use string, number, boolean, a string-literal union, an array, Record<string, T> or an interface';
const OPTIONAL_HINT = '    hint: make the property optional with `?` instead (`name?: T`)';
const UNION_HINT =
  "    hint: only unions of string literals are supported (`'fast' | 'safe'`); use separate properties for different kinds of value";

describe('regenerate-spec refusals', () => {
  it('functions and methods', () =>
    doTest(withCommon('  onDone: () => void;\n  m(): void;'), [
      'src/config.ts:4:11: Config.onDone: functions cannot come from a template\n    hint: keep runtime objects out of the config type',
      'src/config.ts:5:3: Config.m: methods cannot come from a template\n    hint: declare plain data properties only (`name: type`)',
    ]));

  it('any, unknown, never, object, bigint, symbol, null, undefined', () =>
    doTest(
      withCommon(
        '  a: any;\n  b: unknown;\n  c: never;\n  d: object;\n  e: bigint;\n  f: symbol;\n  g: null;\n  h: undefined;',
      ),
      [
        `src/config.ts:4:6: Config.a: \`any\` has no HCL type\n${ANY_HINT}`,
        `src/config.ts:5:6: Config.b: \`unknown\` has no HCL type\n${ANY_HINT}`,
        'src/config.ts:6:6: Config.c: `never` cannot hold a value\n    hint: remove the property',
        'src/config.ts:7:6: Config.d: `object` says nothing about the fields\n    hint: declare an interface with the fields, or use `Record<string, T>`',
        'src/config.ts:8:6: Config.e: `bigint` has no HCL type\n    hint: use `number` (with `@integer`) or a string',
        'src/config.ts:9:6: Config.f: `symbol` has no HCL type\n    hint: use a string',
        `src/config.ts:10:6: Config.g: \`null\` is not a config type\n${OPTIONAL_HINT}`,
        `src/config.ts:11:6: Config.h: \`undefined\` is not a config type\n${OPTIONAL_HINT}`,
      ],
    ));

  it('non-literal unions, `| undefined`, `| null`, number and boolean literals', () =>
    doTest(
      withCommon(
        '  a: string | number;\n  b?: string | undefined;\n  c: string | null;\n  d: 1 | 2;\n  e: true;',
      ),
      [
        `src/config.ts:4:6: Config.a: the union \`string | number\` mixes types\n${UNION_HINT}`,
        `src/config.ts:5:7: Config.b: \`| undefined\` is not supported\n${OPTIONAL_HINT}`,
        `src/config.ts:6:6: Config.c: \`| null\` is not supported\n${OPTIONAL_HINT}`,
        `src/config.ts:7:6: Config.d: the union \`1 | 2\` mixes types\n${UNION_HINT}`,
        'src/config.ts:8:6: Config.e: the literal type `true` is not supported\n    hint: use `boolean`',
      ],
    ));

  it('Date, Map, utility types and unknown names', () =>
    doTest(
      withCommon('  when: Date;\n  m: Map<string, string>;\n  p: Partial<Foo>;\n  x: Missing;'),
      [
        'src/config.ts:4:9: Config.when: `Date` has no HCL type\n    hint: use a string (e.g. an ISO 8601 timestamp) and parse it in prepare()',
        'src/config.ts:5:6: Config.m: `Map` has no HCL type\n    hint: use `Record<string, T>`',
        'src/config.ts:6:6: Config.p: the utility type `Partial<…>` is not supported\n    hint: write the type out as an interface or type alias with explicit properties',
        'src/config.ts:7:6: Config.x: cannot find type `Missing`\n    hint: declare it in the plugin, or import it from a file of the plugin',
      ],
    ));

  it('recursive types, tuples, enums, classes, generics', () =>
    doTest(
      before(
        'interface Node { name: string; children: Node[] }\nenum Mode { A = "a" }\nclass C { x = 1 }\ninterface Box<T> { v: T }',
        '  tree: Node;\n  pair: [string, number];\n  mode: Mode;\n  c: C;\n  b: Box<string>;',
      ),
      [
        'src/config.ts:3:42: Config.tree.children[]: recursive type `Node`: an HCL block cannot contain itself\n    hint: limit the nesting: declare a separate interface for the inner level',
        'src/config.ts:9:9: Config.pair: tuple types are not supported\n    hint: use an array (`T[]`) or an interface with named properties',
        "src/config.ts:10:9: Config.mode: the enum `Mode` is not supported\n    hint: use a string-literal union: `type Mode = 'a' | 'b'`",
        'src/config.ts:11:6: Config.c: the class `C` is not supported (config values are plain data)\n    hint: declare `interface C` with the fields instead',
        'src/config.ts:12:6: Config.b: the generic type `Box` is not supported\n    hint: declare a non-generic interface or alias',
      ],
    ));

  it('HCL name collisions and reserved names', () =>
    doTest(
      withCommon(
        '  diskSize: number;\n  disk_size: number;\n  /** @hclName disk_size */\n  other: number;\n  packerForce2: boolean;\n  name: string;\n  type?: string;',
      ),
      [
        'src/config.ts:5:3: Config.disk_size: HCL name "disk_size" is also used by `diskSize`\n    hint: rename one of them or give one an @hclName',
        'src/config.ts:6:7: Config.other: HCL name "disk_size" is also used by `diskSize`\n    hint: rename one of them or give one an @hclName',
        'src/config.ts:8:3: Config.packerForce2: HCL name "packer_force2": the packer_ prefix is reserved for Packer\'s own fields\n    hint: rename the property or set @hclName',
        'src/config.ts:9:3: Config.name: HCL name "name" is reserved (Packer\'s JSON templates use it for the builder\'s own name)\n    hint: rename the property or set @hclName',
        'src/config.ts:10:3: Config.type: HCL name "type" is reserved (Packer\'s JSON templates use it for the builder\'s own type)\n    hint: rename the property or set @hclName',
      ],
    ));

  it('malformed, duplicated and misspelt JSDoc tags', () =>
    doTest(
      withCommon(
        '  /** @defualt 3 */\n  a: number;\n  /** @sensitive yes */\n  b: string;\n  /** @hclName Bad Name */\n  c: string;\n  /** @deprecated */\n  d: string;\n  /** @minItems x */\n  e: string;\n  /** @default 3\n   * @defaultValue 4 */\n  f: number;\n  /** @hclname x */\n  g: string;',
      ),
      [
        'src/config.ts:4:7: Config.a: unknown JSDoc tag @defualt\n    hint: did you mean @default?',
        'src/config.ts:6:7: Config.b: @sensitive takes no value (got "yes")\n    hint: write @sensitive alone on its line, after the description',
        'src/config.ts:8:7: Config.c: @hclName needs an HCL name (letters, digits, "_"; got "Bad Name")\n    hint: e.g. `@hclName disk_size_gb`',
        'src/config.ts:10:7: Config.d: @deprecated needs a message\n    hint: say what to use instead, e.g. `@deprecated Use disk_size instead.`',
        'src/config.ts:12:7: Config.e: @minItems needs a whole number ≥ 0 (got "x")\n    hint: e.g. `@minItems 1`',
        'src/config.ts:15:6: Config.f: @defaultValue given twice (also as @default)\n    hint: keep one',
        'src/config.ts:17:7: Config.g: unknown JSDoc tag @hclname\n    hint: did you mean @hclName?',
      ],
    ));

  it('@default values that do not fit the type', () =>
    doTest(
      withCommon(
        '  /** @default "x" */\n  a: number;\n  /** @default slow */\n  b: \'fast\' | \'safe\';\n  /** @default 5 */\n  c: Duration;\n  /** @default 1.5\n   * @integer */\n  d: number;\n  /** @default {bad */\n  e: Record<string, string>;\n  /** @default null */\n  f: string;\n  /** @default [1, "a"] */\n  g: number[];',
      ),
      [
        'src/config.ts:4:7: Config.a: the @default value "x" is not a number',
        'src/config.ts:6:7: Config.b: the @default value "slow" is not one of "fast", "safe"',
        'src/config.ts:8:7: Config.c: the @default value "5" is not a duration\n    hint: use Go duration syntax: "300ms", "5m", "1h30m"',
        'src/config.ts:10:7: Config.d: the @default value 1.5 is not a whole number (the property is @integer)',
        'src/config.ts:13:7: Config.e: cannot read the @default value `{bad`\n    hint: write JSON: `20`, `true`, `"a string"`, `["a", "b"]`, `{"key": "value"}`',
        'src/config.ts:15:7: Config.f: the @default value cannot be null\n    hint: leave out @default for "no default"',
        'src/config.ts:17:7: Config.g: the @default value[1] "a" is not a number',
      ],
    ));

  it('tags on the wrong kind of field', () =>
    doTest(
      withCommon(
        '  /** @integer */\n  a: string;\n  /** @minItems 1 */\n  b: string[];\n  /** @default {} */\n  c: { x: string };\n  /** @sensitive */\n  d: { x: string }[];\n  /** @minItems 3\n   * @maxItems 2 */\n  e: { x: string }[];',
      ),
      [
        'src/config.ts:4:7: Config.a: @integer applies to properties holding numbers\n    hint: remove @integer',
        'src/config.ts:6:7: Config.b: @minItems applies to arrays of interfaces (repeatable blocks) only\n    hint: remove the tag',
        'src/config.ts:8:7: Config.c: @default cannot be used on a nested block\n    hint: remove the tag',
        'src/config.ts:10:7: Config.d: @sensitive cannot be used on a repeatable block\n    hint: remove the tag',
        'src/config.ts:13:6: Config.e: @maxItems 2 is less than the minimum 3',
      ],
    ));

  it('objects inside map attributes, mixed checks, non-string keys, mixed index signatures', () =>
    doTest(
      withCommon(
        "  m: Record<string, { a?: string; b: number }>;\n  mix: Record<string, { mode: 'a' | 'b'; name: string }>;\n  k: Record<number, string>;\n  both: { [k: string]: string; x: string };",
      ),
      [
        'src/config.ts:4:23: Config.m[*].a: properties of objects inside a list or map attribute must be required (HCL object types have no optional attributes)\n    hint: remove the `?`, or make the outer property an array of interfaces (a repeatable block)',
        'src/config.ts:5:3: Config.mix: the strings inside this property need different checks ("a" | "b"; string), but one attribute carries one set of checks\n    hint: split it into separate properties, or make it an array of interfaces (a repeatable block)',
        'src/config.ts:6:13: Config.k: map keys must be `string` (got `number`)\n    hint: use `Record<string, T>`; for a fixed set of keys declare an interface',
        'src/config.ts:7:11: Config.both: an object type cannot mix properties and an index signature\n    hint: move the map into its own property: `tags: Record<string, string>`',
      ],
    ));

  it('types from npm packages, missing imports and unknown SDK types', () =>
    doTest(
      withCommon(
        '  t: Foo;\n  u: Bar;\n  v: NotSdk;',
        "import type { Foo } from 'some-package';\nimport type { Bar } from './nope.js';\nimport type { NotSdk } from 'generator-packer-builder';",
      ),
      [
        'src/config.ts:6:6: Config.t: `Foo` comes from the npm package "some-package", which regenerate-spec does not read\n    hint: declare the type in a file of the plugin',
        'src/config.ts:7:6: Config.u: cannot find "./nope.js" (imported for `Bar`)\n    hint: check the import path (relative imports end in .js)',
        'src/config.ts:8:6: Config.v: `NotSdk` from generator-packer-builder cannot be used in the config\n    hint: from the SDK only `Duration` (a field type), `PackerCommonConfig` and `CommunicatorConfig` (extended by Config) are understood',
      ],
    ));

  it('PackerCommonConfig below the top level; bad extends; duplicated base properties', () =>
    doTest(
      [
        "import type { PackerCommonConfig } from 'generator-packer-builder';",
        "import type { Foo } from 'pkg';",
        'interface Inner extends PackerCommonConfig { a: string }',
        'interface A { x: string }',
        'interface B { x: string }',
        "export interface Config extends PackerCommonConfig, Foo, Omit<A, 'x'>, Nope, A, B {",
        '  inner: Inner;',
        '  pcc?: PackerCommonConfig;',
        '}',
      ].join('\n'),
      [
        'src/config.ts:3:25: Config.inner: only the config type itself can extend PackerCommonConfig\n    hint: remove PackerCommonConfig from the nested type',
        'src/config.ts:5:15: Config.x: property `x` is declared twice (also at src/config.ts:4)\n    hint: declare it once',
        'src/config.ts:6:53: Config: cannot extend `Foo`: it comes from the npm package "pkg", which regenerate-spec does not read\n    hint: extend interfaces declared in the plugin, or PackerCommonConfig',
        "src/config.ts:6:58: Config: cannot extend `Omit<A, 'x'>`: utility types are not supported\n    hint: extend interfaces declared in the plugin, or PackerCommonConfig",
        'src/config.ts:6:72: Config: cannot extend `Nope`: `Nope` is not declared in the plugin\n    hint: extend interfaces declared in the plugin, or PackerCommonConfig',
        'src/config.ts:8:9: Config.pcc: PackerCommonConfig can only be extended by the config type itself\n    hint: write `interface Config extends PackerCommonConfig`; the packer_* fields are top-level',
      ],
    ));

  it('TypeScript syntax errors in the files read', () =>
    doTest(withCommon('  a: string;\n  b: ;'), [
      'src/config.ts:5:6: syntax error: Type expected.',
    ]));

  it('a missing config type or file', async () => {
    await doTest('export interface Other {}\n', [
      'src/config.ts:1:1: no interface or type alias named `Config`\n    hint: declare `export interface Config extends PackerCommonConfig { … }`, or set "packerBuilder.configType" in package.json',
    ]);
    const err = await renderSpecFiles(
      new Map([['src/generated-data.ts', 'export interface GeneratedData {}']]),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecSyncError);
    expect((err as SpecSyncError).message).toBe(
      "1 problem in the plugin's config types:\n" +
        '  src/config.ts: file not found (it should declare the `Config` type)\n' +
        '      hint: create it, or set "packerBuilder.config" in package.json',
    );
  });

  it('generated data: exported interface of string properties with valid, non-builtin names', () =>
    doTest(
      withCommon('  a?: string;'),
      [
        'src/generated-data.ts:1:1: GeneratedData: `GeneratedData` must be exported (the generated spec module imports it)\n    hint: write `export interface GeneratedData`',
        'src/generated-data.ts:3:3: GeneratedData.ID: "ID" is one of Packer\'s own build variables and would shadow Packer\'s value\n    hint: choose another name',
        'src/generated-data.ts:4:10: GeneratedData.Count: generated data values are strings (Packer passes them as strings), got `number`\n    hint: write `Count: string`',
        'src/generated-data.ts:5:3: GeneratedData.bad-name: "bad-name" is not a valid build variable name (letters, digits and "_", not starting with a digit)\n    hint: use PascalCase, e.g. `ImageId`',
        'src/generated-data.ts:6:3: GeneratedData: only `Name: string` properties are allowed\n    hint: declare one string property per build variable',
      ],
      {
        'src/generated-data.ts':
          'interface GeneratedData {\n  ImageId: string;\n  ID: string;\n  Count: number;\n  "bad-name": string;\n  m(): void;\n}\n',
      },
    ));

  it('reports problems from the config and the generated data together, sorted by file and position', async () => {
    const err = await renderSpecFiles(
      new Map([
        ['src/config.ts', withCommon('  b: Date;\n  a: any;')],
        ['src/generated-data.ts', 'export interface GeneratedData { X: number }\n'],
      ]),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecSyncError);
    expect((err as SpecSyncError).problems.map((p) => [p.file, p.line, p.column, p.path])).toEqual([
      ['src/config.ts', 4, 6, 'Config.b'],
      ['src/config.ts', 5, 6, 'Config.a'],
      ['src/generated-data.ts', 1, 37, 'GeneratedData.X'],
    ]);
    expect((err as SpecSyncError).message.split('\n')[0]).toBe(
      "3 problems in the plugin's config types:",
    );
  });
});
