import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig, formatMultiError } from '../../src/config/index.js';
import { cty } from '../../src/hcl/cty.js';
import { spec, type ObjectSpec } from '../../src/hcl/spec.js';
import { clearSecrets } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

const s = spec.object({
  image_name: spec.attr('image_name', cty.string, { property: 'imageName', required: true }),
  disk_size: spec.attr('disk_size', cty.number, { property: 'diskSize', integer: true, default: 20 }),
  region: spec.attr('region', cty.string, { enum: ['eu-west', 'us-east'] }),
  zones: spec.attr('zones', cty.list(cty.string), { enum: ['a', 'b'] }),
  boot_wait: spec.attr('boot_wait', cty.string, { property: 'bootWait', duration: true, default: '10s' }),
  timeouts: spec.attr('timeouts', cty.map(cty.string), { duration: true }),
  old_name: spec.attr('old_name', cty.string, {
    property: 'oldName',
    deprecated: 'use "image_name" instead',
  }),
  tags: spec.attr('tags', cty.map(cty.string), { default: { managed: 'packer' } }),
  network: spec.block(
    'network',
    spec.object({
      name: spec.attr('name', cty.string, { required: true }),
      mtu: spec.attr('mtu', cty.number, { integer: true, default: 1500 }),
    }),
  ),
  disk: spec.blockList(
    'disk',
    spec.object({
      size: spec.attr('size', cty.number, { integer: true, required: true }),
      kind: spec.attr('kind', cty.string, { property: 'diskKind', enum: ['ssd', 'hdd'], default: 'ssd' }),
    }),
    { minItems: 1, maxItems: 2 },
  ),
});

type Config = Record<string, unknown>;

const doTest = (raws: unknown[], expected: Config, warnings: string[] = [], sp: ObjectSpec = s) => {
  const result = decodeConfig<Config>(sp, raws);
  expect(result.config).toEqual(expected);
  expect(result.warnings).toEqual(warnings);
};

const doFail = (raws: unknown[], problems: string[], sp: ObjectSpec = s) => {
  let error: unknown;
  try {
    decodeConfig(sp, raws);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe(formatMultiError(problems));
  expect((error as ConfigError).problems.map((p) => p.message)).toEqual(problems);
};

const minimal = { image_name: 'img', disk: [{ size: 10 }] };
const minimalOut = {
  imageName: 'img',
  diskSize: 20,
  bootWait: '10s',
  tags: { managed: 'packer' },
  disk: [{ size: 10, diskKind: 'ssd' }],
};

describe('defaults and property names', () => {
  it('applies defaults to absent and null fields, in blocks too', () => {
    doTest([minimal], minimalOut);
    doTest([{ ...minimal, disk_size: null, boot_wait: null }], minimalOut);
    doTest([{ ...minimal, network: { name: 'n' } }], { ...minimalOut, network: { name: 'n', mtu: 1500 } });
  });

  it('does not share default objects between decodes', () => {
    const a = decodeConfig<Config>(s, [minimal]).config;
    (a['tags'] as Record<string, string>)['changed'] = 'yes';
    expect(decodeConfig<Config>(s, [minimal]).config['tags']).toEqual({ managed: 'packer' });
  });
});

describe('checks', () => {
  it('required attributes, blocks and block counts', () => {
    doFail(
      [{}],
      [
        'image_name is required: set "image_name" in the builder\'s configuration',
        'disk: at least 1 "disk" block(s) required, got 0',
      ],
    );
    doFail(
      [{ ...minimal, disk: [{ size: 1 }, { size: 2 }, {}] }],
      [
        'disk: at most 2 "disk" block(s) allowed, got 3',
        'disk[2].size is required: set "size" in disk[2] (a "disk" block)',
      ],
    );
    doFail([{ ...minimal, network: {} }], ['network.name is required: set "name" in the "network" block']);
    const required = spec.object({ net: spec.block('net', spec.object({}), { required: true }) });
    doFail([{}], ['net: a "net" block is required; add one in the builder\'s configuration'], required);
  });

  it('enum values, in lists and blocks too', () => {
    doFail(
      [{ ...minimal, region: 'mars', zones: ['a', 'c'], disk: [{ size: 1, kind: 'tape' }] }],
      [
        'region: "mars" is not an allowed value; use "eu-west" or "us-east"',
        'zones[1]: "c" is not an allowed value; use "a" or "b"',
        'disk[0].kind: "tape" is not an allowed value; use "ssd" or "hdd"',
      ],
    );
    doFail(
      [{ ...minimal, packer_on_error: 'explode' }],
      [
        'packer_on_error: "explode" is not an allowed value; use "", "cleanup", "abort", "ask" or "run-cleanup-provisioner"',
      ],
    );
  });

  it('durations use Go syntax; bad ones show an example', () => {
    doTest([{ ...minimal, boot_wait: '1m30s', timeouts: { ssh: '5m', boot: '0' } }], {
      ...minimalOut,
      bootWait: '1m30s',
      timeouts: { ssh: '5m', boot: '0' },
    });
    doFail(
      [{ ...minimal, boot_wait: '5', timeouts: { ssh: '5 min' } }],
      [
        'boot_wait: "5" is not a duration (time: missing unit in duration "5"); write a number and a unit, e.g. "300ms", "1.5h" or "2h45m"',
        'timeouts["ssh"]: "5 min" is not a duration (time: unknown unit " min" in duration "5 min"); write a number and a unit, e.g. "300ms", "1.5h" or "2h45m"',
      ],
    );
  });

  it('deprecated fields decode, with one warning each', () => {
    doTest([{ ...minimal, old_name: 'x' }, { old_name: 'y' }], { ...minimalOut, oldName: 'y' }, [
      'old_name is deprecated: use "image_name" instead',
    ]);
  });

  it('unknown keys name their path and suggest the closest key', () => {
    doFail(
      [
        {
          ...minimal,
          imagename: 'x',
          disk_sise: 1,
          bogus: true,
          network: { name: 'n', mut: 9000 },
          disk: [{ size: 1, sizee: 2 }],
        },
      ],
      [
        'unknown configuration key: \'"network.mut"\'; did you mean "network.mtu"?',
        'unknown configuration key: \'"disk[0].sizee"\'; did you mean "disk[0].size"?',
        'unknown configuration key: \'"bogus"\'',
        'unknown configuration key: \'"disk_sise"\'; did you mean "disk_size"?',
        'unknown configuration key: \'"imagename"\'; did you mean "image_name"?',
      ],
    );
  });

  it('ignores "type" and unknown packer_* keys at the top level, like Go', () => {
    doTest(
      [{ ...minimal, type: 'mybuilder', packer_template_path: '/t.json', packer_future_thing: 1 }],
      minimalOut,
    );
    doFail(
      [{ ...minimal, network: { name: 'n', type: 'x' } }],
      ['unknown configuration key: \'"network.type"\''],
    );
  });

  it("reports every problem at once, in Packer's MultiError format", () => {
    let error: unknown;
    try {
      decodeConfig(s, [{ disk_size: 'big', region: 'mars', disk: [{ size: 'x' }], extra: 1 }]);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe(
      '5 error(s) occurred:\n\n' +
        '* disk_size: expected a whole number, got "big"\n' +
        '* disk[0].size: expected a whole number, got "x"\n' +
        '* unknown configuration key: \'"extra"\'\n' +
        '* image_name is required: set "image_name" in the builder\'s configuration\n' +
        '* region: "mars" is not an allowed value; use "eu-west" or "us-east"',
    );
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
      'disk_size',
      'disk[0].size',
      'extra',
      'image_name',
      'region',
    ]);
  });
});

describe('several raws merge like Go decoding them in turn', () => {
  it('later wins; objects merge deeply, maps by key, lists element by element', () => {
    doTest(
      [
        {
          ...minimal,
          tags: { a: '1', b: '2' },
          zones: ['a', 'b', 'a'],
          network: { name: 'n1' },
          disk: [{ size: 1 }, { size: 2 }],
        },
        { tags: { b: 'two', c: '3' }, zones: ['b'], network: { mtu: 9000 }, disk: [{ kind: 'hdd' }] },
      ],
      {
        ...minimalOut,
        tags: { a: '1', b: 'two', c: '3' },
        zones: ['b', 'b', 'a'],
        network: { name: 'n1', mtu: 9000 },
        disk: [
          { size: 1, diskKind: 'hdd' },
          { size: 2, diskKind: 'ssd' },
        ],
      },
    );
  });

  it('null and absent values never erase earlier ones', () => {
    doTest(
      [
        { ...minimal, region: 'us-east' },
        { region: null, image_name: null },
      ],
      { ...minimalOut, region: 'us-east' },
    );
  });
});

describe('keys', () => {
  it('match case-insensitively when there is no exact key, like mapstructure', () => {
    doTest([{ Image_Name: 'img', DISK: [{ Size: 3 }] }], {
      ...minimalOut,
      disk: [{ size: 3, diskKind: 'ssd' }],
    });
  });

  it("fills Packer's common fields even when the builder spec omits them", () => {
    const result = decodeConfig<Config>(spec.object({}), [
      {
        packer_build_name: 'b',
        packer_builder_type: 't',
        packer_core_version: '1.6.6',
        packer_debug: true,
        packer_force: 'true',
        packer_on_error: 'abort',
        packer_user_variables: { v: '1' },
        packer_sensitive_variables: ['v'],
      },
    ]);
    expect(result.config).toEqual({
      packerBuildName: 'b',
      packerBuilderType: 't',
      packerCoreVersion: '1.6.6',
      packerDebug: true,
      packerForce: true,
      packerOnError: 'abort',
      packerUserVariables: { v: '1' },
      packerSensitiveVariables: ['v'],
    });
  });

  it('a nested ObjectSpec is its own object in HCL2 and squashed in JSON', () => {
    const nested = spec.object({ common: spec.object({ size: spec.attr('size', cty.number) }) });
    const hcl2 = new TextEncoder().encode(
      JSON.stringify({ value: { common: { size: 2 } }, type: ['object', {}] }),
    );
    doTest([hcl2], { common: { size: 2 } }, [], nested);
    doTest([{ size: '3' }], { common: { size: 3 } }, [], nested);
  });

  it('keeps map keys such as __proto__ as plain data', () => {
    const result = decodeConfig<Config>(s, [
      { ...minimal, tags: JSON.parse('{"__proto__":"x"}') as unknown },
    ]).config;
    expect(Object.keys(result['tags'] as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result['tags'])).toBe(Object.prototype);
  });
});
