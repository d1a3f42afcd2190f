import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_OBJECTSPEC_NAME } from '../../src/plugin/protocol/index.js';
import {
  INSTALLED_NAME,
  makeModernWorkspace,
  messageLine,
  removeBundle,
  runPacker,
  show,
  tmpLeftovers,
  type ModernWorkspace,
} from './harness.js';
import { modernPackers } from './modern-packers.js';

afterAll(removeBundle);

describe.each(modernPackers())('Packer $version builds with the installed TS test builder', (p) => {
  let ws: ModernWorkspace;
  beforeAll(async () => {
    ws = await makeModernWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  it('HCL2: every spec kind, shell + shell-local with generated data, manifest; v5 handshake chosen from the file name', async () => {
    ws.file('script.sh', '#!/bin/sh\necho "script runs in $(pwd)"\necho "script env FOO=$FOO"\necho "to stderr" >&2\n');
    const template = ws.file(
      'all.pkr.hcl',
      `
source "tsb" "all" {
  message  = "hello hcl"
  count    = 3
  ratio    = 0.25
  enabled  = true
  tags     = ["x", "y"]
  labels   = { env = "dev", team = "qa" }
  settings = { a = "s", b = 2 }
  mode     = "slow"
  sleep    = "10ms"
  secret   = "hunter2-very-secret"
  root_dir   = "${ws.root}/machines"
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
  metadata {
    k1 = "v1"
    k2 = "v2"
  }
}

build {
  sources = ["source.tsb.all"]
  provisioner "shell" {
    inline = ["echo inline sees \${build.TsbVar}", "echo cwd=$(pwd)", "echo leaked hunter2-very-secret"]
  }
  provisioner "shell" {
    script           = "${ws.root}/script.sh"
    environment_vars = ["FOO=bar"]
  }
  provisioner "shell-local" {
    inline = ["echo local sees \${build.TsbVar} id=\${build.ID}"]
  }
  post-processor "shell-local" {
    inline = ["echo post sees \${build.TsbVar}"]
  }
  post-processor "manifest" {
    output = "${ws.root}/manifest.json"
  }
}
`,
    );
    const run = await runPacker(ws, ['build', '-color=false', template], { PACKER_LOG: '1' });
    expect(run.code, show(run)).toBe(0);
    const out = run.stdout;
    expect(out).toContain('==> tsb.all: tsb says: hello hcl');
    const configLine = /tsb\.all: config: (\{.*\})/.exec(out)?.[1];
    expect(JSON.parse(configLine as string)).toEqual({
      count: 3,
      ratio: 0.25,
      enabled: true,
      tags: ['x', 'y'],
      labels: { env: 'dev', team: 'qa' },
      settings: { a: 's', b: 2 },
      mode: 'slow',
      sleep: '10ms',
      secret: '<sensitive>',
      disk: { size: 10, label: 'root' },
      mounts: [{ path: '/a' }, { path: '/b', readOnly: true }],
      metadata: { k1: 'v1', k2: 'v2' },
      buildName: 'all',
      builderType: 'tsb',
    });
    expect(out).toContain(messageLine(p.version, 'tsb.all', `config: ${configLine}`));
    expect(out).not.toContain('hunter2-very-secret');
    expect(out).toContain('tsb.all: leaked <sensitive>');
    expect(out).toContain('tsb.all: inline sees hello hcl');
    const machine = /Created machine (\S+)/.exec(out)?.[1] as string;
    expect(out).toContain(`tsb.all: cwd=${machine}`);
    expect(out).toContain(`tsb.all: script runs in ${machine}`);
    expect(out).toContain('tsb.all: script env FOO=bar');
    expect(out).toContain('tsb.all: to stderr');
    expect(out).toContain(`tsb.all: local sees hello hcl id=tsb-${machine.split('/').at(-1)}`);
    expect(out).toContain('tsb.all (shell-local): post sees hello hcl');
    expect(out).toContain(`--> tsb.all: tsb artifact ${ws.root}/out/tsb-all.txt`);
    expect(out).toContain(`==> tsb.all: Removing machine ${machine}`);

    const manifest = JSON.parse(readFileSync(join(ws.root, 'manifest.json'), 'utf8')) as {
      builds: Array<{ name: string; builder_type: string; files: Array<{ name: string; size: number }>; artifact_id: string }>;
    };
    expect(manifest.builds).toHaveLength(1);
    expect(manifest.builds[0]).toMatchObject({
      name: 'all',
      builder_type: 'tsb',
      files: [{ name: `${ws.root}/out/tsb-all.txt`, size: 'hello hcl\n'.length }],
      artifact_id: `tsb-${machine.split('/').at(-1)}`,
    });
    expect(readdirSync(join(ws.root, 'machines'))).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);

    // The plugin's stderr (Packer log): how the launcher was recognised.
    expect(run.stderr).toContain(
      `plugin: Plugin launcher: handshake v5, nested ObjectSpec name ${MODULE_OBJECTSPEC_NAME} ` +
        `(installed as ${INSTALLED_NAME} (packer plugins install layout, Packer >= 1.7))`,
    );
    expect(run.stderr).toContain('start builder -packer-default-plugin-name-');
    // block attributes and an object type: describe does not claim protocol v2, so gob on every version
    expect(run.stderr).toContain(`${INSTALLED_NAME} plugin: ConfigSpec encoding: gob`);
    expect(run.stderr).not.toMatch(/start builder --protobuf|execute --protobuf/);
    expect(run.stderr).not.toContain('Using protobuf for communication with plugins');
  });

  it('JSON template: Prepare with the packer_* map, generated data in provisioners, manifest', async () => {
    const template = ws.file(
      'legacy.json',
      JSON.stringify({
        builders: [{ type: 'tsb', name: 'j', message: 'hello json', root_dir: `${ws.root}/machines-json`, output_dir: `${ws.root}/out` }],
        provisioners: [{ type: 'shell', inline: ['echo json sees {{ build `TsbVar` }} in {{ build `WorkDir` }}'] }],
        'post-processors': [{ type: 'manifest', output: `${ws.root}/json-manifest.json` }],
      }),
    );
    const run = await runPacker(ws, ['build', '-color=false', template]);
    expect(run.code, show(run)).toBe(0);
    const machine = /Created machine (\S+)/.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain(`j: json sees hello json in ${machine}`);
    const config = JSON.parse(/j: config: (\{.*\})/.exec(run.stdout)?.[1] as string) as Record<string, unknown>;
    expect(config).toMatchObject({ buildName: 'j', builderType: 'tsb' });
    const manifest = JSON.parse(readFileSync(join(ws.root, 'json-manifest.json'), 'utf8')) as { builds: Array<{ name: string }> };
    expect(manifest.builds.map((b) => b.name)).toEqual(['j']);
  });

  it('reports our BuilderId, id and files to Packer (-machine-readable)', async () => {
    const template = ws.file(
      'mr.pkr.hcl',
      `source "tsb" "mr" {
  message    = "machine readable"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build { sources = ["source.tsb.mr"] }
`,
    );
    const run = await runPacker(ws, ['build', '-machine-readable', template]);
    expect(run.code, show(run)).toBe(0);
    const rows = run.stdout.split('\n').map((l) => l.split(','));
    const artifact = (key: string) => rows.find((r) => r[2] === 'artifact' && r[4] === key);
    expect(artifact('builder-id')?.[5]).toBe('acme.tsb');
    expect(artifact('id')?.[5]).toMatch(/^tsb-tsb-machine-/);
    expect(artifact('file')?.[6]).toBe(`${ws.root}/out/tsb-mr.txt`);
    expect(artifact('string')?.[5]).toBe(`tsb artifact ${ws.root}/out/tsb-mr.txt`);
  });

  it('builds two sources in parallel in one run', async () => {
    const template = ws.file(
      'two.pkr.hcl',
      `source "tsb" "one" {
  message    = "first"
  sleep      = "300ms"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
source "tsb" "two" {
  message    = "second"
  sleep      = "300ms"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build {
  sources = ["source.tsb.one", "source.tsb.two"]
  provisioner "shell" {
    inline = ["echo provisioned \${build.TsbVar}"]
  }
  post-processor "manifest" {
    output = "${ws.root}/two-manifest.json"
  }
}
`,
    );
    const run = await runPacker(ws, ['build', '-color=false', template], { PACKER_LOG: '1' });
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain('tsb.one: provisioned first');
    expect(run.stdout).toContain('tsb.two: provisioned second');
    // both were sleeping at the same time: each started sleeping before either provisioned
    const firstProvision = Math.min(run.stdout.indexOf('tsb.one: provisioned'), run.stdout.indexOf('tsb.two: provisioned'));
    expect(run.stdout.indexOf('==> tsb.one: Sleeping for 300ms')).toBeLessThan(firstProvision);
    expect(run.stdout.indexOf('==> tsb.two: Sleeping for 300ms')).toBeLessThan(firstProvision);
    // one plugin process per source
    expect(run.stderr.split('\n').filter((l) => l.includes(`${INSTALLED_NAME} plugin: Serving a plugin connection...`))).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(join(ws.root, 'two-manifest.json'), 'utf8')) as { builds: Array<{ name: string }> };
    expect(manifest.builds.map((b) => b.name).sort()).toEqual(['one', 'two']);
    expect(readdirSync(join(ws.root, 'machines'))).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);
  });
});
