import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { regenerateSpec } from '../../src/specsync/index.js';
import { QUIET, REAL_CONFLICTS, emulateTerminal, runApp, scratchDir } from './helpers.js';

describe('re-running inside a generated plugin', () => {
  let root = '';
  let original = '';
  const STEP = 'src/steps/create-machine.ts';

  beforeAll(async () => {
    const dir = scratchDir('gpb-rerun-');
    await runApp().withOptions({ ...QUIET, name: 'hello' }).inDir(dir);
    root = join(dir, 'packer-plugin-hello');
    original = readFileSync(join(root, STEP), 'utf8');
  });

  it('regenerates in place from .yo-rc.json; unchanged files are identical (no question)', async () => {
    const r = await runApp(REAL_CONFLICTS).withOptions({ ...QUIET, force: false }).cd(root);
    expect(r.askedQuestions).toEqual([]);
    expect(existsSync(join(root, 'packer-plugin-hello'))).toBe(false);
    expect(readFileSync(join(root, STEP), 'utf8')).toBe(original);
  });

  it('asks before overwriting an edited file, and keeps it when told not to', async () => {
    const edited = `${original}\n// my own edit\n`;
    writeFileSync(join(root, STEP), edited);
    const asked: string[] = [];
    await runApp(REAL_CONFLICTS)
      .withOptions({ ...QUIET, force: false })
      .withAnswers(
        { action: 'skip' },
        {
          callback: (answer, { question }) => {
            asked.push(`${String(question.name)}: ${String(question.message)} -> ${String(answer)}`);
            return answer;
          },
        },
      )
      .cd(root);
    expect(asked).toEqual([`action: Overwrite ${STEP}? -> skip`]);
    expect(readFileSync(join(root, STEP), 'utf8')).toBe(edited);
  });

  it('fails with --bail before writing anything, listing every conflict and the flags that settle it', async () => {
    const edited = readFileSync(join(root, STEP), 'utf8');
    const yoRc = readFileSync(join(root, '.yo-rc.json'), 'utf8');
    await expect(
      runApp({ ...REAL_CONFLICTS, bail: true }).withOptions({ ...QUIET, force: false }).cd(root),
    ).rejects.toThrow(
      `generator-packer-builder: 1 file(s) differ from what would be written, and --bail was given; nothing was written:\n  - ${STEP}\nSettle them with --force`,
    );
    expect(readFileSync(join(root, STEP), 'utf8')).toBe(edited);
    expect(readFileSync(join(root, '.yo-rc.json'), 'utf8')).toBe(yoRc);
  });

  it('overwrites it with --force', async () => {
    const r = await runApp({ force: true }).withOptions({ ...QUIET, force: true }).cd(root);
    expect(r.askedQuestions).toEqual([]);
    expect(readFileSync(join(root, STEP), 'utf8')).toBe(original);
  });

  it('changes answers given by flags and keeps the rest', async () => {
    await runApp()
      .withOptions({ ...QUIET, force: true, org: 'acme' })
      .cd(root);
    const stored = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-packer-builder'];
    expect(stored.org).toBe('acme');
    expect(stored.name).toBe('hello');
    expect(readFileSync(join(root, 'src/artifact.ts'), 'utf8')).toContain("BUILDER_ID = 'acme.hello'");
  });

  it('derives the spec and docs from the src/config.ts kept at the conflict prompt, not from the answers', async () => {
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
    const edited = config.replace(/\n}\n/, '\n\n  /** The zone. */\n  zone?: string;\n}\n');
    expect(edited).not.toBe(config);
    writeFileSync(join(root, 'src/config.ts'), edited);
    await runApp(REAL_CONFLICTS)
      .withOptions({ ...QUIET, force: false })
      .withAnswers({ action: 'skip' })
      .cd(root);
    expect(readFileSync(join(root, 'src/config.ts'), 'utf8')).toBe(edited);
    expect(readFileSync(join(root, 'src/config.hcl2spec.ts'), 'utf8')).toContain('zone: spec.attr(');
    expect(readFileSync(join(root, 'docs/configuration.md'), 'utf8')).toContain('`zone`');
    expect((await regenerateSpec(root, { check: true })).drifted).toEqual([]);
    writeFileSync(join(root, 'src/config.ts'), config);
    await regenerateSpec(root);
  });
});

describe('re-running without a terminal', { timeout: 120_000 }, () => {
  let root = '';
  const STEP = 'src/steps/create-machine.ts';

  beforeAll(async () => {
    const dir = scratchDir('gpb-rerun-notty-');
    await runApp().withOptions({ ...QUIET, name: 'hello' }).inDir(dir);
    root = join(dir, 'packer-plugin-hello');
  });

  // Each way a conflict is settled (or not) when nothing can be asked. docs/README.md is
  // removed first: it is written back only when the run writes anything at all.
  it.each([
    { flags: {}, outcome: 'fails' },
    { flags: { skipConflicts: true }, outcome: 'keeps' },
    { flags: { force: true }, outcome: 'overwrites' },
  ] as const)('with $flags it $outcome an edited file, asking nothing', async ({ flags, outcome }) => {
    const original = readFileSync(join(root, STEP), 'utf8');
    const edited = `${original}\n// mine\n`;
    writeFileSync(join(root, STEP), edited);
    rmSync(join(root, 'docs/README.md'));
    try {
      emulateTerminal(false);
      const run = runApp({ ...REAL_CONFLICTS, ...('force' in flags ? { force: true } : {}) })
        .withOptions({ ...QUIET, force: false, ...flags })
        .cd(root);
      if (outcome === 'fails') {
        await expect(run).rejects.toThrow(
          `generator-packer-builder: 1 file(s) differ from what would be written, and there is no terminal to ask on (stdin is not a TTY); nothing was written:\n  - ${STEP}\nSettle them with --force (overwrite them), --skip-conflicts (keep your files; only new and unchanged files are written), or run on a terminal to be asked file by file.`,
        );
        expect(existsSync(join(root, 'docs/README.md'))).toBe(false);
      } else {
        const r = await run;
        expect(r.askedQuestions).toEqual([]);
        expect(existsSync(join(root, 'docs/README.md'))).toBe(true);
      }
      expect(readFileSync(join(root, STEP), 'utf8')).toBe(outcome === 'overwrites' ? original : edited);
    } finally {
      writeFileSync(join(root, STEP), original);
      emulateTerminal(true);
      if (!existsSync(join(root, 'docs/README.md'))) {
        await runApp({ force: true }).withOptions({ ...QUIET, force: true }).cd(root);
      }
    }
  });
});
