// Expected results and error texts were produced by Packer 1.6.6's interpolate package
// (packer-plugin-sdk/template/interpolate at v1.6.6, built with Go on this machine), with the
// same context and a clock fixed at 2021-03-04T05:06:07.890Z.
import { describe, expect, it } from 'vitest';
import {
  formatGoTime,
  INIT_TIME,
  interpolateContext,
  renderTemplate,
  strftime,
  TemplateExecError,
  TemplateSyntaxError,
  timeOrderedUuid,
  validateTemplate,
  type InterpolateContext,
} from '../../src/config/interpolate.js';

const NOW = new Date(Date.UTC(2021, 2, 4, 5, 6, 7, 890));
const CONTEXT: Partial<InterpolateContext> = {
  now: NOW,
  uuid: () => '6040a6cf-0a8c-3a40-e4d1-bbd3cd2e3d9e',
  cwd: () => '/work/dir',
  buildName: 'b1',
  buildType: 'bt',
  packerVersion: '1.6.6',
  templatePath: '/t/dir/x.json',
  userVariables: { a: 'A', who: 'world' },
};

const doTest = (template: string, expected: string, context: Partial<InterpolateContext> = {}) => {
  expect(renderTemplate(template, { ...CONTEXT, ...context })).toBe(expected);
};
const doFail = (template: string, message: string, context: Partial<InterpolateContext> = {}) => {
  expect(() => renderTemplate(template, { ...CONTEXT, ...context })).toThrow(message);
  try {
    renderTemplate(template, { ...CONTEXT, ...context });
  } catch (e) {
    expect((e as Error).message).toBe(message);
  }
};

describe('renderTemplate: results match Go', () => {
  it.each<[string, string]>([
    ['no template here', 'no template here'],
    ['hi {{user `who`}}', 'hi world'],
    ['{{ user "who" }}', 'world'],
    ['{{user `missing`}}', ''],
    ['{{ user `a` | lower }}', 'a'],
    ['{{ `Ab` | upper }}', 'AB'],
    ['{{ lower `XY` }}', 'xy'],
    ['{{ upper (lower `A`) }}', 'A'],
    ['{{ upper (build_name) }}', 'B1'],
    ['{{ `a` | replace_all `a` `b` }}', 'b'],
    ['{{ split `a-b-c` `-` 1 }}', 'b'],
    ['{{ split `abc` `` 1 }}', 'b'],
    ['{{ split `a,b` `,` 1.0 }}', 'b'],
    ['{{ replace `a` `b` 1 `aaa` }}', 'baa'],
    ['{{ replace `a` `b` -1 `aaa` }}', 'bbb'],
    ['{{ replace `a` `b` 2 `aaaa` }}', 'bbaa'],
    ['{{ replace `` `-` 2 `abc` }}', '-a-bc'],
    ['{{ replace `` `-` -1 `abc` }}', '-a-b-c-'],
    ['{{ replace_all `a` `b` `aaa`}}', 'bbb'],
    ['{{ build_name }}|{{ build_type }}|{{ packer_version }}', 'b1|bt|1.6.6'],
    ['ü{{ build_name }}', 'üb1'],
    ['{{ template_dir }}', '/t/dir'],
    ['{{ pwd }}', '/work/dir'],
    ['{{ uuid }}', '6040a6cf-0a8c-3a40-e4d1-bbd3cd2e3d9e'],
    ['{{timestamp}}', '1614834367'],
    ['{{isotime}}', '2021-03-04T05:06:07Z'],
    [
      '{{isotime "2006-01-02 15:04:05.000 MST Z07:00 -0700 Jan Monday PM pm _2 __2 002"}}',
      '2021-03-04 05:06:07.890 UTC Z +0000 Mar Thursday AM am  4  63 063',
    ],
    ['{{ isotime `Jan _2 15:04:05 2006` }}', 'Mar  4 05:06:07 2021'],
    ['{{ isotime `3:04PM` }}', '5:06AM'],
    ['{{ isotime `,000` }}', ',890'],
    ['{{ isotime `20060102150405` }}', '20210304050607'],
    ['{{ isotime `Monday, 02-Jan-06 15:04:05 MST` }}', 'Thursday, 04-Mar-21 05:06:07 UTC'],
    ['{{ isotime `_2006` }}|{{ isotime `Z07` }}|{{ isotime `-07:00:00` }}', '_2021|Z|+00:00:00'],
    ['{{strftime "%Y-%m-%d %H:%M:%S%L %Z %z %% %q %"}}', '2021-03-04 05:06:07.890 UTC +0000 % %q %'],
    // Literals, printed as Go prints them.
    ['{{ "q\\"\\n" }}', 'q"\n'],
    [
      '{{ 3 }}|{{ 1.5 }}|{{ true }}|{{ 1e3 }}|{{ 0x10 }}|{{ -2 }}|{{ -0 }}|{{ 1_000 }}|{{ 0x1e }}',
      '3|1.5|true|1000|16|-2|0|1000|30',
    ],
    [
      '{{ 1000000.5 }}|{{ 1e6 }}|{{ 1000000.0 }}|{{ .5 }}|{{ 0x1p-2 }}|{{ 1e-7 }}',
      '1.0000005e+06|1e+06|1e+06|0.5|0.25|1e-07',
    ],
    ["{{ 'a' }}", '97'],
    // Trim markers and comments.
    ['x {{- `  t ` -}}  y', 'x  t y'],
    ['{{-3}}', '-3'],
    ['{{ upper `a` -}}\n  x', 'Ax'],
    ['{{/* x */}}a{{- /* y */ -}} b', 'ab'],
    ['x {{- /* a */}} y', 'x y'],
    ['{{ upper `a` | }}', 'A'],
    // No data: fields print <no value>.
    ['{{ . }}|{{ .HTTPIP }}|{{ .A.B }}', '<no value>|<no value>|<no value>'],
  ])('%j', (template, expected) => doTest(template, expected));

  it.each<[string, Record<string, unknown>, string]>([
    ['{{ build `ID` }}', { ID: 'i-123' }, 'i-123'],
    [
      '{{ build `ID` }}',
      { ID: 'To set this dynamically in the Packer template, you must use the `build` function' },
      '{{.ID}}',
    ],
    ['{{ .ID }}|{{.}}|{{ .Nope }}', { ID: 'x', B: 'y' }, 'x|map[B:y ID:x]|<no value>'],
    ['{{ . }}', {}, 'map[]'],
  ])('%j with data %j', (template, data, expected) => doTest(template, expected, { data }));
});

describe('renderTemplate: errors match Go', () => {
  it.each<[string, string]>([
    ['{{nope}} x', 'template: root:1: function "nope" not defined'],
    ['{{ upper "é" }}x{{nope}}', 'template: root:1: function "nope" not defined'],
    ['{{ `a\nb` | nope }}', 'template: root:2: function "nope" not defined'],
    ['{{ upper ü }}', 'template: root:1: function "ü" not defined'],
    ['{{ upper ) }}', 'template: root:1: unexpected right paren'],
    ['{{ ( upper `a` }}', 'template: root:1: unclosed left paren'],
    ['{{ | upper }}', 'template: root:1: unexpected "|" in command'],
    ['{{ upper `a`}', 'template: root:1: unexpected "}" in operand'],
    ['{{ upper @ }}', 'template: root:1: unexpected "@" in operand'],
    ['{{ upper`a` }}', "template: root:1: bad character U+0060 '`'"],
    ['{{ "a" | "b" }}', 'template: root:1: non executable command in pipeline stage 2'],
    ['{{ 1x }}', 'template: root:1: bad number syntax: "1x"'],
    ['{{ 99999999999999999999 }}', 'template: root:1: integer overflow: "99999999999999999999"'],
    ["{{ 'ab' }}", "template: root:1: malformed character constant: 'ab'"],
    ['{{/* x */ }}', 'template: root:1: comment ends before closing delimiter'],
    ['{{/* unclosed', 'template: root:1: unclosed comment'],
    ['{{ "\\q" }}', 'template: root:1: invalid syntax'],
    ['{{ upper `a`', 'template: root:1: unclosed action'],
    ['{{ upper "a }}', 'template: root:1: unterminated quoted string'],
    ['{{ "a\nb" }}', 'template: root:1: unterminated quoted string'],
    ['{{ upper `unterminated }}', 'template: root:1: unterminated raw quoted string'],
    ['{{ }}', 'template: root:1: missing value for command'],
    ['{{ upper `a` }}{{ end }}', 'template: root:1: unexpected {{end}}'],
  ])('%j', (template, message) => {
    expect(() => renderTemplate(template, CONTEXT)).toThrow(TemplateSyntaxError);
    doFail(template, message);
  });

  it.each<[string, string]>([
    [
      '{{ "a" "b" }}',
      'template: root:1:3: executing "root" at <"a">: can\'t give argument to non-function "a"',
    ],
    [
      '{{ (upper `a`) `b` }}',
      'template: root:1:3: executing "root" at <(upper `a`) `b`>: can\'t give argument to non-function upper `a`',
    ],
    [
      '{{ .Foo | upper }}',
      'template: root:1:10: executing "root" at <upper>: invalid value; expected string',
    ],
    ['{{ upper .Foo }}', 'template: root:1:9: executing "root" at <.Foo>: invalid value; expected string'],
    [
      '{{ true | upper }}',
      'template: root:1:10: executing "root" at <upper>: wrong type for value; expected string; got bool',
    ],
    [
      '{{ 3 | upper }}',
      'template: root:1:7: executing "root" at <upper>: wrong type for value; expected string; got int',
    ],
    ['{{ upper 3 }}', 'template: root:1:9: executing "root" at <3>: expected string; found 3'],
    ['{{ upper nil }}', 'template: root:1:9: executing "root" at <nil>: cannot assign nil to string'],
    ['{{ nil }}', 'template: root:1:3: executing "root" at <nil>: nil is not a command'],
    [
      '{{ split `a` `b` `c` }}',
      'template: root:1:17: executing "root" at <`c`>: expected integer; found `c`',
    ],
    [
      '{{ split `a,b` `,` 1.5 }}',
      'template: root:1:19: executing "root" at <1.5>: expected integer; found 1.5',
    ],
    [
      '{{ upper }}',
      'template: root:1:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 0',
    ],
    [
      '{{ user `a` `b` }}',
      'template: root:1:3: executing "root" at <user>: wrong number of args for user: want 1 got 2',
    ],
    [
      'a\n{{ upper `a` `b` }}',
      'template: root:2:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 2',
    ],
    [
      '{{ upper `x` `y` | lower }}',
      'template: root:1:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 2',
    ],
    [
      '{{ timestamp `x` }}',
      'template: root:1:3: executing "root" at <timestamp>: wrong number of args for timestamp: want 0 got 1',
    ],
    [
      'line1\nline2 {{ build_name }}\n{{ upper 3 }}',
      'template: root:3:9: executing "root" at <3>: expected string; found 3',
    ],
    [
      '{{ isotime `a` `b` }}',
      'template: root:1:3: executing "root" at <isotime `a` `b`>: error calling isotime: too many values, 1 needed: [a b]',
    ],
    [
      '{{ split `a` `,` 5 }}',
      'template: root:1:3: executing "root" at <split `a` `,` 5>: error calling split: the substring 5 was unavailable using the separator value, ,, only 1 values were found',
    ],
    [
      '{{ env `HOME` }}',
      'template: root:1:3: executing "root" at <env `HOME`>: error calling env: env vars are not allowed here',
    ],
    [
      '{{ vault `a` `b` }}',
      'template: root:1:3: executing "root" at <vault `a` `b`>: error calling vault: Vault vars are only allowed in the variables section',
    ],
    [
      '{{ aws_secretsmanager `a` }}',
      'template: root:1:3: executing "root" at <aws_secretsmanager `a`>: error calling aws_secretsmanager: AWS Secrets Manager is only allowed in the variables section',
    ],
    [
      '{{ sed `a` `b` }}',
      'template: root:1:3: executing "root" at <sed `a` `b`>: error calling sed: template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: https://www.packer.io/docs/templates/engine',
    ],
    [
      '{{ build `ID` }}',
      'template: root:1:3: executing "root" at <build `ID`>: error calling build: Error validating build variable: the given variable ID will not be passed into your plugin.',
    ],
  ])('%j', (template, message) => {
    expect(() => renderTemplate(template, CONTEXT)).toThrow(TemplateExecError);
    doFail(template, message);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      '{{ build `Nope` }}',
      { ID: 'x' },
      'template: root:1:3: executing "root" at <build `Nope`>: error calling build: loaded data, but couldnt find Nope in it.',
    ],
    [
      '{{ .ID.X }}',
      { ID: 'x' },
      'template: root:1:6: executing "root" at <.ID.X>: can\'t evaluate field X in type string',
    ],
    [
      '{{ .ID `a` }}',
      { ID: 'x' },
      'template: root:1:3: executing "root" at <.ID>: ID is not a method but has arguments',
    ],
  ])('%j with data %j', (template, data, message) => doFail(template, message, { data }));

  it.each<[string, Partial<InterpolateContext>, string]>([
    [
      '{{ build_name }}',
      { buildName: '' },
      'template: root:1:3: executing "root" at <build_name>: error calling build_name: build_name not available',
    ],
    [
      '{{ build_type }}',
      { buildType: '' },
      'template: root:1:3: executing "root" at <build_type>: error calling build_type: build_type not available',
    ],
    [
      '{{ packer_version }}',
      { packerVersion: '' },
      'template: root:1:3: executing "root" at <packer_version>: error calling packer_version: packer_version not available',
    ],
    [
      '{{ template_dir }}',
      { templatePath: '' },
      'template: root:1:3: executing "root" at <template_dir>: error calling template_dir: template path not available',
    ],
  ])('%j when not available', (template, context, message) => doFail(template, message, context));
});

describe('renderTemplate: where this SDK differs from Go on purpose', () => {
  it.each<[string, string]>([
    [
      '{{ if true }}x{{ end }}',
      "template: root:1: {{if}} actions are not supported by this SDK's template engine; use a plain value or a function such as {{user `name`}}",
    ],
    [
      '{{ $x := 1 }}',
      "template: root:1: template variables ($x) are not supported by this SDK's template engine",
    ],
    [
      '{{ user `a` | printf `%s` }}',
      'template: root:1: function "printf" is a Go template builtin that this SDK does not support',
    ],
  ])('refuses %j clearly', (template, message) => {
    doFail(template, message);
    let error: unknown;
    try {
      renderTemplate(template, CONTEXT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as TemplateSyntaxError).unsupported).toBe(true);
  });

  it('explains a missing user-variable map (Go says "test")', () => {
    doFail(
      '{{ user `a` }}',
      'template: root:1:3: executing "root" at <user `a`>: error calling user: user variables are not available (no packer_user_variables in the configuration; in an HCL2 template use var.NAME)',
      { userVariables: undefined },
    );
  });

  it('refuses consul_key with a hint', () => {
    doFail(
      '{{consul_key `x`}}',
      'template: root:1:2: executing "root" at <consul_key `x`>: error calling consul_key: consul_key is not allowed here; use it in the "variables" section of the template',
    );
  });

  it('has a default clean_resource_name (googlecompute rules) that a builder can replace', () => {
    doTest('{{ clean_resource_name `My Image_1.2` }}', 'my-image-1-2');
    doTest('{{ clean_resource_name `ok-name-1` }}', 'ok-name-1');
    doTest('{{ clean_resource_name `Ünï` }}', '--n--');
    doTest('{{ clean_resource_name `a b` }}', 'a_b', {
      funcs: { clean_resource_name: (s) => s.replace(/ /g, '_') },
    });
  });

  it('accepts builder functions through context.funcs, with their arity checked', () => {
    doTest('{{ shout `hi` }}', 'HI!', { funcs: { shout: (s) => `${s.toUpperCase()}!` } });
    doFail(
      '{{ shout }}',
      'template: root:1:3: executing "root" at <shout>: wrong number of args for shout: want 1 got 0',
      { funcs: { shout: (s) => s } },
    );
  });
});

describe('validateTemplate', () => {
  it('reports syntax errors and unknown functions, ignores run-time and unsupported ones', () => {
    expect(() => validateTemplate('{{ nope }}')).toThrow('template: root:1: function "nope" not defined');
    expect(() => validateTemplate('{{ build_name }}')).not.toThrow();
    expect(() => validateTemplate('{{ if .X }}{{ end }}')).not.toThrow();
  });
});

describe('defaults', () => {
  it('shares one clock per process, like Go InitTime', () => {
    expect(interpolateContext().now).toBe(INIT_TIME);
    expect(renderTemplate('{{timestamp}}')).toBe(String(Math.floor(INIT_TIME.getTime() / 1000)));
  });

  it('makes time-ordered UUIDs whose first group is the Unix time in hex', () => {
    const uuid = timeOrderedUuid(NOW);
    expect(uuid).toMatch(/^60406abf-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(timeOrderedUuid(NOW)).not.toBe(uuid);
  });

  it('formats Go layouts and strftime codes directly', () => {
    expect(formatGoTime(NOW, '2006-01-02T15:04:05.999999999Z07:00')).toBe('2021-03-04T05:06:07.89Z');
    expect(formatGoTime(new Date(Date.UTC(2021, 0, 1, 12)), '3PM .9 .000')).toBe('12PM  .000');
    expect(strftime('%y%m%d-%I%p %a %A %b %B', NOW)).toBe('210304-05AM Thu Thursday Mar March');
  });
});
