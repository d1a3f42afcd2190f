import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUIET, REAL_CONFLICTS, runApp, scratchDir } from './helpers.js';

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

  it('fails with --bail instead of overwriting', async () => {
    const edited = readFileSync(join(root, STEP), 'utf8');
    await expect(runApp({ ...REAL_CONFLICTS, bail: true }).withOptions({ ...QUIET, force: false }).cd(root)).rejects.toThrow(
      `Process aborted by conflict: ${STEP}`,
    );
    expect(readFileSync(join(root, STEP), 'utf8')).toBe(edited);
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
});
