import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPackers, messageLine } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, tmpLeftovers, type Workspace } from './workspace.js';

afterAll(removeBundles);

describe.each(allPackers())('Packer $version builds with the TS test builder', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  it('HCL2: every spec kind, shell (inline and script) + shell-local with generated data, manifest; launcher and gob in the log', async () => {
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
    const run = await runPacker(ws, ['build', '-color=false', template], { env: { PACKER_LOG: '1' } });
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
    expect(out).toContain(`\n${messageLine(p, 'tsb.all', `config: ${configLine}`)}\n`);
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

    // The plugin's stderr (Packer's log): how the launcher recognised this Packer and how it was started.
    expect(run.stderr).toMatch(p.expect.launcherLog(ws.pluginName));
    expect(run.stderr).toContain(`${ws.pluginPath}${p.expect.pluginStartArgs}`);
    // block attributes and an object type: describe does not claim protocol v2, so gob on every version
    expect(run.stderr).toContain(`${ws.pluginName} plugin: ConfigSpec encoding: gob`);
    expect(run.stderr).not.toMatch(/start builder --protobuf|execute --protobuf/);
    expect(run.stderr).not.toContain('Using protobuf for communication with plugins');
  });

  it('JSON template: every field kind with user and sensitive variables, generated data in provisioners, manifest', async () => {
    const template = ws.file(
      'all.json',
      JSON.stringify(
        {
          variables: { who: 'json world', pw: 'sekrit-json-value' },
          'sensitive-variables': ['pw'],
          builders: [
            {
              type: 'tsb',
              name: 'j',
              message: 'hello {{user `who`}}',
              count: 4,
              ratio: 1.5,
              enabled: false,
              tags: ['p', 'q'],
              labels: { env: 'prod' },
              settings: { a: 'json', b: 7 },
              mode: 'fast',
              secret: '{{user `pw`}}',
              root_dir: `${ws.root}/machines-json`,
              output_dir: `${ws.root}/out`,
              disk: { size: 20 },
              mount: [{ path: '/m1' }, { path: '/m2', read_only: true }],
              metadata: { a: 'b' },
            },
          ],
          provisioners: [
            { type: 'shell', inline: ['echo remote sees {{ build `TsbVar` }} in {{ build `WorkDir` }}', 'echo pw is sekrit-json-value'] },
            { type: 'shell-local', inline: ['echo local sees {{ build `TsbVar` }} in {{ build `WorkDir` }}'] },
          ],
          'post-processors': [{ type: 'manifest', output: `${ws.root}/json-manifest.json` }],
        },
        null,
        2,
      ),
    );
    const run = await runPacker(ws, ['build', '-color=false', template]);
    expect(run.code, show(run)).toBe(0);
    const out = run.stdout;
    const j = p.expect.jsonBuildTarget('tsb', 'j');
    expect(out).toContain(`==> ${j}: tsb says: hello json world`);
    const configPrefix = messageLine(p, j, 'config: ');
    const config = JSON.parse(out.split('\n').find((l) => l.startsWith(configPrefix))?.slice(configPrefix.length) as string) as Record<string, unknown>;
    expect(config).toEqual({
      count: 4,
      ratio: 1.5,
      enabled: false,
      tags: ['p', 'q'],
      labels: { env: 'prod' },
      settings: { a: 'json', b: 7 },
      mode: 'fast',
      secret: '<sensitive>',
      disk: { size: 20 },
      mounts: [{ path: '/m1' }, { path: '/m2', readOnly: true }],
      metadata: { a: 'b' },
      buildName: 'j',
      builderType: 'tsb',
    });
    const machine = /Created machine (\S+)/.exec(out)?.[1] as string;
    expect(out).toContain(`${j}: remote sees hello json world in ${machine}`);
    expect(out).toContain(`${j}: pw is <sensitive>`);
    expect(out).not.toContain('sekrit-json-value');
    expect(out).toContain(`${j}: local sees hello json world in ${machine}`);
    const manifest = JSON.parse(readFileSync(join(ws.root, 'json-manifest.json'), 'utf8')) as { builds: Array<{ name: string }> };
    expect(manifest.builds.map((b) => b.name)).toEqual(['j']);
    expect(readdirSync(join(ws.root, 'machines-json'))).toEqual([]);
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

  it('builds two sources in parallel in one run, one plugin process each', async () => {
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
    const run = await runPacker(ws, ['build', '-color=false', template], { env: { PACKER_LOG: '1' } });
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain('tsb.one: provisioned first');
    expect(run.stdout).toContain('tsb.two: provisioned second');
    // both were sleeping at the same time: each started sleeping before either provisioned
    const firstProvision = Math.min(run.stdout.indexOf('tsb.one: provisioned'), run.stdout.indexOf('tsb.two: provisioned'));
    expect(run.stdout.indexOf('==> tsb.one: Sleeping for 300ms')).toBeLessThan(firstProvision);
    expect(run.stdout.indexOf('==> tsb.two: Sleeping for 300ms')).toBeLessThan(firstProvision);
    // one plugin process per source
    expect(run.stderr.split('\n').filter((l) => l.includes(`${ws.pluginName} plugin: Serving a plugin connection...`))).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(join(ws.root, 'two-manifest.json'), 'utf8')) as { builds: Array<{ name: string }> };
    expect(manifest.builds.map((b) => b.name).sort()).toEqual(['one', 'two']);
    expect(readdirSync(join(ws.root, 'machines'))).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);
  });
});
