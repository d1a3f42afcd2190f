/**
 * Every byte written passes the same redaction, and each secret also masks its JSON-escaped,
 * Go-quoted (strconv.Quote), util.inspect and shell-quoted forms (issue 9 §5).
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { goQuote } from '../../src/config/gostrconv.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { clearSecrets, redact, redactStream, registerSecrets, secretForms } from '../../src/secrets/index.js';

afterEach(() => clearSecrets());

const NASTY = [`a"b\\c`, `it's "q" \\ \n\t end`, 'plain-canary-123', `$(rm) \`x\` 'y' ünï €`];

/** Every way a secret is printed that we promise to mask. */
function printedForms(secret: string): Record<string, string> {
  return {
    raw: secret,
    json: JSON.stringify(secret),
    jsonTwice: JSON.stringify(JSON.stringify({ k: secret })),
    goQuote: goQuote(secret),
    inspect: inspect(secret),
    inspectObject: inspect({ token: secret }),
    shellSingle: `'${secret.replaceAll("'", "'\\''")}'`,
    shellDoubleSingle: `'${secret.replaceAll("'", `'"'"'`)}'`,
    shellBackslash: Array.from(secret, (c) => (/[A-Za-z0-9_\-.,:/@%+=]/.test(c) ? c : `\\${c}`)).join(''),
  };
}

describe('secretForms and redact', () => {
  it.each(NASTY)('masks every printed form of %j', (secret) => {
    registerSecrets([secret]);
    for (const [how, text] of Object.entries(printedForms(secret))) {
      const out = redact(`before ${text} after`);
      expect(out, how).toContain('<sensitive>');
      expect(out, how).not.toContain(secret);
      for (const form of secretForms(secret)) expect(out, `${how} leaks the form ${form}`).not.toContain(form);
    }
  });

  it('does not repeat forms that equal the secret', () => {
    expect(secretForms('simple')).toEqual(['simple']);
  });
});

describe('our own prepare errors quoting a value Go-style', () => {
  const enumSpec = spec.object({
    mode: spec.attr('mode', cty.string, { enum: ['fast', 'slow'] }),
    size: spec.attr('size', cty.number),
    sleep: spec.attr('sleep', cty.string, { duration: true }),
  });
  it.each([
    ['mode', 'is not an allowed value'],
    ['size', 'expected a number'],
    ['sleep', 'is not a duration'],
  ])('a sensitive variable holding a"b\\c given to %s is masked in every form', (field, words) => {
    const secret = `a"b\\c`;
    const raw = {
      [field]: '{{user `pw`}}',
      packer_user_variables: { pw: secret },
      packer_sensitive_variables: ['pw'],
    };
    let message = '';
    try {
      decodeConfig(enumSpec, [raw]);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain(words);
    // the value is named by the template it came from (JSON templates do not tell builders which
    // variables are sensitive), or masked
    expect(message).toMatch(/the value of "\{\{user `pw`\}\}" \(not shown\)|<sensitive>/);
    for (const form of secretForms(secret)) expect(message).not.toContain(form);
    expect(message).not.toContain('b\\');
  });
});

/** A stream that keeps what reaches its underlying sink. */
function sink(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      parts.push(chunk);
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(parts).toString('utf8') };
}

describe('redactStream: the final write function of a stream', () => {
  it('masks strings, Buffers and console output of objects (console.log(config))', () => {
    const secret = `tok"en\\1`;
    registerSecrets([secret]);
    const s = sink();
    const restore = redactStream(s.stream);
    const c = new Console({ stdout: s.stream, stderr: s.stream, colorMode: false });
    s.stream.write(`raw ${secret}\n`);
    s.stream.write(Buffer.from(`buf ${JSON.stringify(secret)}\n`));
    c.log({ apiToken: secret, nested: { list: [secret] } });
    c.error(secret);
    c.log('%s and %j', secret, { t: secret });
    restore();
    const out = s.text();
    expect(out).toContain('<sensitive>');
    for (const form of secretForms(secret)) expect(out).not.toContain(form);
  });

  it('stays outermost when another write function is installed later (a log-file fallback)', () => {
    registerSecrets(['canary-xyz']);
    const s = sink();
    const restore = redactStream(s.stream);
    const seen: string[] = [];
    const previous = s.stream.write;
    // what a fallback does: replace write; its chunk must already be redacted
    (s.stream as unknown as { write: (c: unknown) => boolean }).write = (chunk: unknown) => {
      seen.push(String(chunk));
      return true;
    };
    s.stream.write('x canary-xyz y');
    expect(seen).toEqual(['x <sensitive> y']);
    expect(s.stream.write).toBe(previous);
    restore();
  });

  it('passes bytes through untouched when there is nothing to mask', () => {
    registerSecrets(['zzz-secret']);
    const s = sink();
    const restore = redactStream(s.stream);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    s.stream.write(bytes);
    restore();
    expect(Buffer.from(s.text(), 'utf8').length).toBeGreaterThan(0);
  });
});

describe('registering a secret redacts the whole process output', () => {
  it('console.log, console.error, process.stdout/stderr.write and an uncaught error in a child process', async () => {
    const script = `
      import { registerSecrets } from ${JSON.stringify(new URL('../../src/secrets/index.ts', import.meta.url).pathname)};
      const secret = 'can"ary\\\\42';
      registerSecrets([secret]);
      console.log({ config: { apiToken: secret } });
      console.error(secret, JSON.stringify({ secret }));
      process.stdout.write('stdout ' + secret + '\\n');
      process.stderr.write(Buffer.from('stderr ' + JSON.stringify(secret) + '\\n'));
      process.emitWarning('warning ' + secret);
      setTimeout(() => { throw new Error('boom ' + secret); }, 0);
    `;
    const bundled = await build({
      stdin: { contents: script, loader: 'ts', resolveDir: process.cwd() },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    let stdout = '';
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', bundled.outputFiles[0]?.text ?? ''], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stdout = String((e as { stdout: string }).stdout);
      stderr = String((e as { stderr: string }).stderr);
    }
    const all = stdout + stderr;
    expect(all).toContain('boom <sensitive>');
    expect(stdout).toContain('stdout <sensitive>');
    const secret = 'can"ary\\42';
    for (const form of secretForms(secret)) expect(all).not.toContain(form);
    expect(all).not.toContain('ary');
  });
});
