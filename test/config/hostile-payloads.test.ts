/**
 * Hostile and odd configuration payloads (issue 10 §3, §5): prototype probes in every payload
 * shape, nesting past the decode limit, and Go-template strings in HCL2 values.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig, renderTemplate, TemplateSyntaxError } from '../../src/config/index.js';
import { MAX_DECODE_DEPTH } from '../../src/config/depth.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { decodeValue, encodeValue } from '../../src/rpc/netrpc/codec.js';
import { clearSecrets } from '../../src/secrets/index.js';

const testSpec = spec.object({
  message: spec.attr('message', cty.string, { required: true }),
  labels: spec.attr('labels', cty.map(cty.string)),
  any: spec.attr('any', cty.dynamic),
  settings: spec.attr('settings', cty.object({ a: cty.string })),
});

const PROBES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A JSON object with an own `key` (JSON.parse keeps `__proto__` as an own property). */
function own(key: string, value: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}${Object.keys(rest).length ? ',' + JSON.stringify(rest).slice(1, -1) : ''}}`) as Record<string, unknown>;
}

/** The HCL2 cty-JSON bytes of a source block. */
function ctyBytes(valueJson: string): Uint8Array {
  return new TextEncoder().encode(`{"value":${valueJson},"type":["object",{}]}`);
}

/** What the JSON template's packer_* map looks like after msgpack (as Packer sends it). */
function viaMsgpack<T>(value: T): T {
  return decodeValue(encodeValue(value)) as T;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

afterEach(() => {
  clearSecrets();
  const probe: Record<string, unknown> = {};
  expect(probe['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(typeof Object.prototype.toString).toBe('function');
});

describe('prototype probes in a JSON template', () => {
  it.each(PROBES)('%s at the config level: Go\'s "unknown configuration key" error', (key) => {
    const raw = viaMsgpack(own(key, { polluted: 'yes' }, { message: 'hi' }));
    expect(errorOf(() => decodeConfig(testSpec, [raw]))).toBe(
      `1 error(s) occurred:\n\n* unknown configuration key: '"${key}"'`,
    );
  });

  it.each(PROBES)('%s as a user variable the builder never reads: accepted, and {{user} gives its value', (key) => {
    const raw = viaMsgpack({
      message: `v={{user \`${key}\`}}`,
      packer_user_variables: own(key, 'from-var', { other: 'o' }),
    });
    const { config } = decodeConfig<{ message: string }>(testSpec, [raw]);
    expect(config.message).toBe('v=from-var');
  });

  it.each(PROBES)('{{user `%s`}} with no such variable renders empty, never a prototype member', (key) => {
    const raw = viaMsgpack({ message: `[{{user \`${key}\`}}]`, packer_user_variables: { other: 'o' } });
    expect(decodeConfig<{ message: string }>(testSpec, [raw]).config.message).toBe('[]');
  });

  it.each(PROBES)('%s as a map key and inside a dynamic value: an own key of the result', (key) => {
    const raw = viaMsgpack({ message: 'm', labels: own(key, 'l'), any: { nested: own(key, { polluted: 1 }) } });
    const { config } = decodeConfig<{ labels: Record<string, string>; any: { nested: Record<string, unknown> } }>(testSpec, [raw]);
    expect(Object.getOwnPropertyDescriptor(config.labels, key)?.value).toBe('l');
    expect(Object.keys(config.any.nested)).toEqual([key]);
    expect(Object.getPrototypeOf(config.labels)).toBe(Object.prototype);
  });

  it.each(PROBES)('%s inside an object attribute: unknown key named with its path', (key) => {
    const raw = viaMsgpack({ message: 'm', settings: own(key, 'x', { a: 'ok' }) });
    expect(errorOf(() => decodeConfig(testSpec, [raw]))).toContain(`unknown configuration key: '"settings.${key}"'`);
  });

  it('{{ .__proto__ }} and {{ .constructor }} on the template data find nothing', () => {
    expect(renderTemplate('{{ .__proto__ }}|{{ .constructor }}', { data: {} })).toBe('<no value>|<no value>');
  });
});

describe('prototype probes in an HCL2 payload (cty JSON)', () => {
  it.each(PROBES)('%s as a map key stays an own key', (key) => {
    const bytes = ctyBytes(`{"message":"m","labels":{${JSON.stringify(key)}:"l"}}`);
    const { config } = decodeConfig<{ labels: Record<string, string> }>(testSpec, [bytes]);
    expect(Object.keys(config.labels)).toEqual([key]);
  });

  it.each(PROBES)('%s at the block level is an unknown key', (key) => {
    const bytes = ctyBytes(`{"message":"m",${JSON.stringify(key)}:{"polluted":true}}`);
    expect(errorOf(() => decodeConfig(testSpec, [bytes]))).toContain(`unknown configuration key: '"${key}"'`);
  });
});

describe('nesting depth', () => {
  const deepJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it(`cty JSON deeper than ${MAX_DECODE_DEPTH}: a named error, no stack overflow`, () => {
    const message = errorOf(() => decodeConfig(testSpec, [ctyBytes(`{"message":"m","any":${deepJson(5000)}}`)]));
    expect(message).toBe(
      `1 error(s) occurred:\n\n* configuration #1: the HCL2 payload is nested too deeply: cty JSON: maximum decoding depth exceeded (more than ${MAX_DECODE_DEPTH} nested levels)`,
    );
  });

  it('cty JSON at a modest depth decodes, brackets inside strings do not count', () => {
    const { config } = decodeConfig<{ any: unknown; message: string }>(testSpec, [
      ctyBytes(`{"message":"${'[{'.repeat(2000)}","any":${deepJson(500)}}`),
    ]);
    expect(config.message).toBe('[{'.repeat(2000));
  });

  it('a JSON-template map deeper than the limit (5,000 levels of labels): a named error', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const message = errorOf(() => decodeConfig(testSpec, [{ message: 'm', labels: deep }]));
    expect(message).toContain('configuration #1: configuration map: maximum decoding depth exceeded');
    expect(message).not.toContain('call stack');
  });

  it("template parentheses deeper than the limit: Go's \"max expression depth exceeded\"", () => {
    const text = `{{ ${'('.repeat(5000)}upper \`x\`${')'.repeat(5000)} }}`;
    expect(() => renderTemplate(text)).toThrow(TemplateSyntaxError);
    expect(() => renderTemplate(text)).toThrow('template: root:1: max expression depth exceeded');
    const ok = `{{ ${'('.repeat(100)}upper \`x\`${')'.repeat(100)} }}`;
    expect(renderTemplate(ok)).toBe('X');
  });
});

describe('Go-template strings in HCL2 values (decoded like Go builders do)', () => {
  // Go's words, as Packer 1.6.6's Go `file` builder printed them for `content = …` in HCL2
  const cases: [string, string][] = [
    ['{{user `x`', 'message: template: root:1: unclosed action, in "{{user `x`"'],
    ['{{env `HOME`}}', 'message: template: root:1:2: executing "root" at <env `HOME`>: error calling env: env vars are not allowed here, in "{{env `HOME`}}"'],
    ['{{nope}}', 'message: template: root:1: function "nope" not defined, in "{{nope}}"'],
  ];
  it.each(cases)('%s is refused: %s', (text, expected) => {
    const message = errorOf(() => decodeConfig(testSpec, [{ packer_build_name: 'b' }, ctyBytes(JSON.stringify({ message: text }))]));
    expect(message).toBe(`1 error(s) occurred:\n\n* ${expected}`);
  });

  it('functions Go allows render, in map values too; packer_* values are never rendered', () => {
    const { config } = decodeConfig<{ message: string; labels: Record<string, string> }>(
      testSpec,
      [
        { packer_build_name: '{{nope}}', packer_builder_type: 'tsb' },
        ctyBytes(JSON.stringify({ message: '{{build_type}} {{ upper `a` }} {{ .Foo }}', labels: { k: '{{ lower `B` }}' } })),
      ],
    );
    expect(config.message).toBe('tsb A <no value>');
    expect(config.labels).toEqual({ k: 'b' });
  });
});

describe('{{user}} in HCL2, where Packer sends builders no packer_user_variables', () => {
  it('is refused, pointing at var.NAME', () => {
    const message = errorOf(() => decodeConfig(testSpec, [{ packer_build_name: 'b' }, ctyBytes(JSON.stringify({ message: '{{user `x`}}' }))]));
    expect(message).toContain('error calling user: user variables are not available');
    expect(message).toContain('in an HCL2 template use var.NAME');
  });
});
