import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { clearSecrets, redact } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

const s = spec.object({
  password: spec.attr('password', cty.string, { sensitive: true }),
  tokens: spec.attr('tokens', cty.list(cty.string), { sensitive: true }),
  keys: spec.attr('keys', cty.map(cty.string), { sensitive: true }),
  pin: spec.attr('pin', cty.number, { sensitive: true, integer: true }),
  mode: spec.attr('mode', cty.string, { enum: ['a', 'b'] }),
  old: spec.attr('old', cty.string, { deprecated: 'it leaked hunter2' }),
  label: spec.attr('label', cty.string),
  auth: spec.block('auth', spec.object({ secret: spec.attr('secret', cty.string, { sensitive: true }) })),
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('secrets found while decoding', () => {
  it('registers sensitive strings, list and map string leaves, and block fields', () => {
    decodeConfig(s, [
      {
        password: 'hunter2',
        tokens: ['tok-1', 'tok-2'],
        keys: { a: 'key-a' },
        auth: { secret: 'blocksecret' },
      },
    ]);
    expect(redact('hunter2 tok-1 tok-2 key-a blocksecret public')).toBe(
      '<sensitive> <sensitive> <sensitive> <sensitive> <sensitive> public',
    );
  });

  it('registers a sensitive value after interpolation, and the user variables Packer marks sensitive', () => {
    decodeConfig(s, [
      { password: '{{user `pw`}}-suffix', label: '{{user `api`}}' },
      {
        packer_user_variables: { pw: 'from-var', api: 'api-key', plain: 'visible' },
        packer_sensitive_variables: ['api'],
      },
    ]);
    expect(redact('from-var-suffix api-key visible')).toBe('<sensitive> <sensitive> visible');
  });

  it('registers sensitive numbers as text', () => {
    decodeConfig(s, [{ pin: '1234' }]);
    expect(redact('pin 1234')).toBe('pin <sensitive>');
  });

  it('does not register non-sensitive fields', () => {
    decodeConfig(s, [{ label: 'public-label' }]);
    expect(redact('public-label')).toBe('public-label');
  });
});

describe('messages never show secrets', () => {
  it('redacts problems that quote a secret elsewhere', () => {
    const error = errorOf(() =>
      decodeConfig(s, [{ password: 'hunter2', mode: 'hunter2', label: '{{ nope }} hunter2' }]),
    );
    expect(error.message).toBe(
      '2 error(s) occurred:\n\n' +
        '* label: template: root:1: function "nope" not defined, in "{{ nope }} <sensitive>"\n' +
        '* mode: "<sensitive>" is not an allowed value; use "a" or "b"',
    );
    expect(error.problems[1]).toEqual({
      path: 'mode',
      message: 'mode: "<sensitive>" is not an allowed value; use "a" or "b"',
    });
  });

  it('does not quote the wrong value of a sensitive field', () => {
    const error = errorOf(() => decodeConfig(s, [{ pin: 'abcd', password: ['x'] }]));
    expect(error.message).toBe(
      '2 error(s) occurred:\n\n' +
        '* password: expected a string, got a list\n' +
        '* pin: expected a whole number, got a string (sensitive, not shown)',
    );
  });

  it('redacts warnings', () => {
    const result = decodeConfig(s, [{ password: 'hunter2', old: 'x' }]);
    expect(result.warnings).toEqual(['old is deprecated: it leaked <sensitive>']);
  });

  it('redacts ConfigErrors that builders create themselves', () => {
    decodeConfig(s, [{ password: 'hunter2' }]);
    const error = new ConfigError([{ path: 'password', message: 'password hunter2 is too short' }]);
    expect(error.message).toBe('1 error(s) occurred:\n\n* password <sensitive> is too short');
    expect(error.problems).toEqual([{ path: 'password', message: 'password <sensitive> is too short' }]);
    expect(error.name).toBe('ConfigError');
  });
});
