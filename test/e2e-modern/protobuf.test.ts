import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyPacker, requirePackerBinary } from '../e2e/packers.js';
import { SDK_VERSION } from '../../src/plugin/protocol/sdk-version.js';
import {
  bundlePlugin,
  installedName,
  makeModernWorkspace,
  MIXED_PLUGIN,
  PB_PLUGIN,
  removeBundle,
  runPacker,
  show,
  tmpLeftovers,
  TSB_PLUGIN,
  type FixturePlugin,
  type ModernWorkspace,
  type PackerRun,
} from './harness.js';
import { modernPackers } from './modern-packers.js';

afterAll(removeBundle);

/** Packer >= 1.12 reads `protocol_version` and passes `--protobuf` (packer/plugin.go DiscoverMultiPlugin). */
function negotiatesProtobuf(version: string): boolean {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return major > 1 || minor >= 12;
}

/** Packer >= 1.12 links packer-plugin-sdk >= v0.6, which logs how it decodes each ConfigSpec. */
const sdkLogsEncoding = negotiatesProtobuf;

/**
 * Asserts from Packer's log (PACKER_LOG=1 on stderr, which also carries our plugin's stderr)
 * how the ConfigSpec of `plugin` travelled in `run`.
 */
function expectConfigSpecEncoding(run: PackerRun, version: string, plugin: FixturePlugin, encoding: 'gob' | 'protobuf'): void {
  const ours = `${installedName(plugin)} plugin: ConfigSpec encoding: `;
  if (encoding === 'protobuf') {
    expect(run.stderr).toContain('[TRACE] Using protobuf for communication with plugins');
    expect(run.stderr).toMatch(new RegExp(`${installedName(plugin)} start builder --protobuf \\S+`));
    expect(run.stderr).toContain(`${ours}protobuf (Packer passed --protobuf)`);
    expect(run.stderr).toContain('[DEBUG] - common: receiving ConfigSpec as protobuf');
    expect(run.stderr).not.toContain('receiving ConfigSpec as gob');
  } else {
    expect(run.stderr).not.toContain('Using protobuf for communication with plugins');
    expect(run.stderr).not.toMatch(/start builder --protobuf|execute --protobuf/);
    expect(run.stderr).toContain(`${ours}gob (no --protobuf`);
    expect(run.stderr).not.toContain(`${ours}protobuf`);
    if (sdkLogsEncoding(version)) {
      expect(run.stderr).toContain('[DEBUG] - common: receiving ConfigSpec as gob');
      expect(run.stderr).not.toContain('receiving ConfigSpec as protobuf');
    }
  }
}

/** `describe` of the installed copy, parsed. */
function describeInstalled(ws: ModernWorkspace, plugin: FixturePlugin): Record<string, unknown> {
  const file = join(ws.home, '.config/packer/plugins', plugin.source, installedName(plugin));
  const res = spawnSync(file, ['describe'], { encoding: 'utf8', env: ws.env });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

/** An HCL2 build of type `type` using every spec kind protobuf can carry, with provisioners and a manifest. */
function pbTemplate(ws: ModernWorkspace, type: string, name: string): string {
  return ws.file(
    `${name}.pkr.hcl`,
    `source "${type}" "${name}" {
  message    = "hello ${name}"
  count      = 3
  ratio      = 0.5
  enabled    = true
  tags       = ["x", "y"]
  labels     = { env = "dev" }
  mode       = "fast"
  sleep      = "10ms"
  secret     = "hunter2-very-secret"
  root_dir   = "${ws.root}/machines-${name}"
  output_dir = "${ws.root}/out"
  disk {
    size  = 10
    label = "root"
  }
  mount {
    path = "/a"
  }
  mount {
    path      = "/b"
    read_only = true
  }
}

build {
  sources = ["source.${type}.${name}"]
  provisioner "shell" {
    inline = ["echo inline sees \${build.TsbVar}", "echo leaked hunter2-very-secret"]
  }
  provisioner "shell-local" {
    inline = ["echo local sees \${build.TsbVar} id=\${build.ID}"]
  }
  post-processor "manifest" {
    output = "${ws.root}/${name}-manifest.json"
  }
}
`,
  );
}

/** The build of {@link pbTemplate} went through: config decoded, provisioners saw generated data, manifest written. */
function expectPbBuild(ws: ModernWorkspace, run: PackerRun, type: string, name: string): void {
  expect(run.code, show(run)).toBe(0);
  const target = `${type}.${name}`;
  const out = run.stdout;
  expect(out).toContain(`==> ${target}: tsb says: hello ${name}`);
  const config = JSON.parse(new RegExp(`${target.replace('.', '\\.')}: config: (\\{.*\\})`).exec(out)?.[1] as string) as unknown;
  expect(config).toEqual({
    count: 3,
    ratio: 0.5,
    enabled: true,
    tags: ['x', 'y'],
    labels: { env: 'dev' },
    mode: 'fast',
    sleep: '10ms',
    secret: '<sensitive>',
    disk: { size: 10, label: 'root' },
    mounts: [{ path: '/a' }, { path: '/b', readOnly: true }],
    buildName: name,
    builderType: type,
  });
  expect(out).not.toContain('hunter2-very-secret');
  expect(out).toContain(`${target}: inline sees hello ${name}`);
  expect(out).toContain(`${target}: leaked <sensitive>`);
  const machine = /Created machine (\S+)/.exec(out)?.[1] as string;
  expect(out).toContain(`${target}: local sees hello ${name} id=tsb-${machine.split('/').at(-1)}`);
  const manifest = JSON.parse(readFileSync(join(ws.root, `${name}-manifest.json`), 'utf8')) as {
    builds: Array<{ name: string; builder_type: string; artifact_id: string; files: Array<{ name: string }> }>;
  };
  expect(manifest.builds).toMatchObject([
    { name, builder_type: type, artifact_id: `tsb-${machine.split('/').at(-1)}`, files: [{ name: `${ws.root}/out/tsb-${name}.txt` }] },
  ]);
  expect(readdirSync(join(ws.root, `machines-${name}`))).toEqual([]);
  expect(tmpLeftovers(ws)).toEqual([]);
}

describe.each(modernPackers())('Packer $version: protobuf ConfigSpec negotiation', (p) => {
  const proto = negotiatesProtobuf(p.version);

  describe('a plugin whose spec fits protobuf (type pb)', () => {
    let ws: ModernWorkspace;
    beforeAll(async () => {
      ws = await makeModernWorkspace(p, [PB_PLUGIN]);
    });
    afterAll(() => ws?.cleanup());

    it('describe claims protocol_version v2', () => {
      expect(describeInstalled(ws, PB_PLUGIN)).toEqual({
        version: '0.1.0',
        sdk_version: SDK_VERSION,
        api_version: 'x5.0',
        builders: ['-packer-default-plugin-name-'],
        post_processors: [],
        provisioners: [],
        datasources: [],
        protocol_version: 'v2',
      });
    });

    it(`HCL2 build with provisioners, generated data and manifest; ConfigSpec as ${proto ? 'protobuf' : 'gob'}`, async () => {
      const run = await runPacker(ws, ['build', '-color=false', pbTemplate(ws, 'pb', 'neg')], { PACKER_LOG: '1' });
      expectPbBuild(ws, run, 'pb', 'neg');
      expectConfigSpecEncoding(run, p.version, PB_PLUGIN, proto ? 'protobuf' : 'gob');
    });

    it('PACKER_FORCE_GOB=1: the same build with a gob ConfigSpec', async () => {
      const run = await runPacker(ws, ['build', '-color=false', pbTemplate(ws, 'pb', 'forced')], { PACKER_LOG: '1', PACKER_FORCE_GOB: '1' });
      expectPbBuild(ws, run, 'pb', 'forced');
      expectConfigSpecEncoding(run, p.version, PB_PLUGIN, 'gob');
    });

    it('Packer rejects what the ConfigSpec rules out: required attributes, types, unknown blocks and arguments', async () => {
      const t = ws.file(
        'bad.pkr.hcl',
        `source "pb" "bad" {
  count    = "many"
  settings = { a = "s", b = 2 }
  disk {
    label = "no size"
  }
  mount {
  }
  nope {
  }
}
build { sources = ["source.pb.bad"] }
`,
      );
      const run = await runPacker(ws, ['validate', t], { PACKER_LOG: '1' });
      expect(run.code, show(run)).toBe(1);
      const text = run.stdout + run.stderr;
      expect(text).toContain('The argument "message" is required');
      expect(text).toContain('a number is required');
      expect(text).toContain('An argument named "settings" is not expected here.');
      expect(text).toContain('The argument "size" is required');
      expect(text).toContain('The argument "path" is required');
      expect(text).toContain('Blocks of type "nope" are not expected here.');
      expectConfigSpecEncoding(run, p.version, PB_PLUGIN, proto ? 'protobuf' : 'gob');
    });

    it("rejects a bad value with the builder's own errors after decoding (Prepare)", async () => {
      const t = ws.file('neg.pkr.hcl', 'source "pb" "n" {\n  message = "ok"\n  mode = "turbo"\n  count = -2\n}\nbuild { sources = ["source.pb.n"] }\n');
      const run = await runPacker(ws, ['validate', t]);
      expect(run.code, show(run)).toBe(1);
      expect(run.stdout + run.stderr).toContain('mode: "turbo" is not an allowed value');
    });
  });

  describe('one plugin with a gob-only builder and a protobuf-ready one (types mixed-tsb, mixed-pb)', () => {
    let ws: ModernWorkspace;
    beforeAll(async () => {
      ws = await makeModernWorkspace(p, [MIXED_PLUGIN]);
    });
    afterAll(() => ws?.cleanup());

    it('describe answers for the whole plugin: no protocol_version', () => {
      const desc = describeInstalled(ws, MIXED_PLUGIN);
      expect(desc.builders).toEqual(['pb', 'tsb']);
      expect('protocol_version' in desc).toBe(false);
    });

    it('both builders build with a gob ConfigSpec', async () => {
      const run = await runPacker(ws, ['build', '-color=false', pbTemplate(ws, 'mixed-pb', 'mixpb')], { PACKER_LOG: '1' });
      expectPbBuild(ws, run, 'mixed-pb', 'mixpb');
      expectConfigSpecEncoding(run, p.version, MIXED_PLUGIN, 'gob');
      const t = ws.file(
        'mixtsb.pkr.hcl',
        `source "mixed-tsb" "mixtsb" {
  message  = "object and block attributes"
  settings = { a = "s", b = 2 }
  metadata {
    k1 = "v1"
  }
  root_dir   = "${ws.root}/machines-mixtsb"
  output_dir = "${ws.root}/out"
}
build { sources = ["source.mixed-tsb.mixtsb"] }
`,
      );
      const run2 = await runPacker(ws, ['build', '-color=false', t], { PACKER_LOG: '1' });
      expect(run2.code, show(run2)).toBe(0);
      expect(run2.stdout).toContain('"settings":{"a":"s","b":2}');
      expect(run2.stdout).toContain('"metadata":{"k1":"v1"}');
      expectConfigSpecEncoding(run2, p.version, MIXED_PLUGIN, 'gob');
    });
  });

  describe('a v2 plugin installed next to a gob-only one (pb and tsb)', () => {
    let ws: ModernWorkspace;
    beforeAll(async () => {
      ws = await makeModernWorkspace(p, [PB_PLUGIN, TSB_PLUGIN]);
    });
    afterAll(() => ws?.cleanup());

    it('Packer falls back to gob for every plugin, pb included', async () => {
      const run = await runPacker(ws, ['build', '-color=false', pbTemplate(ws, 'pb', 'both')], { PACKER_LOG: '1' });
      expectPbBuild(ws, run, 'pb', 'both');
      expectConfigSpecEncoding(run, p.version, PB_PLUGIN, 'gob');
      if (proto) expect(run.stderr).toMatch(/plugin "\S+\/packer-plugin-tsb_v0\.1\.0_x5\.0_linux_amd64" does not support Protobuf, forcing use of Gob/);
    });
  });
});

describe('Packer 1.6.6 (/usr/bin/packer) with the v2 plugin', () => {
  it('ignores protocol_version in describe and builds with gob as before', async () => {
    const packer = requirePackerBinary(legacyPacker());
    const bundle = await bundlePlugin(PB_PLUGIN);
    const root = mkdtempSync(join(tmpdir(), 'gpb-e2e-pb-1.6.6-'));
    try {
      const plugins = join(root, 'plugins');
      mkdirSync(plugins);
      copyFileSync(bundle, join(plugins, 'packer-plugin-pb'));
      chmodSync(join(plugins, 'packer-plugin-pb'), 0o755);
      // 1.6.6 has no default-name rule: the type is "<plugin>-<builder>"
      const type = 'pb--packer-default-plugin-name-';
      const template = join(root, 'old.pkr.hcl');
      writeFileSync(
        template,
        `source "${type}" "old" {\n  message = "old packer"\n  root_dir = "${root}/machines"\n  output_dir = "${root}/out"\n}\nbuild { sources = ["source.${type}.old"] }\n`,
      );
      const res = spawnSync(packer, ['build', '-color=false', template], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: root, PACKER_PLUGIN_PATH: plugins, CHECKPOINT_DISABLE: '1', PACKER_LOG: '1' },
        timeout: 120_000,
      });
      expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
      expect(res.stdout).toContain(`==> ${type}.old: tsb says: old packer`);
      expect(res.stderr).toContain('found external [-packer-default-plugin-name-] builders from pb plugin');
      expect(res.stderr).toContain('packer-plugin-pb plugin: ConfigSpec encoding: gob (no --protobuf');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
