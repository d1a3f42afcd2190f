/**
 * (b) Every shared VM config decoded through real Packer — Debian's 1.6.6 and the modern binaries
 * of test/modern-packer (1.11.2, 1.16.0) — from HCL2 and JSON templates, with the VM fixture
 * builder (test/fixtures/vm-builder) using all of them: a whole build (local ISO with its checksum,
 * output dir, HTTP server reached during the build and gone after, CD, floppy, boot command typed
 * with `{{ .HTTPIP }}:{{ .HTTPPort }}`, shutdown command), validation errors with Go's texts, and
 * the output directory refusal / -force (V2) as Packer users see them.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModernWorkspace, removeBundle, type FixturePlugin } from '../e2e-modern/harness.js';
import { allPackers, requirePackerBinary, type PackerUnderTest } from '../e2e/packers.js';
import { runPackerAt, show, type PackerRun } from '../e2e/run-packer.js';
import { CONFIG_SOURCE, configSpec } from '../fixtures/vm-builder/config.js';
import { decodeConfigSpec, encodeConfigSpec } from '../../src/rpc/gob/config-spec.js';
import { specOf } from './helpers.js';

const VMB: FixturePlugin = { name: 'vmb', entry: '../fixtures/vm-builder/plugin.ts', source: 'github.com/acme/vmb', version: '0.1.0' };
afterAll(removeBundle);

interface Ws {
  root: string;
  env: NodeJS.ProcessEnv;
  run(args: string[]): Promise<PackerRun>;
  cleanup(): void;
}

async function workspace(p: PackerUnderTest): Promise<Ws> {
  requirePackerBinary(p);
  if (p.install === 'legacy-plugin-path') {
    const root = mkdtempSync(join(tmpdir(), 'vm-packer-166-'));
    const pluginDir = join(root, 'plugins');
    mkdirSync(pluginDir);
    mkdirSync(join(root, 'home'));
    const file = join(pluginDir, 'packer-builder-vmb');
    await build({ entryPoints: [new URL('../fixtures/vm-builder/plugin.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, outfile: file, logLevel: 'silent' });
    chmodSync(file, 0o755);
    const env = { PATH: process.env.PATH, HOME: join(root, 'home'), TMPDIR: root, PACKER_PLUGIN_PATH: pluginDir, PACKER_CACHE_DIR: join(root, 'packer_cache'), CHECKPOINT_DISABLE: '1', XDG_CACHE_HOME: join(root, 'cache') };
    return { root, env, run: (args) => runPackerAt({ packerPath: p.path, version: p.version, root, env }, args), cleanup: () => rmSync(root, { recursive: true, force: true }) };
  }
  const w = await makeModernWorkspace({ version: p.version, path: p.path }, [VMB]);
  return { root: w.root, env: w.env, run: (args) => runPackerAt({ packerPath: w.packer, version: w.version, root: w.root, env: w.env }, args), cleanup: w.cleanup };
}

const ISO = Buffer.from('not really an ISO, but the checksum is real\n'.repeat(1000));
const SHA256 = createHash('sha256').update(ISO).digest('hex');

function hcl(out: string, extra = ''): string {
  return `source "vmb" "x" {
  iso_url              = "disk.iso"
  iso_checksum         = "sha256:${SHA256.toUpperCase()}"
  iso_target_extension = "ISO"
  http_content         = { "/ks.cfg" = "ks-ok" }
  http_bind_address    = "127.0.0.1"
  http_port_min        = 20000
  http_port_max        = 29000
  cd_files             = ["files/a.txt"]
  cd_content           = { "meta-data" = "instance-id: x" }
  cd_label             = "cidata"
  floppy_files         = ["files/a.txt"]
  floppy_dirs          = ["files/tree"]
  floppy_content       = { "b.txt" = "B" }
  floppy_label         = "answers"
  boot_wait            = "100ms"
  boot_key_interval    = "1ms"
  boot_keygroup_interval = "10ms"
  boot_command         = ["Linux ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg", "<enter><wait0.1s>"]
  disable_vnc          = false
  shutdown_command     = "touch ${out}/powered-off"
  shutdown_timeout     = "30s"
  output_directory     = "${out}"
${extra}}
build { sources = ["source.vmb.x"] }
`;
}

function jsonTemplate(out: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    builders: [
      {
        type: 'vmb',
        iso_urls: ['disk.iso'],
        iso_checksum: SHA256,
        http_directory: 'www',
        http_bind_address: '127.0.0.1',
        http_port_min: 20000,
        http_port_max: 29000,
        floppy_files: ['files/a.txt'],
        boot_wait: '100ms',
        boot_key_interval: '1ms',
        boot_command: ['Go {{ .HTTPIP }}:{{ .HTTPPort }}<enter>'],
        shutdown_command: `touch ${out}/powered-off`,
        output_directory: out,
        ...extra,
      },
    ],
  });
}

const portOpen = (port: number): Promise<boolean> =>
  new Promise((r) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), r(true)));
    s.on('error', () => r(false));
  });

it('the fixture spec is what regenerate-spec makes of the same Config source', async () => {
  const { configSpec: generated } = await specOf(CONFIG_SOURCE);
  expect(decodeConfigSpec(encodeConfigSpec(generated))).toEqual(decodeConfigSpec(encodeConfigSpec(configSpec)));
});

describe.each(allPackers())('Packer $version with the VM fixture builder', (p) => {
  let ws: Ws;
  beforeAll(async () => {
    ws = await workspace(p);
    writeFileSync(join(ws.root, 'disk.iso'), ISO);
    mkdirSync(join(ws.root, 'files', 'tree'), { recursive: true });
    mkdirSync(join(ws.root, 'www'));
    writeFileSync(join(ws.root, 'www', 'ks.cfg'), 'ks-ok\n');
    writeFileSync(join(ws.root, 'files', 'a.txt'), 'A');
    writeFileSync(join(ws.root, 'files', 'tree', 'c.txt'), 'C');
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it('HCL2: builds with every shared config; the HTTP server answers during the build and is gone after', async () => {
    const run = await ws.run(['build', ws.root && writeTemplate(ws, 'all.pkr.hcl', hcl('out-hcl'))]);
    expect(run.code, show(run)).toBe(0);
    const report = readFileSync(join(ws.root, 'out-hcl', 'report.txt'), 'utf8');
    expect(report).toContain(`iso=${join(ws.root, 'disk.iso')}`);
    expect(report).toContain('http=200 ks-ok');
    expect(report).toContain('cd=cd.iso');
    expect(report).toContain('floppy=floppy.img');
    const typed = readFileSync(join(ws.root, 'out-hcl', 'typed.txt'), 'utf8');
    const m = /^Linux ks=http:\/\/127\.0\.0\.1:(\d+)\/ks\.cfg\n$/.exec(typed);
    expect(m, typed).not.toBeNull();
    const port = Number(m?.[1]);
    expect(port).toBeGreaterThanOrEqual(20000);
    expect(port).toBeLessThanOrEqual(29000);
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(join(ws.root, 'out-hcl', 'powered-off'))).toBe(true);
    const text = run.stdout;
    for (const line of ['Retrieving ISO', 'Starting HTTP server on port', 'Creating CD disk...', 'Creating floppy disk...', 'Waiting 100ms for boot...', 'Typing the boot command...', 'Gracefully halting virtual machine...']) {
      expect(text).toContain(line);
    }
  });

  it('JSON: builds with http_directory and iso_urls; `{{ .HTTPIP }}` is left for the builder to render', async () => {
    const run = await ws.run(['build', writeTemplate(ws, 'all.json', jsonTemplate('out-json'))]);
    expect(run.code, show(run)).toBe(0);
    expect(readFileSync(join(ws.root, 'out-json', 'report.txt'), 'utf8')).toContain('http=200 ks-ok');
    expect(readFileSync(join(ws.root, 'out-json', 'typed.txt'), 'utf8')).toMatch(/^Go 127\.0\.0\.1:\d+\n$/);
  });

  it('validate: Go\'s messages for bad checksums, boot commands, ports; Packer\'s own for wrong types', async () => {
    const bad = hcl('out-bad').replace(`"sha256:${SHA256.toUpperCase()}"`, '"sha3:abcd"').replace('["Linux', '["<wait0s>Linux').replace('http_port_min        = 20000', 'http_port_min        = 30000');
    const run = await ws.run(['validate', writeTemplate(ws, 'bad.pkr.hcl', bad)]);
    expect(run.code, show(run)).toBe(1);
    const text = flat(run);
    expect(text).toContain('unsupported checksum type: sha3 in "sha3:abcd"');
    expect(text).toContain('Expecting a positive wait value. Got 0s');
    expect(text).toContain('http_port_min must be less than http_port_max');
    const typed = await ws.run(['validate', writeTemplate(ws, 'types.pkr.hcl', hcl('out-t').replace('http_port_min        = 20000', 'http_port_min        = "low"'))]);
    expect(typed.code, show(typed)).toBe(1);
    expect(typed.stdout + typed.stderr).toContain('a number is required');
    const json = await ws.run(['validate', writeTemplate(ws, 'bad.json', jsonTemplate('out-bj', { iso_checksum: 'a'.repeat(63) }))]);
    expect(json.code, show(json)).toBe(1);
    expect(flat(json)).toContain(`invalid checksum: encoding/hex: odd length hex string in "${'a'.repeat(63)}"`);
    const decode = await ws.run(['validate', writeTemplate(ws, 'bad2.json', jsonTemplate('out-bj', { boot_wait: 'soon' }))]);
    expect(decode.code, show(decode)).toBe(1);
    expect(flat(decode)).toContain('boot_wait: "soon" is not a duration');
  });

  it('V2: an existing output directory is refused and kept; -force replaces it; a failed build removes its own', async () => {
    mkdirSync(join(ws.root, 'out-v2'));
    writeFileSync(join(ws.root, 'out-v2', 'keep'), 'mine');
    const t = writeTemplate(ws, 'v2.pkr.hcl', hcl('out-v2'));
    const refused = await ws.run(['build', t]);
    expect(refused.code, show(refused)).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('Output directory exists: out-v2');
    expect(flat(refused)).toContain('Use the force flag to delete it prior to building.');
    expect(existsSync(join(ws.root, 'out-v2', 'keep'))).toBe(true);
    const forced = await ws.run(['build', '-force', t]);
    expect(forced.code, show(forced)).toBe(0);
    expect(existsSync(join(ws.root, 'out-v2', 'keep'))).toBe(false);
    expect(existsSync(join(ws.root, 'out-v2', 'report.txt'))).toBe(true);
    const failing = await ws.run(['build', writeTemplate(ws, 'fail.pkr.hcl', hcl('out-fail', '  fail_after_boot = true\n'))]);
    expect(failing.code, show(failing)).toBe(1);
    expect(failing.stdout + failing.stderr).toContain('failing as asked (fail_after_boot)');
    expect(existsSync(join(ws.root, 'out-fail'))).toBe(false);
  });
});

/** Packer wraps long Ui lines: compare with whitespace runs collapsed. */
function flat(run: PackerRun): string {
  return (run.stdout + run.stderr).replace(/\s+/g, ' ');
}

function writeTemplate(ws: Ws, name: string, text: string): string {
  const f = join(ws.root, name);
  writeFileSync(f, text);
  return f;
}
