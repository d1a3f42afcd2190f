/**
 * The README's first command, end to end: `packer-builder quickstart` generates the embedded
 * default builder, installs and builds it, installs the plugin and runs `packer build` on its
 * example with the real Packer. The output folder is inside this repository (as the default
 * `./quickstart` is), below our `"type": "module"` package.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'test/.tmp/quickstart');

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('packer-builder quickstart', () => {
  it('generates the default builder and packer build runs it', () => {
    if (spawnSync('sh', ['-c', 'command -v packer']).status !== 0) {
      throw new Error('packer is not installed: run `bash scripts/setup.sh` (installs Debian\'s packer)');
    }
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'quickstart', '--out', OUT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 540_000,
    });
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.status, output).toBe(0);
    expect(output).toContain('==> hello.example: write-greeting: TODO: replace with real work');
    expect(output).toMatch(/hello\.example: hello generated GreetingFile=\S+/);
    expect(output).toContain('--> hello.example: hello artifact hello-');
    // Not a terminal here: no colour codes from Packer or from us.
    expect(output).not.toContain('\x1b[');
    const plugin = join(OUT, 'packer-config/.packer.d/plugins/packer-builder-hello');
    expect(existsSync(plugin)).toBe(true);
    // What Packer ran is the single executable the plugin's build made, not the node bundle.
    expect(readFileSync(plugin).equals(readFileSync(join(OUT, 'packer-plugin-hello/dist/packer-plugin-hello')))).toBe(true);
    expect(JSON.parse(readFileSync(join(OUT, 'packer-plugin-hello/.yo-rc.json'), 'utf8'))).toHaveProperty(
      'generator-packer-builder',
    );
  }, 600_000);
});
