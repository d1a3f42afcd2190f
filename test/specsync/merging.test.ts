/**
 * Issue 9 §2: `Config` (and nested interfaces) declared in more than one place merge as
 * TypeScript merges them, `declare module` augmentations in other files included; and the union
 * forms whose messages pointed the wrong way (numeric literals, `true | false`,
 * `?: T | undefined`, types computed from values). One `doTest(input, expected)` per case:
 * expected is the evaluated spec, or the exact problems.
 */
import { describe, expect, it } from 'vitest';
import { commonSpecEntries } from '../../src/config/common.js';
import { decodeConfig } from '../../src/config/decode.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { doTest, evaluateSpecModule, render, withCommon } from './helpers.js';

const withEntries = (entries: Parameters<typeof spec.object>[0]) =>
  spec.object({ ...commonSpecEntries, ...entries });
const SDK = "import type { PackerCommonConfig } from 'generator-packer-builder';";

describe('declaration merging', () => {
  it.each<[string, string, ReturnType<typeof spec.object> | string[], Record<string, string>?]>([
    [
      'a second declaration in the same file adds its properties',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\nexport interface Config { b?: number }\n`,
      withEntries({
        a: spec.attr('a', cty.string, { required: true, property: 'a' }),
        b: spec.attr('b', cty.number, { property: 'b' }),
      }),
    ],
    [
      'the order does not matter: the extends of any declaration counts (packer_* kept)',
      `${SDK}\nexport interface Config { b?: number }\nexport interface Config extends PackerCommonConfig { a: string }\n`,
      withEntries({
        b: spec.attr('b', cty.number, { property: 'b' }),
        a: spec.attr('a', cty.string, { required: true, property: 'a' }),
      }),
    ],
    [
      'the extends of every declaration are flattened',
      `${SDK}\ninterface Net { network: string }\ninterface Disk { size: number }\nexport interface Config extends PackerCommonConfig, Net { a: string }\nexport interface Config extends Disk {}\n`,
      withEntries({
        network: spec.attr('network', cty.string, { required: true, property: 'network' }),
        size: spec.attr('size', cty.number, { required: true, property: 'size' }),
        a: spec.attr('a', cty.string, { required: true, property: 'a' }),
      }),
    ],
    [
      'a declare module augmentation in another file (not imported by anyone) merges',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\n`,
      withEntries({
        a: spec.attr('a', cty.string, { required: true, property: 'a' }),
        zone: spec.attr('zone', cty.string, { property: 'zone', description: 'The zone.' }),
      }),
      {
        'src/zone.ts':
          "export {};\ndeclare module './config.js' {\n  interface Config {\n    /** The zone. */\n    zone?: string;\n  }\n}\n",
      },
    ],
    [
      'augmentations from nested folders and .d.ts files merge too',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\n`,
      withEntries({
        a: spec.attr('a', cty.string, { required: true, property: 'a' }),
        x: spec.attr('x', cty.bool, { property: 'x' }),
        y: spec.attr('y', cty.number, { property: 'y' }),
      }),
      {
        'src/ext/more.ts': "export {};\ndeclare module '../config.js' { interface Config { x?: boolean } }\n",
        'types/extra.d.ts': "export {};\ndeclare module '../src/config.js' { interface Config { y?: number } }\n",
        'node_modules/pkg/index.d.ts': "export {};\ndeclare module '../../src/config.js' { interface Config { ignored?: string } }\n",
      },
    ],
    [
      'nested interfaces merge (blocks get every declaration\'s fields)',
      `${SDK}\ninterface Disk { size: number }\ninterface Disk { label?: string }\nexport interface Config extends PackerCommonConfig { disk: Disk; disks?: Disk[] }\n`,
      withEntries({
        disk: spec.block(
          'disk',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
            label: spec.attr('label', cty.string, { property: 'label' }),
          }),
          { required: true, property: 'disk' },
        ),
        disks: spec.blockList(
          'disks',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
            label: spec.attr('label', cty.string, { property: 'label' }),
          }),
          { property: 'disks' },
        ),
      }),
    ],
    [
      'a nested interface augmented from another file',
      `${SDK}\nexport interface Disk { size: number }\nexport interface Config extends PackerCommonConfig { disk?: Disk }\n`,
      withEntries({
        disk: spec.block(
          'disk',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
            label: spec.attr('label', cty.string, { property: 'label' }),
          }),
          { property: 'disk' },
        ),
      }),
      { 'src/disk-ext.ts': "export {};\ndeclare module './config.js' {\n  interface Disk { label?: string }\n}\n" },
    ],
    [
      'a value of the same name as a type alias is not a second declaration',
      `${SDK}\nexport const Mode = { Fast: 'fast', Safe: 'safe' } as const;\nexport type Mode = (typeof Mode)[keyof typeof Mode];\nexport interface Config extends PackerCommonConfig { mode?: Mode }\n`,
      withEntries({ mode: spec.attr('mode', cty.string, { property: 'mode', enum: ['fast', 'safe'] }) }),
    ],
    [
      'a property declared in two declarations is refused with both places',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\nexport interface Config {\n  a: string;\n}\n`,
      [
        'src/config.ts:4:3: Config.a: property `a` is declared twice (also at src/config.ts:2)\n    hint: declare it once: merged declarations of an interface share one set of properties',
      ],
    ],
    [
      'an interface and a class of the same name are refused with both places',
      `${SDK}\ninterface Disk { size: number }\nclass Disk { label = '' }\nexport interface Config extends PackerCommonConfig { disk: Disk }\n`,
      [
        'src/config.ts:4:60: Config.disk: `Disk` is declared 2 times as an interface and a class (src/config.ts:2, src/config.ts:3); only interfaces merge\n    hint: keep one declaration of `Disk`, or make them all interfaces',
      ],
    ],
    [
      'an augmentation naming a module that does not exist is refused (TypeScript would drop it)',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\n`,
      [
        "src/zone.ts:2:16: Config: this augmentation of `Config` names \"./confg.js\", which does not resolve to a file, so its properties would be ignored\n    hint: write `declare module './config.js'`",
      ],
      { 'src/zone.ts': "export {};\ndeclare module './confg.js' {\n  interface Config { zone?: string }\n}\n" },
    ],
    [
      'problems inside an augmentation are located in its file',
      `${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\n`,
      [
        'src/zone.ts:3:28: Config.when: `Date` has no HCL type\n    hint: use a string (e.g. an ISO 8601 timestamp) and parse it in prepare()',
      ],
      { 'src/zone.ts': "export {};\ndeclare module './config.js' {\n  interface Config { when: Date }\n}\n" },
    ],
  ])('%s', (_title, config, expected, files) => doTest(config, expected, files ?? {}));

  it('lists an augmentation among the sources of the generated files', async () => {
    const out = await render(`${SDK}\nexport interface Config extends PackerCommonConfig { a: string }\n`, {
      'src/zone.ts': "export {};\ndeclare module './config.js' { interface Config { zone?: string } }\n",
    });
    expect(out.get('src/config.hcl2spec.ts')).toContain(
      'Generated from src/config.ts (Config), src/zone.ts and src/generated-data.ts (GeneratedData)',
    );
    expect(out.get('docs/configuration.md')).toContain('`zone`');
  });
});

describe('union forms', () => {
  it.each<[string, string, ReturnType<typeof spec.object> | string[], Record<string, string>?]>([
    [
      'a numeric-literal union is a number with allowed values (also negative, via aliases)',
      withCommon("  cpus?: 1 | 2 | 4;\n  offset: -1 | 0 | 1;\n  level?: Level;\n  /** @default 2 */\n  n?: 1 | 2;").replace(
        'export interface',
        'type Level = 10 | 20;\nexport interface',
      ),
      withEntries({
        cpus: spec.attr('cpus', cty.number, { property: 'cpus', enum: [1, 2, 4] }),
        offset: spec.attr('offset', cty.number, { required: true, property: 'offset', enum: [-1, 0, 1] }),
        level: spec.attr('level', cty.number, { property: 'level', enum: [10, 20] }),
        n: spec.attr('n', cty.number, { property: 'n', default: 2, enum: [1, 2] }),
      }),
    ],
    [
      'numeric-literal unions inside lists and maps check every number',
      withCommon('  sizes?: (8 | 16)[];\n  byName?: Record<string, 8 | 16>;'),
      withEntries({
        sizes: spec.attr('sizes', cty.list(cty.number), { property: 'sizes', enum: [8, 16] }),
        by_name: spec.attr('by_name', cty.map(cty.number), { property: 'byName', enum: [8, 16] }),
      }),
    ],
    [
      'true | false (and boolean | true) is a bool',
      withCommon('  flag?: true | false;\n  other: boolean | true;'),
      withEntries({
        flag: spec.attr('flag', cty.bool, { property: 'flag' }),
        other: spec.attr('other', cty.bool, { required: true, property: 'other' }),
      }),
    ],
    [
      '`?: T | undefined` is `?: T` (string, literal unions, Duration, lists, blocks)',
      withCommon(
        "  b?: string | undefined;\n  m?: 'x' | 'y' | undefined;\n  w?: Duration | undefined;\n  l?: (string[]) | undefined;\n  d?: { s: string } | undefined;",
      ),
      withEntries({
        b: spec.attr('b', cty.string, { property: 'b' }),
        m: spec.attr('m', cty.string, { property: 'm', enum: ['x', 'y'] }),
        w: spec.attr('w', cty.string, { property: 'w', duration: true }),
        l: spec.attr('l', cty.list(cty.string), { property: 'l' }),
        d: spec.block('d', spec.object({ s: spec.attr('s', cty.string, { required: true, property: 's' }) }), {
          property: 'd',
        }),
      }),
    ],
    [
      'types computed from values resolve through the checker: (typeof X)[number], keyof typeof, indexed access, template literals',
      withCommon(
        "  mode?: (typeof MODES)[number];\n  size?: (typeof SIZES)[number];\n  key?: keyof typeof PRESETS;\n  preset?: (typeof PRESETS)[keyof typeof PRESETS];\n  tier?: `t-${'a' | 'b'}`;",
        "import { MODES, SIZES, PRESETS } from './modes.js';",
      ),
      withEntries({
        mode: spec.attr('mode', cty.string, { property: 'mode', enum: ['fast', 'safe'] }),
        size: spec.attr('size', cty.number, { property: 'size', enum: [1, 2, 4] }),
        key: spec.attr('key', cty.string, { property: 'key', enum: ['small', 'large'] }),
        preset: spec.attr('preset', cty.number, { property: 'preset', enum: [1, 8] }),
        tier: spec.attr('tier', cty.string, { property: 'tier', enum: ['t-a', 't-b'] }),
      }),
      {
        'src/modes.ts':
          "export const MODES = ['fast', 'safe'] as const;\nexport const SIZES = [1, 2, 4] as const;\nexport const PRESETS = { small: 1, large: 8 } as const;\n",
      },
    ],
    [
      'refused with the real limit and the fix',
      withCommon(
        "  a: string | number;\n  b: string | undefined;\n  c: string | null;\n  d: 1 | 'one';\n  e: true;\n  f?: (string | undefined)[];\n  g?: (typeof LOOSE)[number];\n  h?: typeof NAME;\n  i: 'a' | { x: string };",
        "import { LOOSE, NAME } from './modes.js';",
      ),
      [
        "src/config.ts:4:6: Config.a: the union `string | number` mixes types\n    hint: a property has one HCL type: use literals of one kind (`'fast' | 'safe'`, `1 | 2 | 4`, `true | false`) or one type; use separate properties for different kinds of value",
        'src/config.ts:5:6: Config.b: `| undefined` on a property without `?` is not supported\n    hint: make the property optional with `?` instead (`name?: T`)',
        'src/config.ts:6:6: Config.c: `| null` is not supported\n    hint: make the property optional with `?` instead (`name?: T`)',
        "src/config.ts:7:6: Config.d: the union `1 | 'one'` mixes string and number literals\n    hint: use one kind of literal: all strings (`'1' | '2' | 'auto'`) or all numbers (`1 | 2 | 4`)",
        'src/config.ts:8:6: Config.e: the literal type `true` is not supported\n    hint: use `boolean`',
        'src/config.ts:9:8: Config.f[]: `| undefined` is not supported inside a list or map\n    hint: HCL lists and maps hold no missing values: remove `| undefined`',
        "src/config.ts:10:7: Config.g: `(typeof LOOSE)[number]` resolves to `string`, not a union of literals\n    hint: declare the array `as const` in a file of the plugin (`const MODES = ['fast', 'safe'] as const`), or write the union out: `'fast' | 'safe'`",
        "src/config.ts:11:7: Config.h: `typeof NAME` resolves to `string`, not a union of literals\n    hint: regenerate-spec maps computed types only when they resolve to string, number or boolean literals; write the type out (`'fast' | 'safe'`)",
        "src/config.ts:12:6: Config.i: the union `'a' | { x: string }` mixes types\n    hint: a property has one HCL type: use literals of one kind (`'fast' | 'safe'`, `1 | 2 | 4`, `true | false`) or one type; use separate properties for different kinds of value",
      ],
      { 'src/modes.ts': "export const LOOSE = ['fast', 'safe'];\nexport const NAME: string = 'x';\n" },
    ],
    [
      'a @default outside a numeric-literal union, and mixed number checks in one attribute',
      withCommon('  /** @default 3 */\n  cpus?: 1 | 2 | 4;\n  m?: Record<string, { a: 1 | 2; b: number }>;'),
      [
        'src/config.ts:4:7: Config.cpus: the @default value 3 is not one of 1, 2, 4',
        'src/config.ts:6:3: Config.m: the numbers inside this property need different checks (1 | 2; number), but one attribute carries one set of checks\n    hint: split it into separate properties, or make it an array of interfaces (a repeatable block)',
      ],
    ],
  ])('%s', (_title, config, expected, files) => doTest(config, expected, files ?? {}));

  it('the decoder enforces a numeric-literal union like a string enum (also inside lists)', async () => {
    const out = await render(withCommon('  cpus?: 1 | 2 | 4;\n  sizes?: (8 | 16)[];'));
    const { configSpec } = await evaluateSpecModule(out.get('src/config.hcl2spec.ts') as string);
    const ok = decodeConfig<{ cpus?: number; sizes?: number[] }>(configSpec, [{ cpus: 2, sizes: [8, 16] }]);
    expect(ok.config.cpus).toBe(2);
    expect(() => decodeConfig(configSpec, [{ cpus: 3, sizes: [8, 12] }])).toThrow(
      /cpus: 3 is not an allowed value; use 1, 2 or 4[\s\S]*sizes\[1\]: 12 is not an allowed value; use 8 or 16/,
    );
    expect(out.get('docs/configuration.md')).toContain('One of `1`, `2`, `4`.');
  });
});
