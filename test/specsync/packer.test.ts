/**
 * Issue 5 end to end: a plugin whose spec module comes from regenerateSpec, served with the SDK
 * to the real Packer 1.6.6. Packer validates the HCL2 source block with the generated spec
 * (required attributes, blocks, block counts, types), the SDK decoder applies the metadata
 * (defaults, enums, durations, property names), and `${build.X}` accepts exactly the
 * generated-data names.
 *
 * A missing `packer` fails the suite with how to install it (scripts/setup.sh does).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regenerateSpec } from '../../src/specsync/index.js';
import { legacyPacker, requirePackerBinary } from '../e2e/packers.js';

const PACKER_1_6 = legacyPacker();

const SDK_INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const CONFIG_TS = `import type { Duration, PackerCommonConfig } from 'generator-packer-builder';

export interface Disk {
  /** Size in GB. */
  size: number;
  /** @default "ssd" */
  kind?: 'ssd' | 'hdd';
}

export interface Nic {
  network: string;
  rules?: { port: number }[];
}

export interface Config extends PackerCommonConfig {
  /** The region. */
  region: string;
  /**
   * @default 20
   * @integer
   */
  diskSizeGb?: number;
  /** @default "safe" */
  mode?: 'fast' | 'safe';
  /** @default 5m */
  bootWait?: Duration;
  tags?: Record<string, string>;
  packages?: string[];
  rootDisk: Disk;
  /** @maxItems 2 */
  nics: Nic[];
}

/** A second declaration: TypeScript merges it into Config, and so does regenerate-spec. */
export interface Config {
  /** Virtual CPUs. */
  cpus?: 1 | 2 | 4;
  /** Words other HCL dialects reserve are plain names inside a Packer source block. */
  count?: number;
  forEach?: string;
  dependsOn?: string[];
  provider?: string;
  source?: string;
  locals?: string;
  lifecycle?: { keep: boolean };
}
`;

/** A module augmentation in a file nothing imports (issue 9 §2: \`zone\` was cut). */
const ZONE_TS = `export {};

declare module './config.js' {
  interface Config {
    /** The zone. */
    zone?: string;
  }
}
`;

const GENERATED_DATA_TS =
  'export interface GeneratedData {\n  /** The image. */\n  ImageId: string;\n}\n';

const MAIN_TS = `import { decodeConfig, servePlugin, type Builder, type PrepareResult, type Ui } from 'generator-packer-builder';
import { configSpec, generatedDataNames } from './config.hcl2spec.js';
import type { Config } from './config.js';

class SpecsyncBuilder implements Builder {
  private config: Config | undefined;
  configSpec() {
    return configSpec;
  }
  async prepare(...raws: unknown[]): Promise<PrepareResult> {
    const { config, warnings } = decodeConfig<Config>(configSpec, raws);
    this.config = config;
    return { generatedData: [...generatedDataNames], warnings };
  }
  async run(ui: Ui): Promise<undefined> {
    const c = this.config as Config;
    const own = Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith('packer')).sort(([a], [b]) => (a < b ? -1 : 1)));
    ui.say('CONFIG ' + JSON.stringify(own));
    return undefined;
  }
}

await servePlugin({ name: 'specsync', version: '0.0.1', builders: { specsync: () => new SpecsyncBuilder() } });
`;

const GOOD_HCL = `source "specsync" "good" {
  region = "eu-west-1"
  tags = { env = "dev" }
  root_disk {
    size = 10
  }
  nics {
    network = "a"
    rules {
      port = 22
    }
  }
  nics {
    network = "b"
  }
}
build {
  sources = ["source.specsync.good"]
  provisioner "shell-local" {
    inline = ["echo \${build.ImageId}"]
  }
}
`;

interface Run {
  code: number | null;
  out: string;
}

describe('regenerate-spec through the real Packer', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let packerPath: string;

  function packer(args: string[], file: string, text: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      void writeFile(join(root, file), text).then(() => {
        const child = spawn(packerPath, [...args, file], {
          cwd: root,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`packer ${args.join(' ')} ${file} did not finish within 60 s:\n${out}`));
        }, 60_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      }, reject);
    });
  }

  beforeAll(async () => {
    packerPath = requirePackerBinary(PACKER_1_6);
    root = await mkdtemp(join(tmpdir(), 'specsync-packer-'));
    const plugin = join(root, 'plugin');
    await mkdir(join(plugin, 'src'), { recursive: true });
    await writeFile(
      join(plugin, 'package.json'),
      '{"name":"packer-plugin-specsync","type":"module"}',
    );
    await writeFile(join(plugin, 'src/config.ts'), CONFIG_TS);
    await writeFile(join(plugin, 'src/zone.ts'), ZONE_TS);
    await writeFile(join(plugin, 'src/generated-data.ts'), GENERATED_DATA_TS);
    await writeFile(join(plugin, 'src/main.ts'), MAIN_TS);
    await regenerateSpec(plugin);
    const pluginDir = join(root, 'plugins');
    await mkdir(pluginDir);
    const bin = join(pluginDir, 'packer-builder-specsync');
    await build({
      entryPoints: [join(plugin, 'src/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: bin,
      alias: { 'generator-packer-builder': SDK_INDEX },
      external: ['*.node', 'cpu-features'], // ssh2's optional native parts (as plugins' scripts/build.mjs)
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });
    await chmod(bin, 0o755);
    const home = join(root, 'home');
    await mkdir(home);
    env = {
      PATH: process.env.PATH,
      HOME: home,
      PACKER_PLUGIN_PATH: pluginDir,
      CHECKPOINT_DISABLE: '1',
      TMPDIR: tmpdir(),
    };
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('builds an HCL2 template: the decoder applies defaults and TS property names', async () => {
    const run = await packer(['build', '-color=false'], 'good.pkr.hcl', GOOD_HCL);
    expect(run.code, run.out).toBe(0);
    const line = run.out.split('\n').find((l) => l.includes('CONFIG '));
    expect(line, run.out).toBeDefined();
    expect(JSON.parse((line as string).slice((line as string).indexOf('CONFIG ') + 7))).toEqual({
      bootWait: '5m',
      diskSizeGb: 20,
      mode: 'safe',
      nics: [
        { network: 'a', rules: [{ port: 22 }] },
        { network: 'b', rules: [] },
      ],
      region: 'eu-west-1',
      rootDisk: { kind: 'ssd', size: 10 },
      tags: { env: 'dev' },
    });
  });

  it('builds a JSON template with the same decoding', async () => {
    const run = await packer(
      ['build', '-color=false'],
      'good.json',
      JSON.stringify({
        builders: [
          {
            type: 'specsync',
            region: 'r',
            disk_size_gb: 30,
            mode: 'fast',
            root_disk: { size: 1 },
            nics: [{ network: 'n' }],
          },
        ],
      }),
    );
    expect(run.code, run.out).toBe(0);
    const line = run.out.split('\n').find((l) => l.includes('CONFIG ')) as string;
    expect(JSON.parse(line.slice(line.indexOf('CONFIG ') + 7))).toMatchObject({
      region: 'r',
      diskSizeGb: 30,
      mode: 'fast',
      bootWait: '5m',
      rootDisk: { size: 1, kind: 'ssd' },
    });
  });

  it('Packer enforces the generated spec: required attribute, required block, block counts, types, unknown names', async () => {
    const run = await packer(
      ['validate'],
      'bad-spec.pkr.hcl',
      `source "specsync" "bad" {\n  disk_size_gb = "big"\n  bogus = 1\n  nics {\n    network = "a"\n  }\n  nics {\n    network = "b"\n  }\n  nics {\n    network = "c"\n  }\n}\nbuild { sources = ["source.specsync.bad"] }\n`,
    );
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('The argument "region" is required');
    expect(run.out).toContain('A block of type "root_disk" is required here.');
    expect(run.out).toContain(
      'Inappropriate value for attribute "disk_size_gb": a number is required.',
    );
    expect(run.out).toContain('An argument named "bogus" is not expected here');
    expect(run.out).toContain('No more than 2 "nics" blocks are allowed');
  });

  it('the SDK decoder enforces the metadata: enum and duration', async () => {
    const run = await packer(
      ['validate'],
      'bad-meta.pkr.hcl',
      GOOD_HCL.replace(
        'region = "eu-west-1"',
        'region = "eu-west-1"\n  mode = "turbo"\n  boot_wait = "soon"',
      ),
    );
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('mode: "turbo" is not an allowed value');
    expect(run.out).toContain('boot_wait: "soon" is not a duration');
  });

  it('fields of a second declaration and of a module augmentation reach Packer; a numeric-literal union is checked', async () => {
    const good = await packer(
      ['build', '-color=false'],
      'merged.pkr.hcl',
      GOOD_HCL.replace('region = "eu-west-1"', 'region = "eu-west-1"\n  zone = "z1"\n  cpus = 2'),
    );
    expect(good.code, good.out).toBe(0);
    const line = good.out.split('\n').find((l) => l.includes('CONFIG ')) as string;
    expect(JSON.parse(line.slice(line.indexOf('CONFIG ') + 7))).toMatchObject({ zone: 'z1', cpus: 2 });
    const bad = await packer(
      ['validate'],
      'merged-bad.pkr.hcl',
      GOOD_HCL.replace('region = "eu-west-1"', 'region = "eu-west-1"\n  cpus = 3'),
    );
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain('cpus: 3 is not an allowed value; use 1, 2 or 4');
  });

  it('HCL reserves only `dynamic` inside a source block: Terraform meta-argument names are plain fields', async () => {
    const plain = await packer(
      ['build', '-color=false'],
      'words.pkr.hcl',
      GOOD_HCL.replace(
        'region = "eu-west-1"',
        'region = "eu-west-1"\n  count = 2\n  for_each = "a"\n  depends_on = ["b"]\n  provider = "p"\n  source = "s"\n  locals = "l"\n  lifecycle {\n    keep = true\n  }',
      ),
    );
    expect(plain.code, plain.out).toBe(0);
    const line = plain.out.split('\n').find((l) => l.includes('CONFIG ')) as string;
    expect(JSON.parse(line.slice(line.indexOf('CONFIG ') + 7))).toMatchObject({
      count: 2,
      forEach: 'a',
      dependsOn: ['b'],
      provider: 'p',
      source: 's',
      locals: 'l',
      lifecycle: { keep: true },
    });
    // A block named `dynamic` never reaches the builder: Packer expands it as an HCL dynamic
    // block (why the generator and regenerate-spec refuse that name for blocks).
    const dynamic = await packer(
      ['validate'],
      'dynamic.pkr.hcl',
      GOOD_HCL.replace('region = "eu-west-1"', 'region = "eu-west-1"\n  dynamic {\n    keep = true\n  }'),
    );
    expect(dynamic.code, dynamic.out).toBe(1);
    expect(dynamic.out).toContain('Missing type for dynamic');
  });

  it('`${build.X}` accepts the generated-data names only', async () => {
    const run = await packer(
      ['validate'],
      'bad-build-var.pkr.hcl',
      GOOD_HCL.replace('build.ImageId', 'build.NotDeclared'),
    );
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(
      /Unsupported attribute; This object does not have\s+an attribute named "NotDeclared"/,
    );
  });
});
