// JSON templates are decoded like Go's mapstructure with WeaklyTypedInput (packer-plugin-sdk
// config.Decode at v1.6.6). Accepted values and results were checked against that Go code.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { clearSecrets } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

const s = spec.object({
  str: spec.attr('str', cty.string),
  int: spec.attr('int', cty.number, { integer: true }),
  num: spec.attr('num', cty.number),
  flag: spec.attr('flag', cty.bool),
  list: spec.attr('list', cty.list(cty.string)),
  nums: spec.attr('nums', cty.list(cty.number), { integer: true }),
  set: spec.attr('set', cty.set(cty.string)),
  tags: spec.attr('tags', cty.map(cty.string)),
  counts: spec.attr('counts', cty.map(cty.number)),
  shape: spec.attr('shape', cty.object({ a: cty.string, b: cty.number })),
  pair: spec.attr('pair', cty.tuple([cty.string, cty.bool])),
  any: spec.attr('any', cty.dynamic),
  opts: spec.block('opts', spec.object({ level: spec.attr('level', cty.number, { integer: true }) })),
  disk: spec.blockList('disk', spec.object({ size: spec.attr('size', cty.number, { integer: true }) })),
});

/** Decodes `{ [field]: input }` and returns that field's value. */
function decodeField(field: string, input: unknown): unknown {
  return decodeConfig<Record<string, unknown>>(s, [{ [field]: input }], { interpolate: false }).config[field];
}

const doTest = (field: string, input: unknown, expected: unknown) => {
  expect(decodeField(field, input)).toEqual(expected);
};

const doFail = (field: string, input: unknown, problem: string) => {
  let error: unknown;
  try {
    decodeField(field, input);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe(`1 error(s) occurred:\n\n* ${problem}`);
};

describe('accepted like Go (weakly typed input)', () => {
  it.each<[string, unknown, unknown]>([
    // string <- string, number (FormatFloat 'f' -1), bool ("1"/"0"), binary data
    ['str', 'text', 'text'],
    ['str', 20, '20'],
    ['str', 1.5, '1.5'],
    ['str', 1e21, '1000000000000000000000'],
    ['str', 0.000001, '0.000001'],
    ['str', true, '1'],
    ['str', false, '0'],
    ['str', new TextEncoder().encode('bytes'), 'bytes'],
    // integer <- number, string (ParseInt base 0), bool
    ['int', 20, 20],
    ['int', '20', 20],
    ['int', '-7', -7],
    ['int', '0x10', 16],
    ['int', '0b101', 5],
    ['int', '0o17', 15],
    ['int', '010', 8],
    ['int', '1_000', 1000],
    ['int', true, 1],
    ['int', false, 0],
    // number <- number, string (ParseFloat), bool
    ['num', 1.5, 1.5],
    ['num', '1.5', 1.5],
    ['num', '1e3', 1000],
    ['num', '.5', 0.5],
    ['num', '1_000.5', 1000.5],
    ['num', '0x1p-2', 0.25],
    ['num', true, 1],
    // bool <- bool, number (!= 0), string (ParseBool, "" = false)
    ['flag', true, true],
    ['flag', 'true', true],
    ['flag', 'True', true],
    ['flag', 't', true],
    ['flag', '1', true],
    ['flag', 'F', false],
    ['flag', 'false', false],
    ['flag', '', false],
    ['flag', 2, true],
    ['flag', 0, false],
    // lists <- lists, comma-separated strings, single values, maps
    ['list', ['a', 'b'], ['a', 'b']],
    ['list', 'a,b', ['a', 'b']],
    ['list', 'a, b', ['a', ' b']],
    ['list', '', []],
    ['list', 'one', ['one']],
    ['list', 7, ['7']],
    ['list', [1, true], ['1', '1']],
    ['list', [null, 'b'], ['', 'b']],
    ['list', {}, []],
    ['nums', '1,2', [1, 2]],
    ['nums', ['0x10', 2], [16, 2]],
    ['set', ['x', 'y'], ['x', 'y']],
    // maps <- maps, lists of maps (merged); null values become the zero value
    ['tags', { env: 'dev' }, { env: 'dev' }],
    ['tags', [{ a: 'b' }, { c: 'd' }], { a: 'b', c: 'd' }],
    ['tags', { n: 3, b: true, z: null }, { n: '3', b: '1', z: '' }],
    ['tags', {}, {}],
    ['counts', { a: '2' }, { a: 2 }],
    // objects, tuples, dynamic
    ['shape', { a: 'x', b: '2' }, { a: 'x', b: 2 }],
    ['shape', { a: 'x' }, { a: 'x' }],
    ['shape', { A: 'x' }, { a: 'x' }],
    ['pair', ['x', 'true'], ['x', true]],
    ['any', { deep: [1, 'two', { three: null }] }, { deep: [1, 'two', { three: null }] }],
    // blocks: a single object for a block list, empty map = none
    ['opts', { level: '3' }, { level: 3 }],
    ['disk', [{ size: 1 }, { size: '2' }], [{ size: 1 }, { size: 2 }]],
    ['disk', { size: 12 }, [{ size: 12 }]],
    ['disk', {}, []],
  ])('%s <- %j', doTest);
});

describe('rejected, with the path and what was expected', () => {
  it.each<[string, unknown, string]>([
    ['str', ['a'], 'str: expected a string, got a list'],
    ['str', { a: 1 }, 'str: expected a string, got an object'],
    ['int', 'abc', 'int: expected a whole number, got "abc"'],
    ['int', '1.5', 'int: expected a whole number, got "1.5"'],
    ['int', '', 'int: expected a whole number, got ""'],
    ['int', ' 1', 'int: expected a whole number, got " 1"'],
    ['int', '08', 'int: expected a whole number, got "08"'],
    // Go would silently truncate 1.7 to 1.
    ['int', 1.7, 'int: expected a whole number, got 1.7'],
    ['int', '9223372036854775808', 'int: "9223372036854775808" is out of range for a 64-bit integer'],
    ['num', 'abc', 'num: expected a number, got "abc"'],
    ['num', '0x10', 'num: expected a number, got "0x10"'],
    ['num', 'NaN', 'num: expected a number, got "NaN"'],
    ['num', 'inf', 'num: expected a number, got "inf"'],
    ['num', [1], 'num: expected a number, got a list'],
    ['flag', 'yes', 'flag: expected true or false, got "yes"'],
    ['flag', [true], 'flag: expected true or false, got a list'],
    ['list', { a: '1' }, 'list[0]: expected a string, got an object'],
    ['nums', [1, 'x'], 'nums[1]: expected a whole number, got "x"'],
    ['tags', 'x', 'tags: expected a map of string, got "x"'],
    ['tags', ['x'], 'tags[0]: expected a map of string, got "x"'],
    ['tags', { env: ['dev'] }, 'tags["env"]: expected a string, got a list'],
    ['counts', { 'a b': 'x' }, 'counts["a b"]: expected a number, got "x"'],
    ['shape', 'x', 'shape: expected object({a=string, b=number}), got "x"'],
    ['shape', { a: 'x', c: 1 }, 'unknown configuration key: \'"shape.c"\''],
    ['shape', { a: 'x', b: 'two' }, 'shape.b: expected a number, got "two"'],
    ['pair', ['x'], 'pair: expected tuple([string, bool]), got a list'],
    ['pair', ['x', 'maybe'], 'pair[1]: expected true or false, got "maybe"'],
    ['opts', 'x', 'opts: expected a JSON object for the "opts" block, got "x"'],
    ['opts', [{ level: 1 }], 'opts: expected a JSON object for the "opts" block, got a list'],
    ['opts', { level: 'high' }, 'opts.level: expected a whole number, got "high"'],
    ['disk', 'x', 'disk[0]: expected a JSON object for a "disk" block, got "x"'],
    ['disk', [{ size: 1 }, { size: 'big' }], 'disk[1].size: expected a whole number, got "big"'],
  ])('%s <- %j', doFail);
});
