#!/usr/bin/env node
/**
 * `packer-builder`: the command-line tool of generator-packer-builder.
 * Each command's module is imported only when that command runs, so start-up stays small.
 */
const USAGE = `Usage: packer-builder <command> [options]

Commands:
  regenerate-spec [--check] [--cwd DIR]   Rewrite the HCL spec, generated-data list and config docs
                                          from the plugin's Config type (--check: fail on drift).
  new [yo options]                        Run the plugin generator without yo (same flags as
                                          \`yo packer-builder\`); works as root.
  field [options]                         In a plugin folder: add settings to src/config.ts
                                          (\`yo packer-builder:field\`; --help lists the flags).
  step NAME [options]                     In a plugin folder: add a step to src/builder.ts
                                          (\`yo packer-builder:step\`).
  quickstart [--out DIR] [--keep]         Generate a builder from the embedded default answers,
                                          install and build it, and run \`packer build\` on it.
  help                                    Show this text.
`;

import { nodeSupported, unsupportedNodeMessage } from './node-version.js';
/**
 * Node >= 22.1 keeps V8's compiled code of the modules it loads (this package, ts-morph, prettier,
 * yeoman) in a cache folder across runs; on older Node this is a no-op. Cuts the compile part of
 * the CLI's start-up. The folder is NODE_COMPILE_CACHE when set, else the user's own cache
 * directory (`$XDG_CACHE_HOME` or `~/.cache`, `generator-packer-builder/compile-cache`), never a
 * shared temp directory another local user could fill first.
 */
function userCacheDir(name: string): string | undefined {
  const env = process.env;
  const base = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : env.HOME ? `${env.HOME}/.cache` : undefined;
  return base === undefined ? undefined : `${base}/generator-packer-builder/${name}`;
}

function enableCompileCache(): void {
  const mod = process.getBuiltinModule?.('node:module') as { enableCompileCache?: (dir?: string) => unknown } | undefined;
  try {
    const dir = process.env.NODE_COMPILE_CACHE || userCacheDir('compile-cache');
    if (dir !== undefined) mod?.enableCompileCache?.(dir);
  } catch {
    // A cache: never fail over it.
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!nodeSupported() && command !== undefined && !['help', '--help', '-h'].includes(command)) {
    process.stderr.write(`packer-builder: ${unsupportedNodeMessage()}\n`);
    return 1;
  }
  switch (command) {
    case 'regenerate-spec': {
      const { runRegenerateSpec } = await import('./regenerate-spec.js');
      return runRegenerateSpec(rest, process.cwd());
    }
    case 'new': {
      const { runNew } = await import('./new.js');
      return runNew(rest, process.cwd());
    }
    case 'field':
    case 'step': {
      const { runSubGenerator } = await import('./new.js');
      return runSubGenerator(command, rest, process.cwd());
    }
    case 'quickstart': {
      const { runQuickstart } = await import('./quickstart.js');
      return runQuickstart(rest, process.cwd());
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`packer-builder: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

enableCompileCache();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`packer-builder: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
