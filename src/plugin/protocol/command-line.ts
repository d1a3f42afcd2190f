/** What Packer asked the plugin binary to do (its argv after the script). */
export type PluginCommand =
  /** `<bin> describe`: print {@link describeJson} and exit. */
  | { kind: 'describe' }
  /** `<bin> start <component> [--protobuf] <name>`: serve one component. */
  | { kind: 'start'; component: string; name: string; protobuf: boolean }
  /** No arguments: a single-component `packer-builder-NAME` binary (Packer <= 1.10 discovery). */
  | { kind: 'single'; protobuf: boolean };

/**
 * Parses the plugin command line the way packer-plugin-sdk's `Set.RunCommand` does: `--protobuf`
 * may appear anywhere (Packer >= 1.12 puts it before the component name) and is removed first.
 * Throws an Error naming the expected forms for anything else.
 */
export function parsePluginCommand(args: readonly string[]): PluginCommand {
  const protobuf = args.includes('--protobuf');
  const rest = args.filter((a) => a !== '--protobuf');
  if (rest.length === 0) return { kind: 'single', protobuf };
  if (rest[0] === 'describe' && rest.length === 1) return { kind: 'describe' };
  if (rest[0] === 'start') {
    const [, component, name] = rest;
    if (rest.length === 3 && component && name) return { kind: 'start', component, name, protobuf };
    throw new Error(
      `start takes two arguments, for example 'start builder example-builder'. Found: ${JSON.stringify(rest.slice(1))}`,
    );
  }
  throw new Error(
    `Unknown command: ${JSON.stringify(rest.join(' '))}. Packer runs this plugin as '<plugin> describe' or ` +
      "'<plugin> start builder <name>'; do not run it by hand",
  );
}
