/**
 * Integration: `yo packer-builder` writes a plugin with one setting of every kind; that plugin,
 * depending on this checkout through an `npm pack` tarball, installs, builds, passes its own
 * tests, has no spec drift, and runs under real Packer: Debian's 1.6.6 (`packer-builder-NAME`
 * in the plugins folder) and every modern Packer built by test/modern-packer/build.sh
 * (`packer plugins install --path`), for `packer validate` and `packer build`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { satisfies } from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modernPackers, requirePacker, type ModernPacker } from '../e2e-modern/modern-packers.js';
import { baseEnv, must, packSdk, run, type Run } from '../support/packed-sdk.js';
import { keygen, startSshd, TEST_USER, type Sshd } from '../support/sshd.js';
import { PLUGIN_NODE_FLAGS } from '../../generators/lib/plugin-node.js';
import { REPO_ROOT, runApp } from './helpers.js';

const NAME = 'allkinds';
const SOURCE = `github.com/itest/${NAME}`;
const PACKER_166 = '/usr/bin/packer';

/** One field of every kind: required, sensitive, defaults, a nested block, a block list. */
const ANSWERS = {
  name: NAME,
  description: 'Integration test plugin with one setting of every kind.',
  org: 'itest',
  author: 'Integration Test <itest@example.com>',
  license: 'MPL-2.0',
  communicator: 'local',
  fields: [
    { name: 'message', type: 'string', required: true, description: 'Said by the first step.' },
    { name: 'ratio', type: 'number', default: 0.25 },
    { name: 'size_gb', type: 'int', default: 20, description: 'Disk size in GiB.' },
    { name: 'enable_gpu', type: 'bool', default: false },
    { name: 'mode', type: 'enum', choices: ['fast', 'safe'], default: 'safe' },
    { name: 'boot_wait', type: 'duration', default: '10s' },
    { name: 'zones', type: 'string[]' },
    { name: 'tags', type: 'map(string)' },
    { name: 'api_token', type: 'string', sensitive: true },
    {
      name: 'disk',
      type: 'block',
      required: true,
      fields: [
        { name: 'label', type: 'string', default: 'boot' },
        { name: 'encryption', type: 'block', fields: [{ name: 'key_id', type: 'string', required: true }] },
      ],
    },
    { name: 'mount', type: 'block[]', fields: ['path:string!', 'read_only:bool=false'] },
  ],
  generated: ['ImageId'],
  steps: ['create-vm', 'snapshot'],
  git: false,
  install: false,
};

/** What a successful build of either example prints (`target` is `allkinds.example` or `allkinds`). */
function expectBuildOutput(out: string, target: string): void {
  expect(out).toContain(`${target}: create-vm: TODO: replace with real work`);
  expect(out).toContain(`${target}: example-message`); // the configured `message`, said by the first step
  expect(out).toContain(`${target}: snapshot: TODO: replace with real work`);
  expect(out).toContain(`${target}: ${NAME} generated ImageId=example-ImageId-value`);
  expect(out).toMatch(new RegExp(`--> ${target.replace('.', '\\.')}: ${NAME} artifact ${NAME}-[0-9a-z]+`));
}

/** Runs `fn` once, on first use (installs shared by several tests). */
function once<T>(fn: () => T): () => T {
  let done: { value: T } | undefined;
  return () => (done ??= { value: fn() }).value;
}

/** The SDK tarball both generated plugins depend on, packed once per run. */
const sdkWork = mkdtempSync(join(tmpdir(), 'gpb-integration-sdk-'));
const sdkTarball = once(() => packSdk(sdkWork));
afterAll(() => rmSync(sdkWork, { recursive: true, force: true }));

describe(`generated plugin "${NAME}" end to end`, () => {
  let work: string;
  let project: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gpb-integration-'));
    const tarball = sdkTarball();
    const answers = join(work, 'answers.json');
    writeFileSync(answers, `${JSON.stringify(ANSWERS, null, 2)}\n`);
    const gen = join(work, 'gen');
    mkdirSync(gen);
    const r = await runApp().withOptions({ answers, sdk: tarball, skipInstall: true, git: false }).inDir(gen);
    project = join(r.cwd, `packer-plugin-${NAME}`);
    must('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project, baseEnv(), 300_000);
    must('npm', ['run', 'build'], project, baseEnv());
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const bundle = (): string => join(project, `dist/packer-plugin-${NAME}.cjs`);
  /**
   * The Node `npm run install-plugin` runs on in the plugin: its own `node` devDependency (the
   * same version as this test run's), first on PATH in its npm scripts.
   */
  const pluginNode = (): string => join(project, 'node_modules/node/bin/node');
  const pluginNodeVersion = `v${(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.node}`;
  /** What install-plugin installs with PLUGIN_FILE=bundle: the bundle behind the script's own launcher line for that Node. */
  const installedCopy = async (env: NodeJS.ProcessEnv): Promise<Buffer> => {
    const script = (await import(pathToFileURL(join(project, 'scripts/install-plugin.mjs')).href)) as {
      launcherFor(bundle: string, execPath: string, cacheDir?: string): string;
    };
    return Buffer.from(script.launcherFor(readFileSync(bundle(), 'utf8'), pluginNode(), compileCache(env)));
  };
  /** Where the installed plugin keeps Node's module compile cache. */
  const compileCache = (env: NodeJS.ProcessEnv): string =>
    join(env.XDG_CACHE_HOME || join(env.HOME as string, '.cache'), `packer-plugin-${NAME}`, 'node-compile-cache');
  const installedOn = (): string => `it runs on Node ${pluginNodeVersion} (${pluginNode()})`;
  /** The single executable `npm run build` also makes; install-plugin installs it when present. */
  const executable = (): string => join(project, `dist/packer-plugin-${NAME}`);

  it('builds a self-contained CommonJS bundle whose describe reports package.json\'s version', () => {
    const text = readFileSync(bundle(), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n"use strict";\n')).toBe(true);
    const out = must(bundle(), ['describe'], tmpdir(), baseEnv());
    // What `packer plugins install` names the installed copy after, and how Packer types it.
    expect(JSON.parse(out)).toMatchObject({
      version: '0.1.0',
      api_version: 'x5.0',
      builders: ['-packer-default-plugin-name-'],
    });
  });

  it('runs as an extension-less copy below a package.json that says "type": "module"', () => {
    // Node loads such a file as an ES module (no `require`): e.g. a plugins folder inside a repo.
    const dir = join(work, 'esm-scope');
    mkdirSync(join(dir, 'plugins'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const copy = join(dir, 'plugins', `packer-builder-${NAME}`);
    copyFileSync(bundle(), copy);
    chmodSync(copy, 0o755);
    expect(JSON.parse(must(copy, ['describe'], dir, baseEnv()))).toMatchObject({ version: '0.1.0' });
  });

  it('has no spec drift right after generation (regenerate-spec --check)', () => {
    const r = run('npx', ['--no-install', 'packer-builder', 'regenerate-spec', '--check'], project, baseEnv());
    expect(r.out).toContain('regenerate-spec: up to date (src/config.hcl2spec.ts, docs/configuration.md, docs-partials/builder/allkinds/Config.mdx, .web-docs/README.md, .web-docs/components/builder/allkinds/README.md)');
    expect(r.code, r.out).toBe(0);
  });

  it('passes its own npm test, the packer build of both examples with Packer 1.6.6 included', () => {
    const r = run('npm', ['test'], project, baseEnv(), 300_000);
    expect(r.out).toMatch(/Test Files\s+4 passed \(4\)/);
    expect(r.out).not.toMatch(/skipped/);
    expect(r.code, r.out).toBe(0);
  }, 320_000);

  it('scripts/install-plugin.mjs picks the layout by Packer version; 1.7–1.9 get packer-plugin-NAME in PACKER_PLUGIN_PATH', async () => {
    const script = (await import(pathToFileURL(join(project, 'scripts/install-plugin.mjs')).href)) as {
      layoutFor(v: { major: number; minor: number }): string;
      installFolder(env: NodeJS.ProcessEnv): string;
      detectPackerVersion(packer: string): { text: string };
    };
    const layouts = ['1.6.6', '1.7.0', '1.9.5', '1.10.0', '1.11.2', '1.16.0', '2.0.0'].map((v) => {
      const [major, minor] = v.split('.').map(Number) as [number, number];
      return `${v}:${script.layoutFor({ major, minor })}`;
    });
    expect(layouts).toEqual(['1.6.6:legacy', '1.7.0:folder', '1.9.5:folder', '1.10.0:install', '1.11.2:install', '1.16.0:install', '2.0.0:install']);
    expect(script.detectPackerVersion(PACKER_166).text).toBe('1.6.6');

    // Packer 1.7–1.9 (not run here): the first PACKER_PLUGIN_PATH folder, else <config dir>/.packer.d/plugins.
    const first = join(work, 'folder-layout', 'first');
    const target = script.installFolder({ PACKER_PLUGIN_PATH: `${first}:${join(work, 'folder-layout', 'second')}` });
    expect(target).toBe(join(first, `packer-plugin-${NAME}`));
    expect(readFileSync(target).equals(readFileSync(executable()))).toBe(true); // 127 MB: no toEqual diff
    const configDir = join(work, 'folder-layout', 'config');
    expect(script.installFolder({ PACKER_CONFIG_DIR: configDir })).toBe(join(configDir, '.packer.d/plugins', `packer-plugin-${NAME}`));
  });

  it('scripts/install-plugin.mjs accepts exactly the engines range and refuses any other Node before installing', async () => {
    const script = (await import(pathToFileURL(join(project, 'scripts/install-plugin.mjs')).href)) as {
      NODE_RANGE: string;
      nodeSatisfies(version: string, range: string): boolean;
      pluginNode(node: { version: string; execPath: string }): { version: string; execPath: string };
      launcherFor(bundle: string, execPath: string, cacheDir?: string): string;
    };
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(script.NODE_RANGE).toBe(pkg.engines.node);
    expect(pkg.engines.node).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).engines.node);
    const versions = ['v18.20.8', 'v20.20.2', 'v22.0.0', 'v22.17.1', 'v22.18.0', 'v22.23.3', 'v23.11.0', 'v24.0.0', 'v24.10.9', 'v24.11.0', 'v24.21.0', 'v25.0.0', 'v26.10.0'];
    for (const range of [pkg.engines.node, '>=22', '^24.11.1 || 26.1', '22.18.0']) {
      for (const v of versions) expect(script.nodeSatisfies(v, range), `${v} in ${range}`).toBe(satisfies(v, range));
    }
    expect(() => script.pluginNode({ version: 'v20.20.2', execPath: '/usr/bin/node' })).toThrow(
      `this is Node v20.20.2 (/usr/bin/node), and the plugin needs Node ${pkg.engines.node} (package.json "engines"); run "npm run install-plugin" with a supported Node first on PATH`,
    );
    // Run by an unsupported Node (a stand-in: this Node, claiming to be 20.20.2): nothing installed, the range named.
    const dir = join(work, 'refused');
    const oldBin = join(work, 'old-node');
    mkdirSync(oldBin);
    writeFileSync(join(oldBin, 'claim.cjs'), "Object.defineProperty(process, 'version', { value: 'v20.20.2' });\n");
    writeFileSync(join(oldBin, 'node'), `#!/bin/sh\nexec '${process.execPath}' --require '${join(oldBin, 'claim.cjs')}' "$@"\n`, { mode: 0o755 });
    // (the bundle: the executable carries its own Node, so any Node may install that)
    const refused = run('/bin/sh', ['-c', 'node scripts/install-plugin.mjs'], project, baseEnv({ PACKER_CONFIG_DIR: dir, PACKER: PACKER_166, PATH: `${oldBin}:/usr/bin:/bin`, PLUGIN_FILE: bundle() }));
    expect(refused.out).toContain(`install-plugin: this is Node v20.20.2 (${process.execPath}), and the plugin needs Node ${pkg.engines.node}`);
    expect(refused.code).toBe(1);
    expect(existsSync(dir)).toBe(false);

    // A Node path the kernel cannot take in `#!` (a blank in it): a /bin/sh line that Node skips.
    const spaced = join(work, 'node dir', 'node');
    mkdirSync(join(work, 'node dir'));
    symlinkSync(process.execPath, spaced);
    const launcher = join(work, 'spaced-launcher');
    writeFileSync(launcher, script.launcherFor(readFileSync(bundle(), 'utf8'), spaced, join(work, 'cc dir')), { mode: 0o755 });
    expect(readFileSync(launcher, 'utf8').split('\n', 2)).toEqual(['#!/bin/sh', `':' //; NODE_COMPILE_CACHE='${join(work, 'cc dir')}' exec '${spaced}' ${PLUGIN_NODE_FLAGS.join(' ')} "$0" "$@"`]);
    // Without a cache folder: still env -S, for the flags (the kernel passes one argument after #!).
    expect(script.launcherFor('#!/usr/bin/env node\nx\n', process.execPath).split('\n', 1)[0]).toBe(`#!/usr/bin/env -S ${process.execPath} ${PLUGIN_NODE_FLAGS.join(' ')}`);
    expect(JSON.parse(must(launcher, ['describe'], work, baseEnv({ PATH: '/usr/bin:/bin' })))).toMatchObject({ version: '0.1.0' });
    expect(readdirSync(join(work, 'cc dir')).some((d) => d.startsWith(`${process.version}-`))).toBe(true);
  });

  describe('Packer 1.6.6', () => {
    const configDir = (): string => join(work, 'packer-1.6.6');
    const env = (): NodeJS.ProcessEnv => baseEnv({ PACKER_CONFIG_DIR: configDir(), PACKER: PACKER_166, XDG_CACHE_HOME: join(configDir(), 'cache') });
    const install = once(() => must('npm', ['run', 'install-plugin'], project, env()));
    const packer = (args: string[]): Run => run(PACKER_166, args, project, env());

    it('npm run install-plugin copies the single executable to the plugins folder as packer-builder-NAME', () => {
      const target = join(configDir(), '.packer.d/plugins', `packer-builder-${NAME}`);
      expect(install()).toContain(`installed ${target} for Packer 1.6.6: use it as source "${NAME}" "…" { … } (the single executable)`);
      expect(readFileSync(target).equals(readFileSync(executable()))).toBe(true); // 127 MB: no toEqual diff
    });

    it('the single executable starts Node with the plugin flags (its execArgv), NODE_OPTIONS still honoured', () => {
      // The flags keep an SSH upload's memory down (bench/upload-ssh.mjs); a preload reports them.
      const preload = join(work, 'report-exec-argv.cjs');
      const report = join(work, 'exec-argv.json');
      writeFileSync(preload, "require('node:fs').writeFileSync(process.env.GPB_ARGV_REPORT, JSON.stringify(process.execArgv));\n");
      const out = must(executable(), ['describe'], work, baseEnv({ PATH: '/usr/bin:/bin', NODE_OPTIONS: `--require ${preload}`, GPB_ARGV_REPORT: report }));
      // nothing on stderr: V8 warns "Code cache data rejected" when the cache was made under other flags
      expect(out).not.toContain('rejected');
      expect(JSON.parse(out)).toMatchObject({ version: '0.1.0' });
      expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual([...PLUGIN_NODE_FLAGS]);
    });

    it.each([
      ['example/build.pkr.hcl', `${NAME}.example`],
      ['example/build.json', NAME],
    ])('packer validate and packer build %s', (template, target) => {
      install();
      const v = packer(['validate', template]);
      expect(v.code, v.out).toBe(0);
      const b = packer(['build', '-color=false', template]);
      expect(b.code, b.out).toBe(0);
      expectBuildOutput(b.out, target);
    }, 60_000);

    it('the installed bundle (PLUGIN_FILE) runs on the Node that installed it, whatever node is on Packer\'s PATH', async () => {
      const out = must('npm', ['run', 'install-plugin'], project, { ...env(), PLUGIN_FILE: bundle() });
      expect(out).toContain(installedOn());
      expect(readFileSync(join(configDir(), '.packer.d/plugins', `packer-builder-${NAME}`))).toEqual(await installedCopy(env()));
      // A preload reports process.version from inside every Node process Packer starts.
      const preload = join(work, 'report-node.cjs');
      const report = join(work, 'node-report.jsonl');
      writeFileSync(
        preload,
        "require('node:fs').appendFileSync(process.env.GPB_NODE_REPORT, JSON.stringify([process.version, process.execPath, process.argv[1], process.execArgv]) + '\\n');\n",
      );
      // PATH without this run's Node: only the system's node (Node 20 on Debian here), if any.
      const b = run(PACKER_166, ['build', '-color=false', 'example/build.pkr.hcl'], project, {
        ...env(),
        PATH: '/usr/bin:/bin',
        NODE_OPTIONS: `--require ${preload}`,
        GPB_NODE_REPORT: report,
      });
      expect(b.code, b.out).toBe(0);
      expectBuildOutput(b.out, `${NAME}.example`);
      const plugin = readFileSync(report, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as [string, string, string, string[]])
        .filter(([, , script]) => script === join(configDir(), '.packer.d/plugins', `packer-builder-${NAME}`));
      expect(plugin.length).toBeGreaterThan(0);
      for (const [version, execPath, , execArgv] of plugin) {
        expect(version).toBe(pluginNodeVersion);
        expect(execPath).toBe(pluginNode());
        // the launcher line's flags (the same as the executable's execArgv)
        expect(execArgv).toEqual([...PLUGIN_NODE_FLAGS]);
        expect(satisfies(version, '^22.18 || >=24.11'), version).toBe(true);
      }
      // Node's module compile cache of the plugin, one folder per Node version (v24.21.0-x64-…).
      const cached = readdirSync(compileCache(env()));
      expect(cached.some((d) => d.startsWith(`${pluginNodeVersion}-`)), cached.join()).toBe(true);
      must('npm', ['run', 'install-plugin'], project, env()); // later tests run the executable again
    }, 60_000);

    it('packer validate refuses wrong values, naming the field', () => {
      install();
      const hcl = readFileSync(join(project, 'example/build.pkr.hcl'), 'utf8');
      expect(hcl).toMatch(/^ {2}size_gb += 20$/m);
      expect(hcl).toMatch(/^ {2}mode += "safe"$/m);
      const wrongType = join(work, 'wrong-type.pkr.hcl');
      writeFileSync(wrongType, hcl.replace(/^( {2}size_gb += )20$/m, '$1"twenty"'));
      const r1 = packer(['validate', wrongType]);
      expect(r1.out).toContain('Inappropriate value for attribute "size_gb": a number is required.');
      expect(r1.code).toBe(1);

      const wrongChoice = join(work, 'wrong-choice.pkr.hcl');
      writeFileSync(wrongChoice, hcl.replace(/^( {2}mode += )"safe"$/m, '$1"turbo"'));
      const r2 = packer(['validate', wrongChoice]);
      expect(r2.out).toContain('mode: "turbo" is not an allowed value; use "fast" or "safe"');
      expect(r2.code).toBe(1);

      const json = JSON.parse(readFileSync(join(project, 'example/build.json'), 'utf8')) as { builders: Record<string, unknown>[] };
      const builder = json.builders[0] as Record<string, unknown>;
      builder.size_gb = 'twenty';
      delete builder.message;
      const badJson = join(work, 'bad.json');
      writeFileSync(badJson, JSON.stringify(json));
      const r3 = packer(['validate', badJson]);
      expect(r3.out).toContain('* size_gb: expected a whole number, got "twenty"');
      expect(r3.out).toContain(`* message is required: set "message" in the builder's configuration`);
      expect(r3.code).toBe(1);
    }, 60_000);
  });

  // Issue 9 §1: a hand edit of Config (a field added, one renamed, a nested interface added)
  // without running regenerate-spec. The bundle never carries the stale spec, the generated
  // tests follow the new Config, the examples check names the stale example setting, and Packer
  // accepts the new settings.
  describe('after a hand edit of Config, without regenerate-spec', () => {
    const copy = (): string => join(work, 'edited');
    const prepareCopy = once(() => {
      cpSync(project, copy(), { recursive: true, filter: (src) => !src.includes('node_modules') });
      symlinkSync(join(project, 'node_modules'), join(copy(), 'node_modules'));
      const config = readFileSync(join(copy(), 'src/config.ts'), 'utf8');
      const edited = config
        .replace(/\n  ratio: number;/, '\n  scale: number;')
        .replace(/\n}\n/, '\n\n  /** The zone. */\n  zone?: string;\n\n  /** The network. */\n  network?: NetworkConfig;\n}\n\n/** A network. */\nexport interface NetworkConfig {\n  /** Its range. */\n  cidr: string;\n}\n');
      expect(edited).toContain('scale: number;');
      expect(edited).toContain('zone?: string;');
      writeFileSync(join(copy(), 'src/config.ts'), edited);
    });

    it('scripts/build.mjs refuses to bundle the stale spec, naming the fix', () => {
      prepareCopy();
      const r = run(process.execPath, ['scripts/build.mjs'], copy(), baseEnv());
      expect(r.out).toContain('not bundled: the HCL spec does not match src/config.ts; run `npm run build` (it regenerates the spec) or `npm run regenerate-spec`');
      expect(r.code).toBe(1);
    });

    it('npm run build regenerates the spec and the docs before bundling', () => {
      prepareCopy();
      must('npm', ['run', 'build'], copy(), baseEnv());
      const spec = readFileSync(join(copy(), 'src/config.hcl2spec.ts'), 'utf8');
      for (const name of ['zone', 'scale', 'network']) expect(spec).toContain(`${name}: spec.`);
      expect(spec).not.toMatch(/\bratio\b/);
      expect(readFileSync(join(copy(), 'docs/configuration.md'), 'utf8')).toContain('`cidr`');
    });

    it('the generated prepare and step tests follow the new Config; the examples check names the stale setting', () => {
      const ok = run('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose', 'test/prepare.test.ts', 'test/steps.test.ts'], copy(), baseEnv(), 120_000);
      expect(ok.out).toMatch(/requires network\.cidr|refuses a wrong value for network\.cidr/);
      expect(ok.code, ok.out).toBe(0);
      const stale = run('npx', ['--no-install', 'vitest', 'run', 'test/examples.test.ts'], copy(), baseEnv(), 120_000);
      expect(stale.out).toContain('example/build.json no longer fits src/config.ts');
      expect(stale.out).toContain('ratio');
      expect(stale.code).toBe(1);
    }, 150_000);

    it('Packer 1.6.6 accepts the new settings', () => {
      const env = baseEnv({ PACKER_CONFIG_DIR: join(work, 'packer-1.6.6-edited'), PACKER: PACKER_166 });
      must('npm', ['run', 'install-plugin'], copy(), env);
      const hcl = readFileSync(join(copy(), 'example/build.pkr.hcl'), 'utf8')
        .replace(/^( {2})ratio( +=)/m, '$1scale$2')
        .replace(/^source "allkinds" "example" \{\n/m, '$&  zone = "z1"\n  network {\n    cidr = "10.0.0.0/8"\n  }\n');
      const template = join(copy(), 'edited.pkr.hcl');
      writeFileSync(template, hcl);
      const v = run(PACKER_166, ['validate', template], copy(), env);
      expect(v.code, v.out).toBe(0);
    }, 60_000);
  });

  it('tests at least Packer 1.11.2 and 1.16.0 as modern Packer', () => {
    expect(modernPackers().map((p) => p.version)).toEqual(expect.arrayContaining(['1.11.2', '1.16.0']));
  });

  describe.each(modernPackers().map((p) => [p.version, p] as [string, ModernPacker]))('Packer %s', (version, p) => {
    const root = (): string => join(work, `packer-${version}`);
    const home = (): string => join(root(), 'home');
    // A private HOME (and no XDG_CONFIG_HOME): `packer plugins install` writes to ~/.config/packer/plugins.
    const env = (): NodeJS.ProcessEnv => {
      const e = baseEnv({ HOME: home(), PACKER: requirePacker(p), XDG_CACHE_HOME: join(root(), 'cache'), PACKER_CACHE_DIR: join(root(), 'packer_cache') });
      delete e.XDG_CONFIG_HOME;
      return e;
    };
    const install = once(() => {
      mkdirSync(home(), { recursive: true });
      return must('npm', ['run', 'install-plugin'], project, env());
    });
    const packer = (args: string[]): Run => run(requirePacker(p), args, project, env());

    it('npm run install-plugin runs packer plugins install --path with the versioned name', () => {
      const installed = join(home(), '.config/packer/plugins', SOURCE, `packer-plugin-${NAME}_v0.1.0_x5.0_linux_amd64`);
      const out = install();
      expect(out).toContain(`installed ${installed} for Packer ${version}: use it as source "${NAME}" "…" { … } (the single executable)`);
      const bytes = readFileSync(installed);
      expect(bytes.equals(readFileSync(executable()))).toBe(true);
      expect(readFileSync(`${installed}_SHA256SUM`, 'utf8')).toBe(createHash('sha256').update(bytes).digest('hex'));
    });

    it.each([
      ['example/build.pkr.hcl', `${NAME}.example`],
      ['example/build.json', NAME],
    ])('packer validate and packer build %s', (template, target) => {
      install();
      const v = packer(['validate', template]);
      expect(v.out).toContain('The configuration is valid.');
      expect(v.code, v.out).toBe(0);
      const b = packer(['build', '-color=false', template]);
      expect(b.code, b.out).toBe(0);
      expectBuildOutput(b.out, target);
    }, 60_000);

    it('the generated e2e test passes with PACKER set to it (installs with install-plugin too)', () => {
      const r = run('npx', ['--no-install', 'vitest', 'run', 'test/e2e.test.ts'], project, env(), 120_000);
      expect(r.out).toMatch(/Tests\s+2 passed \(2\)/);
      expect(r.code, r.out).toBe(0);
    }, 150_000);

    it('packer validate refuses a wrong value, naming the field', () => {
      install();
      const hcl = readFileSync(join(project, 'example/build.pkr.hcl'), 'utf8');
      const wrongChoice = join(root(), 'wrong-choice.pkr.hcl');
      writeFileSync(wrongChoice, hcl.replace(/^( {2}mode += )"safe"$/m, '$1"turbo"'));
      const r = packer(['validate', wrongChoice]);
      expect(r.out).toContain('mode: "turbo" is not an allowed value; use "fast" or "safe"');
      expect(r.code).toBe(1);
    }, 60_000);
  });
});

/**
 * Issues 11 and 13, "Done when": a `--kit vm` plugin (a VM builder; `--kit vm` implies
 * `--communicator ssh`) installed from the same tarball passes its own npm test (its e2e test
 * starts its own sshd and builds under Packer 1.6.6), and every Packer — 1.6.6 and the modern
 * ones — builds it with this test's sshd (test/support/sshd.ts) standing in for the machine a
 * hypervisor would create: the local ISO checked against its sha256, the HTTP server, the boot
 * command typed through the plugin's driver, SSH, Packer's shell provisioner, shutdown_command.
 * test/generator/communicator.test.ts covers `--communicator ssh` without the kit (bundled
 * against the sources, Packer 1.6.6) and `--communicator custom`.
 */
const VM_NAME = 'vmkit';
const VM_ANSWERS = {
  name: VM_NAME,
  description: 'Integration test VM builder.',
  org: 'itest',
  kit: 'vm',
  fields: [{ name: 'memory', type: 'int', default: 1024, description: 'Memory in MiB.' }],
  generated: ['ImageId'],
  git: false,
  install: false,
};

describe(`generated VM plugin "${VM_NAME}" (--kit vm, SSH) end to end`, () => {
  let work: string;
  let project: string;
  let sshd: Sshd;
  let key: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gpb-integration-vm-'));
    const answers = join(work, 'answers.json');
    writeFileSync(answers, `${JSON.stringify(VM_ANSWERS, null, 2)}\n`);
    const gen = join(work, 'gen');
    mkdirSync(gen);
    const r = await runApp().withOptions({ answers, sdk: sdkTarball(), skipInstall: true, git: false }).inDir(gen);
    project = join(r.cwd, `packer-plugin-${VM_NAME}`);
    must('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project, baseEnv(), 300_000);
    must('npm', ['run', 'build'], project, baseEnv());
    key = keygen(work, 'id_ed25519', 'ed25519');
    sshd = await startSshd({ authorizedKeys: [readFileSync(`${key}.pub`, 'utf8')] });
  }, 600_000);

  afterAll(async () => {
    await sshd?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has communicator ssh implied and no spec drift', () => {
    const stored = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-packer-builder'] as Record<string, unknown>;
    expect(stored).toMatchObject({ kit: 'vm', communicator: 'ssh', steps: ['create-machine', 'provision'] });
    const r = run('npx', ['--no-install', 'packer-builder', 'regenerate-spec', '--check'], project, baseEnv());
    expect(r.code, r.out).toBe(0);
  });

  it('passes its own npm test: prepare and steps without a machine, its e2e test under Packer 1.6.6 with its own sshd', () => {
    const r = run('npm', ['test'], project, baseEnv({ PACKER: PACKER_166 }), 300_000);
    expect(r.out).toMatch(/Test Files\s+4 passed \(4\)/);
    expect(r.out).not.toMatch(/skipped/);
    expect(r.code, r.out).toBe(0);
  }, 320_000);

  const packers: [string, () => string][] = [
    ['1.6.6', () => PACKER_166],
    ...modernPackers().map((p): [string, () => string] => [p.version, () => requirePacker(p)]),
  ];

  it.each(packers)('Packer %s builds it with the test\'s sshd as the machine', (version, packerPath) => {
    const root = join(work, `packer-${version}`);
    const home = join(root, 'home');
    mkdirSync(home, { recursive: true });
    const env = baseEnv({ HOME: home, PACKER: packerPath(), PACKER_CONFIG_DIR: root, XDG_CACHE_HOME: join(root, 'cache'), PACKER_CACHE_DIR: join(root, 'packer_cache') });
    delete env.XDG_CONFIG_HOME;
    must('npm', ['run', 'install-plugin'], project, env);
    const iso = join(root, 'boot.iso');
    writeFileSync(iso, `installer stand-in for Packer ${version}\n`);
    const sha256 = createHash('sha256').update(readFileSync(iso)).digest('hex');
    const output = join(root, 'output');
    const template = join(root, 'vm.pkr.hcl');
    writeFileSync(
      template,
      `source "${VM_NAME}" "vm" {\n  memory = 2048\n  iso_url = "${iso}"\n  iso_checksum = "sha256:${sha256}"\n` +
        `  output_directory = "${output}"\n  http_content = { "/ks.cfg" = "kickstart" }\n  boot_wait = "1s"\n` +
        `  boot_command = ["install ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter>"]\n` +
        `  ssh_host = "127.0.0.1"\n  ssh_port = ${sshd.port}\n  ssh_username = "${TEST_USER}"\n  ssh_private_key_file = "${key}"\n` +
        `  ssh_timeout = "30s"\n  shutdown_command = "echo shutdown-as-$(whoami)"\n  shutdown_timeout = "30s"\n}\n` +
        `build {\n  sources = ["source.${VM_NAME}.vm"]\n` +
        `  provisioner "shell" {\n    inline = ["echo provisioned-as-$(whoami) image=\${build.ImageId}"]\n  }\n}\n`,
    );
    const v = run(packerPath(), ['validate', template], project, env);
    expect(v.code, v.out).toBe(0);
    // Packer's log (the plugin's stderr included) goes to a file, shown when the build fails.
    const logFile = join(root, 'packer.log');
    const b = run(packerPath(), ['build', '-color=false', template], project, { ...env, PACKER_LOG: '1', PACKER_LOG_PATH: logFile }, 120_000);
    const logTail = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-80).join('\n') : '(no log)');
    expect(b.code, `${b.out}\n--- last lines of ${logFile} ---\n${logTail()}`).toBe(0);
    expect(b.out).toContain(`=> ${iso}`);
    expect(b.out).toMatch(/console: install ks=http:\/\/127\.0\.0\.1:\d+\/ks\.cfg/);
    expect(b.out).toContain('Connected to SSH!');
    expect(b.out).toContain(`provisioned-as-${TEST_USER} image=example-ImageId-value`);
    expect(b.out).toContain(`shutdown-as-${TEST_USER}`);
    expect(b.out).toMatch(new RegExp(`--> ${VM_NAME}\\.vm: ${VM_NAME} artifact`));
    expect(existsSync(output)).toBe(true);
  }, 150_000);
});
