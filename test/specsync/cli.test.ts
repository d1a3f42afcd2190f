/** `packer-builder regenerate-spec [--check] [--cwd DIR]`: output and exit codes. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runRegenerateSpec } from '../../src/cli/regenerate-spec.js';
import { copyFixture, snapshot } from './fixture-helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Runs the command, capturing what it prints. */
async function run(
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runRegenerateSpec(argv, cwd);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('packer-builder regenerate-spec', () => {
  it('writes, then reports up to date; --check passes, fails on drift naming each file, passes after regenerating', async () => {
    const dir = await copyFixture('kitchen-sink');
    dirs.push(dir);
    expect(await run([], dir)).toEqual({
      code: 0,
      stdout:
        'regenerate-spec: wrote src/config.hcl2spec.ts\nregenerate-spec: wrote docs/configuration.md\n',
      stderr: '',
    });
    expect(await run(['--check'], dir)).toEqual({
      code: 0,
      stdout: 'regenerate-spec: up to date (src/config.hcl2spec.ts, docs/configuration.md)\n',
      stderr: '',
    });
    const config = join(dir, 'src/config.ts');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        '/** Skip the final snapshot. */',
        '/** Skip the last snapshot. */',
      ),
    );
    const before = await snapshot(dir);
    expect(await run(['--check', '--cwd', dir], '/')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'regenerate-spec --check: src/config.hcl2spec.ts is out of date with the Config/GeneratedData types\n' +
        'regenerate-spec --check: docs/configuration.md is out of date with the Config/GeneratedData types\n' +
        'hint: run `npm run regenerate-spec` and commit the result\n',
    });
    expect(await snapshot(dir)).toEqual(before);
    expect((await run([`--cwd=${dir}`], '/')).code).toBe(0);
    expect(await run(['--check'], dir)).toMatchObject({ code: 0, stderr: '' });
  });

  it('prints every problem and "Nothing was written." with exit code 1', async () => {
    const dir = await copyFixture('kitchen-sink');
    dirs.push(dir);
    const config = join(dir, 'src/config.ts');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        '  region: string;',
        '  region: Date;\n  when: () => void;',
      ),
    );
    const before = await snapshot(dir);
    expect(await run(['--cwd', dir], '/')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "regenerate-spec: 2 problems in the plugin's config types:\n" +
        '  src/config.ts:10:11: Config.region: `Date` has no HCL type\n' +
        '      hint: use a string (e.g. an ISO 8601 timestamp) and parse it in prepare()\n' +
        '  src/config.ts:11:9: Config.when: functions cannot come from a template\n' +
        '      hint: keep runtime objects out of the config type\n' +
        'Nothing was written.\n',
    });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('rejects unknown arguments and a --cwd without a directory', async () => {
    const bad = await run(['--chek'], '/');
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe(
      'packer-builder regenerate-spec: unknown argument "--chek"',
    );
    expect(bad.stderr).toContain('Usage: packer-builder regenerate-spec [--check] [--cwd DIR]');
    expect((await run(['--cwd'], '/')).stderr.split('\n')[0]).toBe(
      'packer-builder regenerate-spec: --cwd needs a directory',
    );
    const missing = await run(['--cwd', '/nonexistent-plugin-dir'], '/');
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe(
      "packer-builder regenerate-spec: --cwd /nonexistent-plugin-dir: no such directory (give the plugin's folder)",
    );
    const help = await run(['--help'], '/');
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe(
      'Usage: packer-builder regenerate-spec [--check] [--cwd DIR]',
    );
  });

  it('names the missing files of a directory that is not a plugin', async () => {
    const dir = await copyFixture('kitchen-sink');
    dirs.push(dir);
    await rm(join(dir, 'src'), { recursive: true });
    const out = await run(['--cwd', dir], '/');
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      "regenerate-spec: 2 problems in the plugin's config types:\n" +
        '  src/config.ts: file not found (it should declare the `Config` type)\n' +
        '      hint: create it, or set "packerBuilder.config" in package.json\n' +
        '  src/generated-data.ts: file not found (it should declare `export interface GeneratedData { … }`)\n' +
        '      hint: create it (empty braces when the builder provides no build variables), or set "packerBuilder.generatedData" in package.json\n' +
        'Nothing was written.\n',
    );
  });
});
