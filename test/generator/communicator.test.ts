/**
 * `--communicator ssh` and `--communicator custom`: the generated plugin's config, builder and
 * files, then the plugin bundled against this checkout's SDK and run under real Packer 1.6.6:
 * the ssh plugin connects to a real sshd on 127.0.0.1 (started here) like Go's null builder,
 * the custom one provisions through its own Communicator class.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygen, startSshd, TEST_USER, type Sshd } from '../support/sshd.js';
import { ownTests, REPO_ROOT, runApp, scratchDir } from './helpers.js';

const QUIET = { skipInstall: true, git: false, defaults: true } as const;
const PACKER_166 = '/usr/bin/packer';

async function generate(name: string, communicator: string): Promise<string> {
  const r = await runApp().withOptions({ ...QUIET, name, org: 'acme', communicator, field: ['message:string=hi'] });
  return join(r.cwd, `packer-plugin-${name}`);
}

/** Bundles the generated plugin against this checkout's SDK (as `npm run build` does) into a Packer 1.6.6 plugin dir. */
async function bundle(root: string, name: string): Promise<string> {
  const plugins = scratchDir(`gpb-gen-${name}-plugins-`);
  const out = join(plugins, `packer-builder-${name}`);
  await build({
    entryPoints: [join(root, 'src/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['*.node', 'cpu-features'],
    alias: { 'generator-packer-builder': join(REPO_ROOT, 'src/index.ts') },
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  chmodSync(out, 0o755);
  return plugins;
}

function packerBuild(dir: string, plugins: string, template: string): { code: number | null; out: string } {
  writeFileSync(join(dir, 'b.pkr.hcl'), template);
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(PACKER_166, ['build', '-color=false', 'b.pkr.hcl'], {
    cwd: dir,
    env: { PATH: process.env['PATH'], HOME: home, PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', TMPDIR: dir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('--communicator ssh', () => {
  let sshd: Sshd;
  let key: string;
  beforeAll(async () => {
    const keys = scratchDir('gpb-gen-ssh-keys-');
    key = keygen(keys, 'id_ed25519', 'ed25519');
    sshd = await startSshd({ authorizedKeys: [readFileSync(`${key}.pub`, 'utf8')] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('extends CommunicatorConfig, connects to ssh_host before provisioning, and runs under Packer', async () => {
    const root = await generate('sshnull', 'ssh');
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
    expect(config).toContain("import type { CommunicatorConfig, PackerCommonConfig } from 'generator-packer-builder';");
    expect(config).toContain('export interface Config extends PackerCommonConfig, CommunicatorConfig {');
    const builder = readFileSync(join(root, 'src/builder.ts'), 'utf8');
    expect(builder).toContain('new StepConnect<BuildState>({ config: communicator })');
    expect(builder).toContain('await prepareCommunicatorConfig(config)');
    expect(readFileSync(join(root, 'src/config.hcl2spec.ts'), 'utf8')).toContain('...communicatorSpecEntries');
    expect(readFileSync(join(root, 'docs/configuration.md'), 'utf8')).toContain('## Communicator settings');
    const example = readFileSync(join(root, 'example/build.pkr.hcl'), 'utf8');
    expect(example).toContain('provisioner "shell" {');
    expect(example).toMatch(/ssh_username\s+= "packer"/);

    const e2e = readFileSync(join(root, 'test/e2e.test.ts'), 'utf8');
    expect(e2e).toContain("describe('packer build over SSH'");
    expect(e2e).toContain("spawn('/usr/sbin/sshd'");
    // the generated test is valid TypeScript (bundled for syntax; it runs in the plugin's own `npm test`)
    await build({ stdin: { contents: e2e, loader: 'ts' }, write: false, bundle: false, logLevel: 'silent' });

    const plugins = await bundle(root, 'sshnull');
    const work = scratchDir('gpb-gen-ssh-run-');
    const ok = packerBuild(
      work,
      plugins,
      `source "sshnull" "m" {\n  ssh_host = "127.0.0.1"\n  ssh_port = ${sshd.port}\n  ssh_username = "${TEST_USER}"\n  ssh_private_key_file = "${key}"\n}\n` +
        'build {\n  sources = ["source.sshnull.m"]\n  provisioner "shell" {\n    inline = ["echo on-remote-$(whoami)"]\n  }\n}\n',
    );
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('Connected to SSH!');
    expect(ok.out).toContain(`on-remote-${TEST_USER}`);

    const bad = packerBuild(work, plugins, 'source "sshnull" "m" {\n  ssh_file_transfer_method = "rsync"\n}\nbuild {\n  sources = ["source.sshnull.m"]\n}\n');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('An ssh_username must be specified');
    expect(bad.out).toContain('ssh_host must be specified');
    expect(bad.out).toContain("ssh_file_transfer_method ('rsync') is invalid, valid methods: sftp, scp");

    // the plugin's own `npm test` (prepare and steps with communicator = "none", examples, and
    // its e2e test against the sshd it starts)
    const own = ownTests(root);
    expect(own.status, own.out).toBe(0);
    expect(own.out).toMatch(/connects to ssh_host and provisions over scp/);
    expect(own.leftovers, 'its e2e test removes its sshd folder (keys included)').toEqual([]);
    expect(own.out).toMatch(/requires|refuses a wrong value for ssh_port/);
  }, 360_000);
});

describe('--communicator custom', () => {
  it("scaffolds src/communicator.ts with its tests, wired into StepProvision, and Packer's shell and file provisioners use it", async () => {
    const root = await generate('ownc', 'custom');
    expect(existsSync(join(root, 'src/communicator.ts'))).toBe(true);
    expect(readFileSync(join(root, 'test/communicator.test.ts'), 'utf8')).toContain("import { PluginCommunicator } from '../src/communicator.js';");
    const builder = readFileSync(join(root, 'src/builder.ts'), 'utf8');
    expect(builder).toContain('new StepProvision<BuildState>({ communicator: new PluginCommunicator() })');

    const plugins = await bundle(root, 'ownc');
    const work = scratchDir('gpb-gen-custom-run-');
    writeFileSync(join(work, 'up.txt'), 'uploaded');
    const r = packerBuild(
      work,
      plugins,
      'source "ownc" "m" {}\nbuild {\n  sources = ["source.ownc.m"]\n' +
        `  provisioner "file" {\n    source = "up.txt"\n    destination = "${join(work, 'landed.txt')}"\n  }\n` +
        `  provisioner "shell" {\n    inline = ["cat ${join(work, 'landed.txt')}; echo via-custom"]\n  }\n}\n`,
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('uploaded');
    expect(r.out).toContain('via-custom');

    // its own npm test: the communicator's tests, prepare/steps, examples and the Packer e2e
    const own = ownTests(root);
    expect(own.status, own.out).toBe(0);
    expect(own.out).toMatch(/PluginCommunicator.*uploads and downloads a file/);
    expect(own.out).toMatch(/Test Files\s+5 passed \(5\)/);
  }, 360_000);
});
