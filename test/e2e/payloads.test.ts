/**
 * Hostile and odd payloads through real Packer (issue 10 §3 §5, issue 9 §4 §5): prototype probes
 * in JSON templates, deep nesting, Go-template strings in HCL2 values, generated-data values
 * Packer cannot use, and a secret canary over every output path with PACKER_LOG=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goQuote } from '../../src/config/gostrconv.js';
import { secretForms } from '../../src/secrets/index.js';
import { allPackers } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, type PackerRun, type Workspace } from './workspace.js';

afterAll(removeBundles);

const text = (run: PackerRun): string => run.stdout + run.stderr;

/** A JSON template of one tsb builder (the raw text, so keys like `__proto__` stay as written). */
function jsonTemplate(builderBody: string, variables = '{}', provisioners = '[]'): string {
  return `{"variables": ${variables}, "builders": [{"type": "tsb", ${builderBody}}], "provisioners": ${provisioners}}`;
}

describe.each(allPackers())('Packer $version with hostile and odd payloads', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  const validate = async (name: string, content: string, env: NodeJS.ProcessEnv = {}): Promise<PackerRun> =>
    runPacker(ws, ['validate', ws.file(name, content)], { env });

  it.each(['__proto__', 'constructor', 'prototype'])(
    "JSON: a %s key in the builder: Go's `unknown configuration key` error, not unexpected EOF",
    async (key) => {
      const run = await validate(`probe-${key}.json`, jsonTemplate(`"message": "m", "${key}": {"polluted": "yes"}`));
      expect(run.code, show(run)).toBe(1);
      expect(text(run)).toContain(`unknown configuration key: '"${key}"'`);
      expect(text(run)).not.toContain('unexpected EOF');
    },
  );

  it('JSON: __proto__ and constructor as user variables the builder reads or not: valid, and read as values', async () => {
    const run = await runPacker(
      ws,
      ['build', ws.file('probe-vars.json', jsonTemplate('"message": "v={{user `__proto__`}} c={{user `constructor`}}", "root_dir": "{{user `root`}}", "output_dir": "{{user `root`}}/out"', `{"__proto__": "pv", "constructor": "cv", "root": "${ws.root}/m"}`))],
    );
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain('tsb says: v=pv c=cv');
  });

  it('JSON: labels nested 5,000 levels deep: a named depth error, no stack overflow', async () => {
    const deep = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const run = await validate('deep.json', jsonTemplate(`"message": "m", "labels": ${deep}`));
    expect(run.code, show(run)).toBe(1);
    expect(text(run)).toContain('maximum decoding depth exceeded');
    expect(text(run)).not.toContain('Maximum call stack size exceeded');
    expect(text(run)).not.toContain('unexpected EOF');
  });

  it('JSON: template parentheses nested 5,000 deep: Go\'s "max expression depth exceeded"', async () => {
    const run = await validate('parens.json', jsonTemplate(`"message": "{{ ${'('.repeat(5000)}upper \`x\`${')'.repeat(5000)} }}"`));
    expect(run.code, show(run)).toBe(1);
    expect(text(run)).toContain('template: root:1: max expression depth exceeded');
    expect(text(run)).not.toContain('Maximum call stack size exceeded');
  });

  // Go's builders refuse these in HCL2 too (checked with Packer 1.6.6's file builder), with these words
  it.each([
    ['{{user `x`', 'message: template: root:1: unclosed action'],
    ['{{env `HOME`}}', 'error calling env: env vars are not allowed here'],
    ['{{nope}}', 'message: template: root:1: function "nope" not defined'],
  ])('HCL2: message = %j is refused like a Go builder does', async (value, words) => {
    const hcl = `source "tsb" "t" {\n  message = ${JSON.stringify(value).replaceAll('${', '$${')}\n}\nbuild { sources = ["source.tsb.t"] }\n`;
    const run = await validate(`tmpl-${value.length}-${words.length}.pkr.hcl`, hcl);
    expect(run.code, show(run)).toBe(1);
    expect(text(run)).toContain(words);
  });

  it('HCL2: template functions Go allows render in values', async () => {
    const hcl = `
source "tsb" "r" {
  message    = "up={{ upper \`a\` }} type={{build_type}}"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build {
  sources = ["source.tsb.r"]
  provisioner "shell-local" {
    inline = ["echo tsbvar=\${build.TsbVar}"]
  }
}
`;
    const run = await runPacker(ws, ['build', ws.file('render.pkr.hcl', hcl)]);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain('tsb says: up=A type=tsb');
    expect(run.stdout).toContain('tsbvar=up=A type=tsb');
  });

  /** Builds with a provisioner printing build variable ProbeVar; returns the run and the printed line. */
  const buildPrintingProbeVar = async (kind: 'hcl' | 'json', probe: string): Promise<[PackerRun, string]> => {
    const name = `probevar-${kind}-${probe || 'unset'}`;
    const file =
      kind === 'json'
        ? ws.file(
            `${name}.json`,
            jsonTemplate(
              `"message": "j", "probe": "${probe}", "root_dir": "${ws.root}/machines", "output_dir": "${ws.root}/out"`,
              '{}',
              '[{"type": "shell-local", "inline": ["echo \'probevar={{ build `ProbeVar` }}\'"]}]',
            ),
          )
        : ws.file(
            `${name}.pkr.hcl`,
            `source "tsb" "u" {\n  message = "h"\n  probe = "${probe}"\n  root_dir = "${ws.root}/machines"\n  output_dir = "${ws.root}/out"\n}\n` +
              `build {\n  sources = ["source.tsb.u"]\n  provisioner "shell-local" {\n    inline = ["echo 'probevar=\${build.ProbeVar}'"]\n  }\n}\n`,
          );
    const run = await runPacker(ws, ['build', file], { env: { PACKER_LOG: '1' } });
    const line = run.stdout.split('\n').find((l) => l.includes('probevar=')) ?? '';
    return [run, line.replace(/^.*probevar=/, 'probevar=')];
  };

  it.each(['hcl', 'json'] as const)(
    '%s: an undefined generated-data value behaves exactly as a key the builder never set',
    async (kind) => {
      const [undef, undefLine] = await buildPrintingProbeVar(kind, 'generated-undefined');
      const [unset, unsetLine] = await buildPrintingProbeVar(kind, '');
      expect(undef.code, show(undef)).toBe(0);
      expect(unset.code, show(unset)).toBe(0);
      expect(undefLine).not.toBe('');
      expect(undefLine).toBe(unsetLine);
      expect(text(undef)).not.toContain('unhandled buildvar type');
      expect(undef.stderr).toContain('generated data "ProbeVar" is undefined; left unset');
    },
  );

  it.each(['hcl', 'json'])('%s: a list in generated data fails the build naming the key', async (kind) => {
    const body = `"message": "l", "probe": "generated-list", "root_dir": "${ws.root}/machines", "output_dir": "${ws.root}/out"`;
    const file =
      kind === 'json'
        ? ws.file('gen-list.json', jsonTemplate(body, '{}', '[{"type": "shell-local", "inline": ["echo hi"]}]'))
        : ws.file(
            'gen-list.pkr.hcl',
            `source "tsb" "l" {\n  message = "l"\n  probe = "generated-list"\n  root_dir = "${ws.root}/machines"\n  output_dir = "${ws.root}/out"\n}\nbuild {\n  sources = ["source.tsb.l"]\n  provisioner "shell-local" {\n    inline = ["echo hi"]\n  }\n}\n`,
          );
    const run = await runPacker(ws, ['build', file]);
    expect(run.code, show(run)).toBe(1);
    expect(text(run)).toContain(`generated data "ProbeVar" is a list`);
    expect(text(run)).not.toContain('unhandled buildvar type');
  });

  describe('secret canary with PACKER_LOG=1', () => {
    const canary = `can"ary\\x'42`;
    /** Asserts the canary is nowhere in the run's output, in any form. */
    const noCanary = (run: PackerRun, masked = true): void => {
      const all = text(run);
      for (const form of [...secretForms(canary), 'ary\\x', 'ary\\\\x']) {
        expect(all.includes(form), `the form ${JSON.stringify(form)} leaked:\n${show(run)}`).toBe(false);
      }
      if (masked) expect(all).toContain('<sensitive>');
    };

    it('HCL2: console, stdout/stderr writes, Ui (JSON-, shell- and twice-escaped), the error', async () => {
      const hcl = `
source "tsb" "s" {
  message    = "canary"
  secret     = ${goQuote(canary)}
  probe      = "leak-secret"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build { sources = ["source.tsb.s"] }
`;
      const run = await runPacker(ws, ['build', ws.file('canary.pkr.hcl', hcl)], { env: { PACKER_LOG: '1' } });
      expect(run.code, show(run)).toBe(1);
      expect(text(run)).toContain('failing with the secret in the error: <sensitive>');
      // the log carries console.* and direct stderr writes, masked (Packer keeps no plugin stdout)
      for (const line of ['token: <sensitive>', 'stderr "<sensitive>"', 'stderr bytes <sensitive>', '{"secret":"<sensitive>"}']) {
        expect(run.stderr).toContain(`${ws.pluginName} plugin: ${line}`);
      }
      noCanary(run);
    });

    // Packer sends builders no packer_sensitive_variables for JSON templates (checked on 1.6.6 and
    // 1.11.2), so the plugin cannot know the value is secret: a rendered value is never quoted
    it('JSON: a sensitive variable holding the canary given to an enum field: our prepare error does not quote it', async () => {
      const run = await validate(
        'canary-enum.json',
        jsonTemplate('"message": "m", "mode": "{{user `pw`}}"', `{"pw": ${JSON.stringify(canary)}}`).replace(
          '"builders"',
          '"sensitive-variables": ["pw"], "builders"',
        ),
        { PACKER_LOG: '1' },
      );
      expect(run.code, show(run)).toBe(1);
      expect(text(run)).toContain('mode: the value of "{{user `pw`}}" (not shown) is not an allowed value; use "fast" or "slow"');
      noCanary(run, false);
    });
  });
});
