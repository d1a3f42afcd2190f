/**
 * regenerateSpec on real directories: golden outputs, idempotence, drift detection, atomic
 * writes, and that no other file is ever touched.
 */
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commonSpecEntries } from '../../src/config/common.js';
import { writeFileAtomic } from '../../src/specsync/atomic-write.js';
import { regenerateSpec, renderSpecFiles, SpecSyncError } from '../../src/specsync/index.js';
import { copyFixture, fixtureSources, GOLDEN, snapshot } from './fixture-helpers.js';
import { evaluateSpecModule } from './helpers.js';

const SPEC = 'src/config.hcl2spec.ts';
const DOCS = 'docs/configuration.md';
const dirs: string[] = [];

async function fixture(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('regenerateSpec', () => {
  it('writes the kitchen-sink spec module and docs exactly as the golden files', async () => {
    const dir = await fixture('kitchen-sink');
    const result = await regenerateSpec(dir);
    expect(result).toEqual({ written: [SPEC, DOCS], drifted: [SPEC, DOCS], unchanged: [] });
    const spec = await readFile(join(dir, SPEC), 'utf8');
    const docs = await readFile(join(dir, DOCS), 'utf8');
    if (process.env.UPDATE_GOLDEN === '1') {
      await mkdir(join(GOLDEN, 'kitchen-sink'), { recursive: true });
      await writeFile(join(GOLDEN, 'kitchen-sink', 'config.hcl2spec.ts.golden'), spec);
      await writeFile(join(GOLDEN, 'kitchen-sink', 'configuration.md.golden'), docs);
    }
    expect(spec).toBe(
      await readFile(join(GOLDEN, 'kitchen-sink', 'config.hcl2spec.ts.golden'), 'utf8'),
    );
    expect(docs).toBe(
      await readFile(join(GOLDEN, 'kitchen-sink', 'configuration.md.golden'), 'utf8'),
    );
  });

  it('renders the same bytes from memory (renderSpecFiles) as from disk', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    const inMemory = await renderSpecFiles(await fixtureSources('kitchen-sink'));
    expect([...inMemory.keys()]).toEqual([SPEC, DOCS]);
    expect(inMemory.get(SPEC)).toBe(await readFile(join(dir, SPEC), 'utf8'));
    expect(inMemory.get(DOCS)).toBe(await readFile(join(dir, DOCS), 'utf8'));
  });

  it('the generated module evaluates to the spec (common entries first, blocks nested)', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    const mod = await evaluateSpecModule(await readFile(join(dir, SPEC), 'utf8'));
    expect(mod.generatedDataNames).toEqual(['ImageId', 'ImageRegion']);
    const keys = Object.keys(mod.configSpec.entries);
    expect(keys.slice(0, Object.keys(commonSpecEntries).length)).toEqual(
      Object.keys(commonSpecEntries),
    );
    expect(keys.slice(Object.keys(commonSpecEntries).length)).toEqual([
      'region',
      'api_token',
      'disk_size_gb',
      'mode',
      'boot_wait',
      'tags',
      'packages',
      'http2_port',
      'skip_snapshot',
      'zone',
      'ssh_keypair_name',
      'root_disk',
      'network_interfaces',
      'quotas',
    ]);
    const nics = mod.configSpec.entries.network_interfaces;
    expect(nics?.kind).toBe('blockList');
    if (nics?.kind !== 'blockList') return;
    expect([nics.minItems, nics.maxItems]).toEqual([1, 4]);
    expect(nics.nested.entries.rules).toEqual({
      kind: 'blockList',
      typeName: 'rules',
      minItems: 0,
      maxItems: 0,
      nested: {
        kind: 'object',
        entries: {
          port: {
            kind: 'attr',
            name: 'port',
            type: { kind: 'number' },
            required: true,
            meta: { property: 'port', description: 'The port to open.' },
          },
          protocol: {
            kind: 'attr',
            name: 'protocol',
            type: { kind: 'string' },
            required: false,
            meta: { property: 'protocol', default: 'tcp', enum: ['tcp', 'udp'] },
          },
        },
      },
      meta: { property: 'rules', description: 'Firewall rules for this interface.' },
    });
  });

  it('is idempotent: a second run writes nothing and the bytes stay identical', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    const first = await snapshot(dir);
    const again = await regenerateSpec(dir);
    expect(again).toEqual({ written: [], drifted: [], unchanged: [SPEC, DOCS] });
    expect(await snapshot(dir)).toEqual(first);
  });

  it('check mode finds drift after Config changes, names the files, writes nothing; regenerating fixes it', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    expect(await regenerateSpec(dir, { check: true })).toEqual({
      written: [],
      drifted: [],
      unchanged: [SPEC, DOCS],
    });
    const config = join(dir, 'src/config.ts');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        '  region: string;',
        '  region: string;\n  /** New. */\n  extra?: string;',
      ),
    );
    const before = await snapshot(dir);
    expect(await regenerateSpec(dir, { check: true })).toEqual({
      written: [],
      drifted: [SPEC, DOCS],
      unchanged: [],
    });
    expect(await snapshot(dir)).toEqual(before);
    expect(await regenerateSpec(dir)).toEqual({
      written: [SPEC, DOCS],
      drifted: [SPEC, DOCS],
      unchanged: [],
    });
    expect(await readFile(join(dir, SPEC), 'utf8')).toContain(
      "extra: spec.attr('extra', cty.string, { property: 'extra', description: 'New.' }),",
    );
    expect(await regenerateSpec(dir, { check: true })).toEqual({
      written: [],
      drifted: [],
      unchanged: [SPEC, DOCS],
    });
  });

  it('a hand edit of a generated file is drift too, and only that file is rewritten', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    await writeFile(join(dir, DOCS), 'edited\n');
    expect(await regenerateSpec(dir, { check: true })).toEqual({
      written: [],
      drifted: [DOCS],
      unchanged: [SPEC],
    });
    expect(await regenerateSpec(dir)).toEqual({
      written: [DOCS],
      drifted: [DOCS],
      unchanged: [SPEC],
    });
  });

  it('never touches other files and leaves no temporary files', async () => {
    const dir = await fixture('kitchen-sink');
    const before = await snapshot(dir);
    await regenerateSpec(dir);
    const after = await snapshot(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys(), SPEC, DOCS].sort());
    for (const [rel, state] of before) expect(after.get(rel)).toEqual(state);
  });

  it('replaces outputs atomically (a new inode renamed into place), keeping the file mode', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    const spec = join(dir, SPEC);
    await writeFile(spec, '// stale\n');
    await chmod(spec, 0o640);
    const old = await stat(spec);
    await regenerateSpec(dir);
    const now = await stat(spec);
    expect(now.ino).not.toBe(old.ino);
    expect(now.mode & 0o777).toBe(0o640);
  });

  it('writes nothing when the types have problems', async () => {
    const dir = await fixture('kitchen-sink');
    await regenerateSpec(dir);
    const config = join(dir, 'src/config.ts');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace(
        '  region: string;',
        '  region: Date;\n  extra?: string;',
      ),
    );
    const before = await snapshot(dir);
    const err = await regenerateSpec(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecSyncError);
    expect(
      (err as SpecSyncError).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.path}`),
    ).toEqual(['src/config.ts:10:11 Config.region']);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('honours the packerBuilder paths in package.json', async () => {
    const dir = await fixture('custom-paths');
    const result = await regenerateSpec(dir);
    expect(result.written).toEqual(['generated/settings-spec.ts', 'CONFIG.md']);
    const spec = await readFile(join(dir, 'generated/settings-spec.ts'), 'utf8');
    expect(spec.split('\n').slice(0, 4)).toEqual([
      '// Code generated by "packer-builder regenerate-spec"; DO NOT EDIT.',
      '// Generated from lib/settings.ts (Settings) and lib/outputs.ts (Outputs); edit those, then run `npm run regenerate-spec`.',
      "import { cty, spec, commonSpecEntries, type ObjectSpec } from 'generator-packer-builder';",
      "import type { Outputs } from '../lib/outputs.js';",
    ]);
    expect(spec).toContain(
      "export const generatedDataNames = ['Said'] as const satisfies readonly (keyof Outputs)[];",
    );
    const docs = await readFile(join(dir, 'CONFIG.md'), 'utf8');
    expect(docs).toContain('- `message` (string) - What to say.');
    expect(docs).toContain(
      'This reference is generated from the JSDoc of `Settings` in `lib/settings.ts`:',
    );
    expect((await readdir(dir)).sort()).toEqual(['CONFIG.md', 'generated', 'lib', 'package.json']);
  });

  it('refuses bad packerBuilder settings, naming package.json and the key', async () => {
    const dir = await fixture('custom-paths');
    const pkg = join(dir, 'package.json');
    const cases: [unknown, string][] = [
      [
        { spc: 'x.ts' },
        'package.json: unknown key "packerBuilder.spc"\n    hint: known keys: config, configType, generatedData, generatedDataType, spec, docs',
      ],
      [{ spec: 3 }, 'package.json: "packerBuilder.spec" must be a non-empty string'],
      [
        { docs: '../outside.md' },
        'package.json: "packerBuilder.docs" must be a path inside the plugin directory (got "../outside.md")',
      ],
      [
        { spec: 'src/config.ts' },
        'package.json: "packerBuilder.spec" must differ from "packerBuilder.config" (both are "src/config.ts")',
      ],
      [
        { configType: 'not a name' },
        'package.json: "packerBuilder.configType" must be a type name, got "not a name"',
      ],
    ];
    for (const [packerBuilder, message] of cases) {
      await writeFile(pkg, JSON.stringify({ name: 'x', packerBuilder }));
      const err = await regenerateSpec(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SpecSyncError);
      expect((err as SpecSyncError).message).toBe(
        `1 problem in the plugin's config types:\n  ${message.replace('\n', '\n  ')}`,
      );
    }
  });
});

describe('writeFileAtomic', () => {
  it('creates missing directories and leaves only the target', async () => {
    const dir = await fixture('custom-paths');
    await writeFileAtomic(join(dir, 'a/b/c.txt'), 'hello');
    expect(await readFile(join(dir, 'a/b/c.txt'), 'utf8')).toBe('hello');
    expect(await readdir(join(dir, 'a/b'))).toEqual(['c.txt']);
  });

  it('on failure keeps what was there and removes its temporary file', async () => {
    const dir = await fixture('custom-paths');
    const target = join(dir, 'lib'); // a non-empty directory: rename() over it fails
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['lib', 'package.json']);
    expect((await readdir(target)).sort()).toEqual(['outputs.ts', 'settings.ts']);
  });
});
