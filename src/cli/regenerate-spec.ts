/**
 * `packer-builder regenerate-spec [--check] [--cwd DIR]`: rewrites the plugin's HCL spec module
 * and configuration docs from its Config type; `--check` fails (exit 1) on drift instead.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

const USAGE = `Usage: packer-builder regenerate-spec [--check] [--cwd DIR]

Rewrites the HCL spec module and the configuration docs of the plugin in DIR (default: the
current directory) from its Config and GeneratedData types.

  --check      Write nothing; exit 1 if a generated file is out of date.
  --cwd DIR    The plugin directory.
  -h, --help   Show this text.
`;

interface Args {
  check: boolean;
  dir: string;
  help: boolean;
}

function parseArgs(argv: readonly string[], cwd: string): Args | string {
  const args: Args = { check: false, dir: cwd, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--check') args.check = true;
    else if (a === '-h' || a === '--help') args.help = true;
    else if (a === '--cwd') {
      const v = argv[++i];
      if (v === undefined || v === '') return '--cwd needs a directory';
      args.dir = resolve(cwd, v);
    } else if (a.startsWith('--cwd=')) {
      const v = a.slice('--cwd='.length);
      if (v === '') return '--cwd needs a directory';
      args.dir = resolve(cwd, v);
    } else return `unknown argument "${a}"`;
  }
  if (!statSync(args.dir, { throwIfNoEntry: false })?.isDirectory()) return `--cwd ${args.dir}: no such directory (give the plugin's folder)`;
  return args;
}

/** Runs the command; prints to stdout/stderr and returns the exit code. */
export async function runRegenerateSpec(argv: string[], cwd: string): Promise<number> {
  const args = parseArgs(argv, cwd);
  if (typeof args === 'string') {
    process.stderr.write(`packer-builder regenerate-spec: ${args}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.check) {
    // Up to date by the stamp of the last run: answered without loading ts-morph and prettier.
    const { freshOutputs } = await import('../specsync/drift-stamp.js');
    const fresh = freshOutputs(args.dir);
    if (fresh) {
      process.stdout.write(`regenerate-spec: up to date (${fresh.join(', ')})\n`);
      return 0;
    }
  }
  const { regenerateSpec, SpecSyncError } = await import('../specsync/index.js');
  try {
    const result = await regenerateSpec(args.dir, { check: args.check });
    if (args.check) {
      if (result.drifted.length === 0) {
        process.stdout.write(`regenerate-spec: up to date (${result.unchanged.join(', ')})\n`);
        return 0;
      }
      for (const file of result.drifted) {
        process.stderr.write(
          `regenerate-spec --check: ${file} is out of date with the Config/GeneratedData types\n`,
        );
      }
      process.stderr.write('hint: run `npm run regenerate-spec` and commit the result\n');
      return 1;
    }
    const lines = [
      ...result.written.map((f) => `regenerate-spec: wrote ${f}`),
      ...result.unchanged.map((f) => `regenerate-spec: ${f} is up to date`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SpecSyncError) {
      process.stderr.write(`regenerate-spec: ${err.message}\nNothing was written.\n`);
      return 1;
    }
    throw err;
  }
}
