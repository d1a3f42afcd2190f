/**
 * `packer-builder quickstart`: the README's first command, end to end on an embedded default.
 * Generates a builder plugin from `templates/quickstart.answers.json` (depending on this checkout
 * through a packed tarball), installs and builds it, installs it where Packer finds it (in a
 * folder of the output, so nothing outside it changes) and runs `packer build` on its example.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ANSWERS = join(PACKAGE_ROOT, 'templates', 'quickstart.answers.json');
const MARKER = '.packer-builder-quickstart';

interface Options {
  out: string;
  keep: boolean;
}

function parseArgs(args: readonly string[], cwd: string): Options {
  const opts: Options = { out: resolve(cwd, 'quickstart'), keep: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' && args[i + 1]) opts.out = resolve(cwd, args[++i]!);
    else if (a?.startsWith('--out=')) opts.out = resolve(cwd, a.slice('--out='.length));
    else if (a === '--keep') opts.keep = true;
    else throw new Error(`quickstart: unknown argument "${a}"; use --out DIR or --keep`);
  }
  return opts;
}

function step(text: string): void {
  const bold = process.stdout.isTTY ? (s: string) => `\x1b[1m${s}\x1b[0m` : (s: string) => s;
  process.stdout.write(`\n${bold(`==> ${text}`)}\n`);
}

function run(cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Prepares the output folder; refuses to empty a folder quickstart did not create. */
async function prepareOut(out: string, keep: boolean): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(
        `quickstart: ${out} exists and was not made by quickstart; choose another folder with --out DIR`,
      );
    }
    if (!keep) await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
  await writeFile(join(out, MARKER), 'made by `packer-builder quickstart`; safe to delete\n');
}

export async function runQuickstart(args: readonly string[], cwd: string): Promise<number> {
  const { out, keep } = parseArgs(args, cwd);
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'generators', 'app', 'index.js'))) {
    throw new Error('quickstart: this checkout is not built; run `npm run build` first');
  }
  await prepareOut(out, keep);

  step('Packing this checkout of generator-packer-builder (the SDK the plugin depends on)');
  const sdkDir = join(out, 'sdk');
  await mkdir(sdkDir, { recursive: true });
  await run('npm', ['pack', '--silent', '--pack-destination', sdkDir], PACKAGE_ROOT);
  const tarball = (await readdir(sdkDir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`quickstart: npm pack wrote no tarball into ${sdkDir}`);

  step(`Generating a builder plugin from ${ANSWERS}`);
  const { runNew } = await import('./new.js');
  await runNew(
    ['--answers', ANSWERS, '--sdk', join(sdkDir, tarball), '--skip-install', '--defaults', '--force'],
    out,
  );
  const pluginDir = join(out, 'packer-plugin-hello');
  if (!existsSync(join(pluginDir, 'package.json'))) {
    throw new Error(`quickstart: the generator did not write ${pluginDir}/package.json`);
  }

  step('Installing the plugin project\'s dependencies');
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], pluginDir);
  step('Building the plugin: type-check, bundle, and a single executable that embeds Node (dist/packer-plugin-hello)');
  await run('npm', ['run', 'build'], pluginDir);
  const packerConfigDir = join(out, 'packer-config');
  const env = { PACKER_CONFIG_DIR: packerConfigDir };
  step(`Installing the single executable where Packer finds it (PACKER_CONFIG_DIR=${packerConfigDir})`);
  await run('npm', ['run', 'install-plugin'], pluginDir, env);
  step('packer build example/build.pkr.hcl (Packer runs the single executable; no node needed)');
  // Packer colours its output unless told not to; colours only on a terminal.
  const color = process.stdout.isTTY ? [] : ['-color=false'];
  await run('packer', ['build', ...color, 'example/build.pkr.hcl'], pluginDir, env);

  step(`Done. The plugin project is ${pluginDir}`);
  process.stdout.write(
    `    Edit src/config.ts and src/steps/*.ts, then: npm run regenerate-spec && npm run build && npm test\n`,
  );
  return 0;
}
