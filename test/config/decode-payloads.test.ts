// Decoding the exact payloads Packer 1.6.6 sent in the captured sessions (protocol spec §8).
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { clearSecrets } from '../../src/secrets/index.js';
import { prepareConfigs, rawBytes } from './vectors.js';

afterEach(() => clearSecrets());

/** The file builder's spec (content, source, target), as in configspec-builder-file. */
const fileSpec = spec.object({
  content: spec.attr('content', cty.string),
  source: spec.attr('source', cty.string),
  target: spec.attr('target', cty.string, { required: true }),
});

/** The Node test builder's spec (configspec/own-encoder-nodefake.spec.json), its labelled block as a map. */
const nodefakeSpec = spec.object({
  message: spec.attr('message', cty.string, { required: true }),
  sleep_seconds: spec.attr('sleep_seconds', cty.number, { property: 'sleepSeconds', integer: true }),
  tags: spec.attr('tags', cty.map(cty.string)),
  items: spec.attr('items', cty.list(cty.string)),
  shape: spec.attr('shape', cty.object({ a: cty.string, b: cty.number })),
  opts: spec.block(
    'opts',
    spec.object({
      verbose: spec.attr('verbose', cty.bool),
      level: spec.attr('level', cty.number, { property: 'logLevel' }),
    }),
  ),
  step: spec.blockList('step', spec.object({ name: spec.attr('name', cty.string, { required: true }) })),
  labels: spec.blockAttrs('labels', cty.string),
  target: spec.attr('target', cty.map(cty.object({ path: cty.string }))),
});

const nodefakeConfig = {
  message: 'hello from hcl',
  sleepSeconds: 0,
  tags: { env: 'dev', team: 'x' },
  items: ['i1', 'i2'],
  shape: { a: 'x', b: 2 },
  opts: { verbose: true, logLevel: 3 },
  step: [{ name: 's1' }, { name: 's2' }],
  labels: { k1: 'v1' },
  target: { t1: { path: '/p1' }, t2: { path: '/p2' } },
};

/** An HCL2 payload made from the captured nodefake document with some values replaced. */
function nodefakeBytes(changes: Record<string, unknown>): Uint8Array {
  const doc = JSON.parse(
    Buffer.from(rawBytes('misc/cty-json-prepare-nodefake.raw.json')).toString('utf8'),
  ) as {
    value: Record<string, unknown>;
  };
  Object.assign(doc.value, changes);
  return new TextEncoder().encode(JSON.stringify(doc));
}

const doTest = (raws: unknown[], expected: Record<string, unknown>, s = nodefakeSpec) => {
  const result = decodeConfig<Record<string, unknown>>(s, raws);
  expect(result.config).toEqual(expected);
  expect(result.warnings).toEqual([]);
};

const doFail = (raws: unknown[], expected: string, s = nodefakeSpec) => {
  expect(() => decodeConfig(s, raws)).toThrow(ConfigError);
  expect(() => decodeConfig(s, raws)).toThrow(expected);
  try {
    decodeConfig(s, raws);
  } catch (e) {
    expect((e as Error).message).toBe(expected);
  }
};

describe('captured Builder.Prepare payloads', () => {
  it('JSON template: [builder map, packer_* map with real booleans], interpolated', () => {
    const raws = prepareConfigs('builder-prepare-json-req');
    expect(raws[0]).toEqual({ content: 'hi {{user `who`}}', target: 'out.txt' });
    doTest(
      raws,
      {
        content: 'hi world',
        target: 'out.txt',
        packerBuildName: 'f1',
        packerBuilderType: 'file',
        packerCoreVersion: '1.6.6',
        packerDebug: false,
        packerForce: false,
        packerOnError: '',
        packerUserVariables: { who: 'world', '': '' },
      },
      fileSpec,
    );
  });

  it('HCL2 template: [packer_* string map with "false", cty JSON bytes with nulls]', () => {
    const raws = prepareConfigs('builder-prepare-hcl2-req');
    expect(raws[1]).toBeInstanceOf(Uint8Array);
    doTest(
      raws,
      {
        packerBuildName: 'f1',
        packerBuilderType: 'file',
        packerDebug: false,
        packerForce: false,
        packerOnError: '',
        content: 'hi world',
        target: 'out.txt',
      },
      fileSpec,
    );
  });

  it('HCL2 with every spec kind (nodefake session), property names applied in blocks too', () => {
    doTest(prepareConfigs('builder-prepare-hcl2-nodefake-req'), {
      packerBuildName: 'a',
      packerBuilderType: 'nodefake',
      packerDebug: false,
      packerForce: false,
      packerOnError: '',
      ...nodefakeConfig,
    });
  });

  it('the captured cty JSON bytes alone', () => {
    doTest([rawBytes('misc/cty-json-prepare-nodefake.raw.json')], nodefakeConfig);
    doTest(
      [rawBytes('misc/cty-json-prepare-file-builder.raw.json')],
      { content: 'hi world', target: 'out.txt' },
      fileSpec,
    );
  });
});

describe('HCL2 payloads with problems', () => {
  it('a required attribute that is null', () => {
    doFail(
      [nodefakeBytes({ message: null })],
      '1 error(s) occurred:\n\n* message is required: set "message" in the builder\'s configuration',
    );
  });

  it('a required attribute in a block list element', () => {
    doFail(
      [nodefakeBytes({ step: [{ name: 's1' }, { name: null }] })],
      '1 error(s) occurred:\n\n* step[1].name is required: set "name" in step[1] (a "step" block)',
    );
  });

  it('an integer field with a fraction, and every problem at once', () => {
    doFail(
      [nodefakeBytes({ sleep_seconds: 1.5, message: null, shape: { a: 'x', b: 2, c: 1 } })],
      '3 error(s) occurred:\n\n' +
        '* sleep_seconds: expected a whole number, got 1.5\n' +
        '* unknown configuration key: \'"shape.c"\'\n' +
        '* message is required: set "message" in the builder\'s configuration',
    );
  });

  it('an absent block is left out, an empty block list is []', () => {
    const config = decodeConfig<Record<string, unknown>>(nodefakeSpec, [
      nodefakeBytes({ opts: null, step: [] }),
    ]).config;
    expect(config['opts']).toBeUndefined();
    expect(config['step']).toEqual([]);
  });

  it('interpolate.hcl2 = false leaves HCL2 strings verbatim (opt-out)', () => {
    const config = decodeConfig<Record<string, unknown>>(
      nodefakeSpec,
      [nodefakeBytes({ message: 'literal {{timestamp}} and {{ nope }}' })],
      { interpolate: { hcl2: false } },
    ).config;
    expect(config['message']).toBe('literal {{timestamp}} and {{ nope }}');
  });

  it('interpolates HCL2 strings like Packer 1.6.6 Go builders do (the default)', () => {
    // Live Packer 1.6.6 with the Go file builder and content = "ts={{timestamp}} bn={{build_name}}"
    // wrote "ts=<unix time> bn=f1".
    const raws = prepareConfigs('builder-prepare-hcl2-req');
    const doc = JSON.parse(Buffer.from(raws[1] as Uint8Array).toString('utf8')) as {
      value: Record<string, unknown>;
    };
    doc.value['content'] = 'ts={{timestamp}} bn={{build_name}}';
    const config = decodeConfig<Record<string, unknown>>(
      fileSpec,
      [raws[0], new TextEncoder().encode(JSON.stringify(doc))],
      { interpolate: { context: { now: new Date(Date.UTC(2021, 2, 4, 5, 6, 7)) } } },
    ).config;
    expect(config['content']).toBe('ts=1614834367 bn=f1');
    expect(config['packerDebug']).toBe(false);
  });

  it('a payload that is not cty JSON', () => {
    doFail(
      [new TextEncoder().encode('{"value":')],
      '1 error(s) occurred:\n\n* configuration #1: the HCL2 payload is not valid cty JSON (Unexpected end of JSON input)',
    );
    doFail(
      [{}, new TextEncoder().encode('[1]')],
      '1 error(s) occurred:\n\n* configuration #2: the HCL2 payload must be a JSON object {"value": ..., "type": ...}',
    );
    doFail(
      [new TextEncoder().encode('{"value":[1],"type":["list","number"]}')],
      '1 error(s) occurred:\n\n* configuration #1: the HCL2 payload\'s "value" must be an object, got a list',
    );
  });

  it('a raw that is not a map', () => {
    doFail(
      [{ message: 'x' }, 42],
      '1 error(s) occurred:\n\n* configuration #2: expected a map of settings, got a number',
    );
  });

  it('skips null raws and accepts Map raws', () => {
    doTest([null, new Map<string, unknown>([['message', 'from a Map']]), undefined], {
      message: 'from a Map',
      step: [],
    });
  });
});
