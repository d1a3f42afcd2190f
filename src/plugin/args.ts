/** What the command line asks a plugin binary to do. */
export type PluginCommand =
  | { kind: 'describe' }
  | { kind: 'start'; component: string; name: string; protobuf: boolean }
  | { kind: 'single' }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/**
 * Parses a plugin's arguments (without node and the script):
 * - no arguments: the single-component form (`packer-builder-NAME`, Packer 1.6);
 * - `describe`: print the components as JSON (multi-component `packer-plugin-NAME`);
 * - `start <kind> [--protobuf] <name>`: serve one component (`--protobuf` from Packer >= 1.12);
 * - `--help`/`-h`/`help`, `--version`/`version`.
 */
export function parsePluginArgs(argv: readonly string[]): PluginCommand {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'single' };
  switch (first) {
    case 'describe':
      return { kind: 'describe' };
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' };
    case 'version':
    case '--version':
      return { kind: 'version' };
    case 'start': {
      const protobuf = rest.includes('--protobuf');
      const positional = rest.filter((a) => a !== '--protobuf');
      if (positional.length !== 2) {
        return {
          kind: 'error',
          message: `start takes two arguments, for example 'start builder example-builder'. Found: [${rest.join(' ')}]`,
        };
      }
      const [component, name] = positional as [string, string];
      return { kind: 'start', component, name, protobuf };
    }
    default:
      return { kind: 'error', message: `Unknown command: ${JSON.stringify(first)} (try --help)` };
  }
}
