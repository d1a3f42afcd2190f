import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLegacyWorkspace, type LegacyWorkspace } from './legacy-workspace.js';

describe('the bundled test builder started by hand', () => {
  let ws: LegacyWorkspace;
  beforeAll(async () => {
    ws = await makeLegacyWorkspace();
  });
  afterAll(() => ws?.cleanup());

  it('explains itself on stderr and exits 1, printing nothing on stdout', () => {
    const r = spawnSync(join(ws.pluginDir, 'packer-builder-tsb'), [], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('This is a Packer builder plugin (tsb 0.1.0), not a program to run by hand.');
    expect(r.stderr).toContain('copy this file to ~/.packer.d/plugins/packer-builder-tsb');
    expect(r.stderr).toContain('JSON:  { "builders": [ { "type": "tsb" } ] }');
  });

  it('answers describe and --version without the magic cookie', () => {
    const d = spawnSync(join(ws.pluginDir, 'packer-builder-tsb'), ['describe'], { encoding: 'utf8' });
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ version: '0.1.0', builders: ['tsb'] });
    const v = spawnSync(join(ws.pluginDir, 'packer-builder-tsb'), ['--version'], { encoding: 'utf8' });
    expect(v.stdout).toBe('0.1.0\n');
  });
});
