/**
 * `packer-builder new`: runs the `packer-builder:app` generator in-process through
 * yeoman-environment's command support, so it takes exactly `yo packer-builder`'s flags but
 * needs no global `yo` and does not drop root privileges (yo switches root to `nobody`).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_GENERATOR_PATH = fileURLToPath(
  new URL('../../generators/app/index.js', import.meta.url),
);

/** The sub-generators `packer-builder field|step` runs, by command. */
export const SUB_GENERATORS = {
  field: fileURLToPath(new URL('../../generators/field/index.js', import.meta.url)),
  step: fileURLToPath(new URL('../../generators/step/index.js', import.meta.url)),
} as const;

export async function runNew(args: readonly string[], cwd: string): Promise<number> {
  return runGenerator(APP_GENERATOR_PATH, 'app', 'new', args, cwd);
}

/**
 * `packer-builder field …` / `packer-builder step NAME …`: `yo packer-builder:field|step` in
 * process (same flags), in the plugin folder `cwd`; works as root, needs no global yo.
 */
export async function runSubGenerator(which: keyof typeof SUB_GENERATORS, args: readonly string[], cwd: string): Promise<number> {
  return runGenerator(SUB_GENERATORS[which], which, which, args, cwd);
}

/**
 * Takes `--cwd DIR` / `--cwd=DIR` out of `args`: Yeoman lists it ("Path to use as current dir")
 * but parses it as a flag without a value, so `--cwd x` failed with "too many arguments".
 * Returns the other arguments and the folder to run in (`DIR` resolved against `cwd`, else `cwd`).
 * Throws, naming the value and the fix, when `DIR` is missing or not a folder.
 */
export function takeCwd(args: readonly string[], cwd: string): { args: string[]; cwd: string } {
  const rest: string[] = [];
  let dir = cwd;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg !== '--cwd' && !arg.startsWith('--cwd=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--cwd' ? args[++i] : arg.slice('--cwd='.length);
    if (value === undefined || value === '' || value.startsWith('-')) throw new Error('--cwd needs a folder: --cwd DIR');
    dir = resolve(cwd, value);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`--cwd ${value}: no such folder (${dir}); create it first`);
    }
  }
  return { args: rest, cwd: dir };
}

async function runGenerator(resolved: string, generator: string, command: string, givenArgs: readonly string[], givenCwd: string): Promise<number> {
  const { args, cwd } = takeCwd(givenArgs, givenCwd);
  // No colour off a terminal: Yeoman's log symbols (yoctocolors) look only at TERM, so say it
  // before they are loaded (FORCE_COLOR=0 is honoured by Node's hasColors and by chalk).
  if (!process.stdout.isTTY || !process.stderr.isTTY) process.env.FORCE_COLOR = '0';
  const { prepareCommand } = await import('yeoman-environment');
  if (cwd !== process.cwd()) process.chdir(cwd);
  const prepared = await prepareCommand({
    resolved,
    namespace: `packer-builder:${generator}`,
  });
  prepared.name(`packer-builder ${command}`);
  await prepared.parseAsync(['node', `packer-builder-${command}`, ...args]);
  return 0;
}
