/**
 * Shipping a generated plugin like a Go plugin (issue 12): the Quick start plugin, depending on
 * this checkout through an `npm pack` tarball, builds its bundle and its single executable
 * (`npm run build`), and then:
 * - the executable runs `packer validate` / `packer build` on Debian's Packer 1.6.6 and on every
 *   modern Packer with `node` absent from PATH (1.6.6: packer-builder-NAME in the plugins folder;
 *   modern: `packer plugins install --path`);
 * - `npm run release` writes Packer's release layout (names from packer/plugin-getter and
 *   packer-plugin-scaffolding's .goreleaser.yml), checked with `sha256sum -c` and `unzip`;
 * - HashiCorp's `packer-sdc plugin-check` (built from the Go module proxy by
 *   test/packer-sdc/build.sh) passes on the bundle and on the executable.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPackers, requirePacker } from '../e2e-modern/modern-packers.js';
import { REPO_ROOT } from '../generator/helpers.js';
import { baseEnv, must, packSdk, run } from '../support/packed-sdk.js';

const NAME = 'hello';
const SOURCE = `github.com/example/${NAME}`;
const PACKER_166 = '/usr/bin/packer';
const TARGET = `${process.platform === 'linux' ? 'linux' : process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;


/**
 * A PATH folder holding every program of /usr/bin and /bin except Node's (node, nodejs, npm,
 * npx, corepack), so Packer and `sh` run but a plugin that needs node cannot.
 */
function pathWithoutNode(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const base of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!existsSync(base)) continue;
    for (const f of readdirSync(base)) {
      if (/^(node|nodejs|npm|npx|corepack)$/.test(f) || existsSync(join(dir, f))) continue;
      symlinkSync(join(base, f), join(dir, f));
    }
  }
  return dir;
}

/** HashiCorp's packer-sdc, built (once, cached) from the Go module proxy. */
function packerSdc(): string {
  const out = must('bash', [join(REPO_ROOT, 'test/packer-sdc/build.sh')], REPO_ROOT, baseEnv(), 900_000).trim().split('\n');
  return out[out.length - 1] as string;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function expectBuilt(out: string, target: string): void {
  expect(out).toContain(`${target}: ${NAME} generated GreetingFile=`);
  expect(out).toMatch(new RegExp(`--> ${target.replace('.', '\\.')}: ${NAME} artifact ${NAME}-[0-9a-z]+`));
}

describe(`the generated plugin "${NAME}" as a single executable`, () => {
  let work: string;
  let project: string;
  let noNodePath: string;
  const exe = (): string => join(project, `dist/packer-plugin-${NAME}`);
  const bundle = (): string => join(project, `dist/packer-plugin-${NAME}.cjs`);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gpb-ship-'));
    const tarball = packSdk(work);
    const gen = join(work, 'gen');
    mkdirSync(gen);
    // `packer-builder new` from the staged build, as the README's Quick start runs it.
    const cli = join(work, 'sdk-stage/dist/src/cli/main.js');
    const answers = join(REPO_ROOT, 'templates/quickstart.answers.json');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'sdk-stage/node_modules'));
    must(process.execPath, [cli, 'new', '--answers', answers, '--defaults', '--skip-install', '--no-git', '--sdk', tarball], gen, baseEnv());
    project = join(gen, `packer-plugin-${NAME}`);
    must('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project, baseEnv(), 600_000);
    must('npm', ['run', 'build'], project, baseEnv(), 600_000);
    noNodePath = pathWithoutNode(join(work, 'no-node-bin'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('npm run build writes the bundle and an executable that embeds the Node 24 of the build, not the system Node', () => {
    expect(statSync(bundle()).mode & 0o111).not.toBe(0);
    expect(statSync(exe()).mode & 0o111).not.toBe(0);
    // The plugin's own node (the "node" devDependency) is 24; the executable is a copy of it, so it
    // carries that version string and not the system Node's.
    const node24 = must(join(project, 'node_modules/.bin/node'), ['--version'], project, baseEnv()).trim();
    expect(node24).toMatch(/^v24\./);
    const bytes = readFileSync(exe());
    expect(bytes.includes(Buffer.from(`${node24}\0`))).toBe(true);
    if (process.version !== node24) expect(bytes.includes(Buffer.from(`${process.version}\0`))).toBe(false);
  });

  it('the test PATH really has no node', () => {
    const r = run('sh', ['-c', 'command -v node || echo no-node'], project, { PATH: noNodePath });
    expect(r.out.trim()).toBe('no-node');
  });

  it('runs describe with no environment at all (no node, no PATH), reporting the SDK version', () => {
    const r = spawnSync(exe(), ['describe'], { env: {}, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(r.stdout)).toMatchObject({
      version: '0.1.0',
      sdk_version: pkg.version,
      api_version: 'x5.0',
      builders: ['-packer-default-plugin-name-'],
    });
  });

  describe('Packer 1.6.6, node absent from PATH', () => {
    const configDir = (): string => join(work, 'packer-1.6.6');
    const env = (): NodeJS.ProcessEnv => ({ PATH: noNodePath, HOME: join(work, 'home-1.6.6'), PACKER_CONFIG_DIR: configDir(), CHECKPOINT_DISABLE: '1', TMPDIR: tmpdir() });

    it('install-plugin puts the executable in the plugins folder; packer validate and packer build run it', () => {
      const out = must(process.execPath, ['scripts/install-plugin.mjs'], project, { ...env(), PACKER: PACKER_166 });
      const target = join(configDir(), '.packer.d/plugins', `packer-builder-${NAME}`);
      expect(out).toContain(`installed ${target} for Packer 1.6.6: use it as source "${NAME}" "…" { … } (the single executable)`);
      expect(sha256(target)).toBe(sha256(exe()));
      const v = run(PACKER_166, ['validate', 'example/build.pkr.hcl'], project, env());
      expect(v.code, v.out).toBe(0);
      const b = run(PACKER_166, ['build', '-color=false', 'example/build.pkr.hcl'], project, env());
      expect(b.code, b.out).toBe(0);
      expectBuilt(b.out, `${NAME}.example`);
    }, 120_000);
  });

  describe.each(modernPackers().map((p) => [p.version, p] as const))('Packer %s, node absent from PATH', (version, p) => {
    const home = (): string => join(work, `home-${version}`);
    const env = (): NodeJS.ProcessEnv => ({ PATH: noNodePath, HOME: home(), CHECKPOINT_DISABLE: '1', TMPDIR: tmpdir(), PACKER_CACHE_DIR: join(home(), 'packer_cache') });

    it('packer plugins install --path accepts the executable; packer validate and packer build run it', () => {
      mkdirSync(home(), { recursive: true });
      const packer = requirePacker(p);
      const i = run(packer, ['plugins', 'install', '--path', exe(), SOURCE], project, env());
      expect(i.code, i.out).toBe(0);
      const installed = join(home(), '.config/packer/plugins', SOURCE, `packer-plugin-${NAME}_v0.1.0_x5.0_${TARGET}`);
      expect(i.out).toContain(`Successfully installed plugin ${SOURCE} from ${exe()} to ${installed}`);
      expect(readFileSync(`${installed}_SHA256SUM`, 'utf8')).toBe(sha256(exe()));
      const v = run(packer, ['validate', 'example/build.pkr.hcl'], project, env());
      expect(v.out).toContain('The configuration is valid.');
      expect(v.code, v.out).toBe(0);
      const b = run(packer, ['build', '-color=false', 'example/build.pkr.hcl'], project, env());
      expect(b.code, b.out).toBe(0);
      expectBuilt(b.out, `${NAME}.example`);
    }, 120_000);
  });

  describe('npm run release', () => {
    const zipName = `packer-plugin-${NAME}_v0.1.0_x5.0_${TARGET}.zip`;
    const binaryName = `packer-plugin-${NAME}_v0.1.0_x5.0_${TARGET}`;
    const sumsName = `packer-plugin-${NAME}_v0.1.0_SHA256SUMS`;
    let releaseDir: string;
    beforeAll(() => {
      must('npm', ['run', 'release'], project, baseEnv(), 300_000);
      releaseDir = join(project, 'release');
    }, 300_000);

    it('writes exactly the zip for this OS/arch and the SHA256SUMS, with Packer\'s names', () => {
      expect(readdirSync(releaseDir).sort()).toEqual([sumsName, zipName].sort());
    });

    it('SHA256SUMS lists the zip and passes sha256sum -c', () => {
      expect(readFileSync(join(releaseDir, sumsName), 'utf8')).toBe(`${sha256(join(releaseDir, zipName))}  ${zipName}\n`);
      const r = run('sha256sum', ['-c', sumsName], releaseDir, baseEnv());
      expect(r.out).toContain(`${zipName}: OK`);
      expect(r.code, r.out).toBe(0);
    });

    it('the zip holds only the executable, named as Packer expects, executable, byte for byte', () => {
      const listing = must('unzip', ['-Z', '-l', zipName], releaseDir, baseEnv());
      const entries = listing.split('\n').filter((l) => /^[-d]r/.test(l));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatch(new RegExp(`^-rwxr-xr-x .* ${binaryName}$`));
      const extracted = join(work, 'unzipped');
      must('unzip', ['-o', '-d', extracted, zipName], releaseDir, baseEnv());
      expect(sha256(join(extracted, binaryName))).toBe(sha256(exe()));
      const r = spawnSync(join(extracted, binaryName), ['describe'], { env: {}, encoding: 'utf8' });
      expect(JSON.parse(r.stdout)).toMatchObject({ version: '0.1.0', api_version: 'x5.0' });
    });

    it('refuses a -dev version, writing nothing', () => {
      const dir = join(work, 'dev-version');
      mkdirSync(join(dir, 'scripts'), { recursive: true });
      copyFileSync(join(project, 'scripts/release.mjs'), join(dir, 'scripts/release.mjs'));
      const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { version: string };
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version: '0.2.0-dev' }));
      symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
      cpSync(join(project, 'dist'), join(dir, 'dist'), { recursive: true });
      const r = run(process.execPath, ['scripts/release.mjs'], dir, baseEnv());
      expect(r.out).toContain('release: package.json "version" is "0.2.0-dev": a release needs X.Y.Z (no -dev), as Packer installs by that version');
      expect(r.code).toBe(1);
      expect(existsSync(join(dir, 'release'))).toBe(false);
    });
  });

  describe('npm run release after an edit without a build', () => {
    it('refuses an executable older than src/, naming the file and the fix, writing nothing', () => {
      const dir = join(work, 'stale-release');
      mkdirSync(join(dir, 'scripts'), { recursive: true });
      copyFileSync(join(project, 'scripts/release.mjs'), join(dir, 'scripts/release.mjs'));
      cpSync(join(project, 'package.json'), join(dir, 'package.json'), { preserveTimestamps: true });
      symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'));
      cpSync(join(project, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
      cpSync(join(project, 'src'), join(dir, 'src'), { recursive: true, preserveTimestamps: true });
      const later = new Date(statSync(join(dir, `dist/packer-plugin-${NAME}`)).mtimeMs + 60_000);
      utimesSync(join(dir, 'src/config.ts'), later, later);
      const r = run(process.execPath, ['scripts/release.mjs'], dir, baseEnv());
      expect(r.out).toContain(`dist/packer-plugin-${NAME} is older than src/config.ts: rebuild it with "npm run build"`);
      expect(r.code).toBe(1);
      expect(existsSync(join(dir, 'release'))).toBe(false);
    });
  });

  describe('packer-sdc plugin-check (HashiCorp\'s, from the Go module proxy)', () => {
    it('passes on the executable', () => {
      const r = run(packerSdc(), ['plugin-check', `packer-plugin-${NAME}`], join(project, 'dist'), baseEnv(), 900_000);
      expect(r.code, r.out).toBe(0);
    }, 900_000);

    it('passes on the bundle (run through its #!/usr/bin/env node line)', () => {
      const r = run(packerSdc(), ['plugin-check', `packer-plugin-${NAME}.cjs`], join(project, 'dist'), baseEnv(), 900_000);
      expect(r.code, r.out).toBe(0);
    }, 900_000);

    it('fails on a plugin whose describe has no sdk_version (the check is real)', () => {
      const dir = join(work, 'no-sdk-version');
      mkdirSync(dir);
      const fake = join(dir, `packer-plugin-${NAME}`);
      copyFileSync(bundle(), fake);
      // The same bundle with SDK_VERSION emptied.
      // (the bundle is minified: whitespace and syntax, so `var a = 1, SDK_VERSION = "…"` reads `SDK_VERSION="…"`)
      const text = readFileSync(fake, 'utf8').replace(/\bSDK_VERSION\s*=\s*"[^"]*"/, 'SDK_VERSION=""');
      expect(text).not.toBe(readFileSync(bundle(), 'utf8'));
      writeFileSync(fake, text, { mode: 0o755 });
      const r = run(packerSdc(), ['plugin-check', `packer-plugin-${NAME}`], dir, baseEnv(), 900_000);
      expect(r.out).toContain('SDKVersion needs to be set');
      expect(r.code).toBe(1);
    }, 900_000);
  });

  // last: it removes the executable
  describe('a later bundle-only build', () => {
    it('removes the executable it would make stale, so install-plugin and release cannot pick up an old build', () => {
      expect(existsSync(exe())).toBe(true);
      const r = run('npm', ['run', 'build', '--', '--bundle-only'], project, baseEnv(), 600_000);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain(`removed dist/packer-plugin-${NAME}: it was older than this bundle ("npm run build" makes a new one)`);
      expect(existsSync(exe())).toBe(false);
      expect(statSync(bundle()).mode & 0o111).not.toBe(0);
    }, 600_000);
  });
});
