#!/usr/bin/env node
// Benchmark: a full `regenerateSpec` (read types, build the spec, format, write) on plugins whose
// Config has 10, 100 and 1000 fields. Target: 1000 fields under 1 s.
//
//   node bench/regenerate-spec.mjs            (bundles src/ with esbuild; --dist uses the built dist/)
//   node bench/regenerate-spec.mjs 10 5000    (custom sizes)
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

/** The current sources, bundled (dist/ may be stale); `--dist` measures the built package instead. */
async function loadSpecsync() {
  const dist = join(ROOT, 'dist/src/specsync/index.js');
  if (process.argv.includes('--dist')) {
    if (!existsSync(dist)) throw new Error('dist/ is not built: run `npm run build` first');
    return { mod: await import(pathToFileURL(dist).href), from: 'dist' };
  }
  const { build } = await import('esbuild');
  const out = join(ROOT, 'node_modules/.cache/packer-builder-bench/specsync.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/specsync/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return { mod: await import(pathToFileURL(out).href), from: 'src (bundled with esbuild)' };
}

/** A Config with `n` fields cycling through the supported kinds; every 25th is a nested block. */
function configSource(n) {
  const lines = [
    "import type { Duration, PackerCommonConfig } from 'generator-packer-builder';",
    '',
    "export type Mode = 'fast' | 'safe' | 'paranoid';",
    'export interface Disk {',
    '  /** Size in GB. */',
    '  size: number;',
    '  /** @default "ssd" */',
    "  kind?: 'ssd' | 'hdd';",
    '}',
    '',
    'export interface Config extends PackerCommonConfig {',
  ];
  const kinds = [
    (i) => [`/** Field ${i}: a string. */`, `field${i}Name: string;`],
    (i) => [
      `/**`,
      ` * Field ${i}: a number.`,
      ` * @default ${i}`,
      ` * @integer`,
      ` */`,
      `field${i}Count?: number;`,
    ],
    (i) => [`/** Field ${i}: a mode. @default "safe" */`, `field${i}Mode?: Mode;`],
    (i) => [`/** Field ${i}: a timeout. @default 5m */`, `field${i}Timeout?: Duration;`],
    (i) => [`/** Field ${i}: tags. */`, `field${i}Tags?: Record<string, string>;`],
    (i) => [`/** Field ${i}: names. */`, `field${i}Names?: string[];`],
    (i) => [`/** Field ${i}: a flag. @sensitive */`, `field${i}Secret?: string;`],
    (i) => [`/** Field ${i}: a switch. */`, `field${i}Enabled?: boolean;`],
  ];
  for (let i = 0; i < n; i++) {
    const field =
      i % 25 === 24
        ? [`/** Field ${i}: a disk. */`, `field${i}Disk?: Disk;`]
        : kinds[i % kinds.length](i);
    lines.push(...field.map((l) => `  ${l}`));
  }
  lines.push('}', '');
  return lines.join('\n');
}

const GENERATED_DATA =
  'export interface GeneratedData {\n  /** The image. */\n  ImageId: string;\n}\n';

async function main() {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const { mod, from } = await loadSpecsync();
  console.log(
    `regenerateSpec benchmark (specsync from ${from}; median of ${RUNS} runs, first call reported separately)`,
  );
  const base = await mkdtemp(join(tmpdir(), 'bench-regenerate-spec-'));
  try {
    let first = true;
    for (const n of sizes.length ? sizes : [10, 100, 1000]) {
      const dir = join(base, `fields-${n}`);
      await mkdir(join(dir, 'src'), { recursive: true });
      await writeFile(
        join(dir, 'package.json'),
        JSON.stringify({ name: `bench-${n}`, type: 'module' }),
      );
      await writeFile(join(dir, 'src/config.ts'), configSource(n));
      await writeFile(join(dir, 'src/generated-data.ts'), GENERATED_DATA);
      const times = [];
      for (let r = 0; r < RUNS + (first ? 1 : 0); r++) {
        await rm(join(dir, 'src/config.hcl2spec.ts'), { force: true });
        await rm(join(dir, 'docs'), { recursive: true, force: true });
        const t0 = performance.now();
        const result = await mod.regenerateSpec(dir);
        const ms = performance.now() - t0;
        if (result.written.length !== 2)
          throw new Error(`expected 2 files written, got ${result.written}`);
        if (first) {
          console.log(
            `  first call (loads ts-morph/prettier lazily), ${n} fields: ${ms.toFixed(0)} ms`,
          );
          first = false;
        } else times.push(ms);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      console.log(
        `  ${String(n).padStart(5)} fields: ${median.toFixed(0)} ms${n === 1000 ? (median < 1000 ? '  (target < 1000 ms: ok)' : '  (target < 1000 ms: MISSED)') : ''}`,
      );
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
