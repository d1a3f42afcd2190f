/** Small pieces of regenerate-spec: HCL names, durations, @default parsing, paths, common docs. */
import { describe, expect, it } from 'vitest';
import { commonSpecEntries } from '../../src/config/common.js';
import { COMMON_FIELD_DOCS } from '../../src/specsync/common-docs.js';
import { parseDefault } from '../../src/specsync/defaults.js';
import { isGoDuration } from '../../src/config/duration.js';
import { hclNameOf } from '../../src/specsync/hcl-name.js';
import {
  DEFAULT_SPEC_SYNC_PATHS,
  normalizeRelative,
  pathsFromPackageJson,
  resolvePaths,
} from '../../src/specsync/paths.js';
import type { Shape } from '../../src/specsync/shapes.js';

describe('hclNameOf', () => {
  const cases: [string, string][] = [
    ['region', 'region'],
    ['sshTimeout', 'ssh_timeout'],
    ['diskSizeGB', 'disk_size_gb'],
    ['http2Port', 'http2_port'],
    ['HTTPServer', 'http_server'],
    ['sshKeyID', 'ssh_key_id'],
    ['ipv6Address', 'ipv6_address'],
    ['already_snake', 'already_snake'],
    ['disk-label', 'disk_label'],
  ];
  it.each(cases)('%s → %s', (property, hcl) => expect(hclNameOf(property)).toBe(hcl));
});

describe('isGoDuration', () => {
  it.each(['0', '300ms', '5m', '1h30m', '-1.5h', '2h45m0.5s', '1us', '1µs', '.5s', '+3s'])(
    'accepts %s',
    (d) => expect(isGoDuration(d)).toBe(true),
  );
  it.each(['', '5', '1d', 'm', '1h 30m', '1.s.', 'abc'])('refuses %j', (d) =>
    expect(isGoDuration(d)).toBe(false),
  );
});

describe('parseDefault', () => {
  const node = undefined as never;
  const str: Shape = { kind: 'string', node };
  const num: Shape = { kind: 'number', node };
  const cases: [string, Shape, unknown][] = [
    ['20', num, 20],
    ['`20`', num, 20],
    ['"a b"', str, 'a b'],
    ["'a b'", str, 'a b'],
    ['us-east-1', str, 'us-east-1'],
    ['8080', str, '8080'],
    ['true', str, 'true'],
    ['["a"]', { kind: 'list', element: str, node }, ['a']],
    ['{"k": 1}', { kind: 'map', element: num, node }, { k: 1 }],
  ];
  it.each(cases)('%s', (text, shape, value) =>
    expect(parseDefault(text, shape)).toEqual({ ok: true, value }),
  );
  it('refuses values that do not fit', () => {
    expect(parseDefault('"x"', num)).toEqual({
      ok: false,
      message: 'the @default value "x" is not a number',
    });
    expect(parseDefault('a b', str)).toEqual({
      ok: false,
      message: 'cannot read the @default value `a b`',
      hint: 'write JSON: `20`, `true`, `"a string"`, `["a", "b"]`, `{"key": "value"}`',
    });
  });
});

describe('paths', () => {
  it('defaults', () => {
    expect(resolvePaths()).toEqual({
      config: 'src/config.ts',
      configType: 'Config',
      generatedData: 'src/generated-data.ts',
      generatedDataType: 'GeneratedData',
      spec: 'src/config.hcl2spec.ts',
      docs: 'docs/configuration.md',
    });
    expect(resolvePaths({ docs: './doc\\ref.md' }).docs).toBe('doc/ref.md');
  });
  it('normalizeRelative', () => {
    expect(normalizeRelative('./a//b/./c.ts')).toBe('a/b/c.ts');
    expect(normalizeRelative('/abs.ts')).toBeUndefined();
    expect(normalizeRelative('a/../../b')).toBeUndefined();
  });
  it('reads packerBuilder from package.json text', () => {
    expect(pathsFromPackageJson('{"name":"x"}')).toEqual({});
    expect(pathsFromPackageJson('{"packerBuilder":{"spec":"gen/spec.ts"}}')).toEqual({
      spec: 'gen/spec.ts',
    });
    expect(() => pathsFromPackageJson('{"packerBuilder":[]}')).toThrow(
      'package.json: "packerBuilder" must be an object',
    );
    expect(() => pathsFromPackageJson('{nope')).toThrow(/package\.json: not valid JSON/);
  });
  it('every default key is a known packerBuilder key', () => {
    expect(
      Object.keys(pathsFromPackageJson(JSON.stringify({ packerBuilder: DEFAULT_SPEC_SYNC_PATHS }))),
    ).toEqual(Object.keys(DEFAULT_SPEC_SYNC_PATHS));
  });
});

describe('common field docs', () => {
  it('describe exactly the fields of commonSpecEntries', () => {
    expect(Object.keys(COMMON_FIELD_DOCS)).toEqual(Object.keys(commonSpecEntries));
  });
});
