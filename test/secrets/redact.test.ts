import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, hasSecrets, redact, registerSecrets, REDACTED } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

describe('redact', () => {
  const doTest = (secrets: string[], input: string, expected: string) => {
    clearSecrets();
    registerSecrets(secrets);
    expect(redact(input)).toBe(expected);
  };

  it.each([
    { secrets: ['hunter2'], input: 'password is hunter2', expected: 'password is <sensitive>' },
    { secrets: ['s3cr3t'], input: 's3cr3t and s3cr3t again', expected: '<sensitive> and <sensitive> again' },
    {
      secrets: ['abc', 'abcdef'],
      input: 'key=abcdef; short=abc',
      expected: 'key=<sensitive>; short=<sensitive>',
    },
    // The longest secret wins where secrets overlap.
    { secrets: ['pass', 'password123'], input: 'password123', expected: '<sensitive>' },
    // A short secret never matches inside an earlier replacement.
    { secrets: ['sens', 'tok3n'], input: 'tok3n sens', expected: '<sensitive> <sensitive>' },
    // Regex characters are literal.
    { secrets: ['a.b*c(d)'], input: 'x a.b*c(d) aXbbc(d)', expected: 'x <sensitive> aXbbc(d)' },
    // Empty strings are ignored instead of matching everywhere.
    { secrets: [''], input: 'nothing secret', expected: 'nothing secret' },
    { secrets: [], input: 'no secrets registered', expected: 'no secrets registered' },
    { secrets: ['multi\nline'], input: 'a multi\nline value', expected: 'a <sensitive> value' },
  ])('$input with $secrets', ({ secrets, input, expected }) => doTest(secrets, input, expected));

  it('accumulates registrations until cleared', () => {
    registerSecrets(['one']);
    registerSecrets(new Set(['two']));
    expect(redact('one two three')).toBe('<sensitive> <sensitive> three');
    expect(hasSecrets()).toBe(true);
    clearSecrets();
    expect(hasSecrets()).toBe(false);
    expect(redact('one two three')).toBe('one two three');
  });

  it('uses the marker Packer uses', () => {
    expect(REDACTED).toBe('<sensitive>');
  });
});
