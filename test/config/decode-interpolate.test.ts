// Interpolation while decoding a JSON template, as Packer 1.6.6's Go builders do it in
// config.Decode with an InterpolateContext (checked against that Go code where Go agrees).
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig, type DecodeOptions } from '../../src/config/index.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { clearSecrets } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

const s = spec.object({
  name: spec.attr('name', cty.string),
  size: spec.attr('size', cty.number, { integer: true }),
  enabled: spec.attr('enabled', cty.bool),
  tags: spec.attr('tags', cty.map(cty.string)),
  list: spec.attr('list', cty.list(cty.string)),
  boot_command: spec.attr('boot_command', cty.list(cty.string), { property: 'bootCommand' }),
  extra: spec.attr('extra', cty.dynamic),
  disk: spec.blockList('disk', spec.object({ label: spec.attr('label', cty.string) })),
});

const NOW = new Date(Date.UTC(2021, 2, 4, 5, 6, 7));
const packer = {
  packer_build_name: 'web',
  packer_builder_type: 'mybuilder',
  packer_core_version: '1.6.6',
  packer_template_path: '/templates/app/build.json',
  packer_user_variables: { who: 'world', size: '20', flag: 'true', key: 'env', csv: 'x,y' },
};
const options: DecodeOptions = { interpolate: { context: { now: NOW, uuid: () => 'UUID' } } };

const doTest = (builder: Record<string, unknown>, expected: Record<string, unknown>, opts = options) => {
  const config = decodeConfig<Record<string, unknown>>(s, [builder, packer], opts).config;
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, config[k]]));
  expect(picked).toEqual(expected);
};

const doFail = (builder: Record<string, unknown>, problems: string[], opts = options) => {
  let error: unknown;
  try {
    decodeConfig(s, [builder, packer], opts);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map((p) => p.message)).toEqual(problems);
};

describe('interpolating JSON-template values', () => {
  it.each<[Record<string, unknown>, Record<string, unknown>]>([
    [{ name: 'hi {{user `who`}}' }, { name: 'hi world' }],
    [{ name: '{{build_name}}-{{build_type}}-{{packer_version}}' }, { name: 'web-mybuilder-1.6.6' }],
    [{ name: '{{template_dir}}' }, { name: '/templates/app' }],
    [{ name: 'img-{{timestamp}}-{{uuid}}' }, { name: 'img-1614834367-UUID' }],
    [{ name: '{{isotime "2006-01-02"}}' }, { name: '2021-03-04' }],
    [{ name: '{{ user `who` | upper }}' }, { name: 'WORLD' }],
    // Rendered before weak typing, like Go.
    [
      { size: '{{user `size`}}', enabled: '{{user `flag`}}' },
      { size: 20, enabled: true },
    ],
    [{ list: '{{user `csv`}},z' }, { list: ['x', 'y', 'z'] }],
    // Map keys, list elements, nested blocks and dynamic values.
    [{ tags: { '{{user `key`}}': '{{user `who`}}' } }, { tags: { env: 'world' } }],
    [{ list: ['{{build_name}}', 'b'] }, { list: ['web', 'b'] }],
    [{ disk: [{ label: '{{build_name}}-0' }] }, { disk: [{ label: 'web-0' }] }],
    [{ extra: { '{{user `key`}}': ['{{user `who`}}', 1] } }, { extra: { env: ['world', 1] } }],
    // A builder's data is an empty map: fields render as <no value>, unless excluded.
    [{ name: '{{ .HTTPIP }}:{{ .HTTPPort }}' }, { name: '<no value>:<no value>' }],
    [{ name: '{{ . }}' }, { name: 'map[]' }],
  ])('%j', doTest);

  it('leaves excluded top-level fields verbatim', () => {
    doTest(
      { boot_command: ['<esc>{{ .HTTPIP }}:{{ .HTTPPort }}<enter>'], name: '{{build_name}}' },
      { bootCommand: ['<esc>{{ .HTTPIP }}:{{ .HTTPPort }}<enter>'], name: 'web' },
      { interpolate: { exclude: ['boot_command'], context: { now: NOW } } },
    );
  });

  it('still checks excluded fields for unknown functions, like Go', () => {
    doFail(
      { boot_command: ['{{ .HTTPIP }}', '{{ nope }}'] },
      ['boot_command[1]: template: root:1: function "nope" not defined, in "{{ nope }}"'],
      { interpolate: { exclude: ['boot_command'] } },
    );
  });

  it('can be turned off', () => {
    doTest({ name: '{{build_name}}' }, { name: '{{build_name}}' }, { interpolate: false });
  });

  it('takes context overrides over the packer_* values', () => {
    doTest(
      { name: '{{build_name}} {{user `who`}} {{ build `ID` }} {{ stamp }}' },
      { name: 'other you i-1 STAMP' },
      {
        interpolate: {
          context: {
            buildName: 'other',
            userVariables: { who: 'you' },
            data: { ID: 'i-1' },
            funcs: { stamp: () => 'STAMP' },
          },
        },
      },
    );
  });

  it('reports every template error with the field path and the source', () => {
    doFail(
      {
        name: 'x {{ nope }}',
        tags: { env: '{{ env `HOME` }}' },
        disk: [{ label: 'ok' }, { label: '{{ build `ID` }}' }],
        size: '{{ user `who` }}',
      },
      [
        'name: template: root:1: function "nope" not defined, in "x {{ nope }}"',
        'size: expected a whole number, got the value of "{{ user `who` }}" (not shown)',
        'tags["env"]: template: root:1:3: executing "root" at <env `HOME`>: error calling env: env vars are not allowed here, in "{{ env `HOME` }}"',
        'disk[1].label: template: root:1:3: executing "root" at <build `ID`>: error calling build: loaded data, but couldnt find ID in it., in "{{ build `ID` }}"',
      ],
    );
  });

  it('does not interpolate the packer_* values themselves', () => {
    const config = decodeConfig<Record<string, unknown>>(s, [
      { name: '{{user `t`}}' },
      { packer_user_variables: { t: '{{timestamp}}' } },
    ]).config;
    expect(config['name']).toBe('{{timestamp}}');
    expect(config['packerUserVariables']).toEqual({ t: '{{timestamp}}' });
  });
});
