/**
 * Registry docs (issue 12): a generated plugin has the integration registry's layout
 * (docs/ sources, the generated docs-partials/ config partial, .web-docs/ rendered with its
 * metadata.hcl), regenerate-spec keeps it in sync and `--check` fails on drift, and the pages
 * equal what HashiCorp's `packer-sdc renderdocs` (built from the Go module proxy by
 * test/packer-sdc/build.sh) makes of the same sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { regenerateSpec } from '../../src/specsync/index.js';
import { QUIET, REPO_ROOT, runApp, scratchDir } from '../generator/helpers.js';

const NAME = 'hello';
const COMPONENT = `.web-docs/components/builder/${NAME}/README.md`;
const PARTIAL = `docs-partials/builder/${NAME}/Config.mdx`;
const REGISTRY_FILES = [PARTIAL, '.web-docs/README.md', COMPONENT];

let template = '';

/** A fresh copy of the generated plugin. */
function freshPlugin(): string {
  const dir = join(scratchDir('gpb-webdocs-'), `packer-plugin-${NAME}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

/** The same front-matter rule as .web-docs' compile step: drop `---…---` and the blank lines after it. */
function withoutFrontMatter(text: string): string {
  const m = /^---\n[\s\S]*?\n---\n\n*/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

function packerSdc(): string {
  const r = spawnSync('bash', [join(REPO_ROOT, 'test/packer-sdc/build.sh')], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) throw new Error(`test/packer-sdc/build.sh failed:\n${r.stdout}${r.stderr}`);
  return r.stdout.trim().split('\n').pop() as string;
}

beforeAll(async () => {
  const dir = scratchDir('gpb-webdocs-tpl-');
  await runApp().withOptions({ ...QUIET, answers: join(REPO_ROOT, 'templates/quickstart.answers.json') }).inDir(dir);
  template = join(dir, `packer-plugin-${NAME}`);
});

describe('registry docs of a generated plugin', () => {
  it('has the scaffolding layout: docs/ sources, the config partial, .web-docs/ with metadata.hcl', () => {
    const root = freshPlugin();
    expect(readdirSync(join(root, '.web-docs')).sort()).toEqual(['README.md', 'components', 'metadata.hcl']);
    expect(read(root, `docs/builders/${NAME}.mdx`)).toContain(`@include 'builder/${NAME}/Config.mdx'`);
    const metadata = read(root, '.web-docs/metadata.hcl');
    expect(metadata).toContain(`identifier  = "packer/example/${NAME}"`);
    expect(metadata).toMatch(/component \{\n\s+type = "builder"\n\s+name = "hello"\n\s+slug = "hello"\n\s+\}/);
    const partial = read(root, PARTIAL);
    expect(partial.startsWith('<!-- Code generated from the JSDoc of Config in src/config.ts')).toBe(true);
    expect(partial).toContain('- `greeting` (string) - What to greet.');
    // The rendered page carries the partial in place of the include, without front matter.
    const page = read(root, COMPONENT);
    expect(page).toContain(partial);
    expect(page).not.toContain("@include '");
    expect(page.startsWith(`# ${NAME}\n`)).toBe(true);
  });

  it('is in sync right after generation (regenerate-spec --check covers it)', async () => {
    const r = await regenerateSpec(freshPlugin(), { check: true });
    expect(r.drifted).toEqual([]);
    expect(r.unchanged).toEqual(expect.arrayContaining(REGISTRY_FILES));
  });

  it('renders exactly what packer-sdc renderdocs makes of docs/ and docs-partials/', () => {
    const root = freshPlugin();
    const dst = mkdtempSync(join(tmpdir(), 'gpb-renderdocs-'));
    try {
      const r = spawnSync(packerSdc(), ['renderdocs', '-src', 'docs', '-partials', 'docs-partials', '-dst', dst], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(read(root, '.web-docs/README.md')).toBe(readFileSync(join(dst, 'README.md'), 'utf8'));
      expect(read(root, COMPONENT)).toBe(withoutFrontMatter(readFileSync(join(dst, `builders/${NAME}.mdx`), 'utf8')));
    } finally {
      rmSync(dst, { recursive: true, force: true });
    }
  }, 900_000);

  it('--check fails when a docs source changed, and a regeneration brings .web-docs back in sync', async () => {
    const root = freshPlugin();
    const source = join(root, `docs/builders/${NAME}.mdx`);
    writeFileSync(source, read(root, `docs/builders/${NAME}.mdx`).replace('## Example Usage', 'Runs anywhere.\n\n## Example Usage'));
    const before = read(root, COMPONENT);
    const check = await regenerateSpec(root, { check: true });
    expect(check.drifted).toEqual([COMPONENT]);
    expect(read(root, COMPONENT)).toBe(before); // --check writes nothing
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), 'regenerate-spec', '--check'], { cwd: root, encoding: 'utf8' });
    expect(`${cli.stdout}${cli.stderr}`).toContain(COMPONENT);
    expect(cli.status).toBe(1);
    const write = await regenerateSpec(root);
    expect(write.written).toEqual([COMPONENT]);
    expect(read(root, COMPONENT)).toContain('Runs anywhere.');
    expect((await regenerateSpec(root, { check: true })).drifted).toEqual([]);
  });

  it('--check fails when the Config JSDoc changed: the partial and every page including it drift', async () => {
    const root = freshPlugin();
    writeFileSync(join(root, 'src/config.ts'), read(root, 'src/config.ts').replace('What to greet.', 'Whom to greet.'));
    const check = await regenerateSpec(root, { check: true });
    expect(check.drifted).toEqual(expect.arrayContaining([PARTIAL, COMPONENT, 'docs/configuration.md']));
    expect(check.drifted).not.toContain('.web-docs/README.md');
    await regenerateSpec(root);
    expect(read(root, COMPONENT)).toContain('- `greeting` (string) - Whom to greet.');
  });

  it('refuses an @include of a partial that does not exist, naming the file, writing nothing', async () => {
    const root = freshPlugin();
    writeFileSync(join(root, 'docs/README.md'), `${read(root, 'docs/README.md')}\n@include 'builder/${NAME}/Nope.mdx'\n`);
    writeFileSync(join(root, 'src/config.ts'), read(root, 'src/config.ts').replace('What to greet.', 'Whom to greet.'));
    const spec = read(root, 'src/config.hcl2spec.ts');
    await expect(regenerateSpec(root)).rejects.toThrow(
      `docs/README.md: @include 'builder/${NAME}/Nope.mdx': no such partial (docs-partials/builder/${NAME}/Nope.mdx); the generated configuration partial is 'builder/${NAME}/Config.mdx'`,
    );
    expect(read(root, 'src/config.hcl2spec.ts')).toBe(spec);
  });
});
