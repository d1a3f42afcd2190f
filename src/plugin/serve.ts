/**
 * The entry point a plugin's main module calls: `servePlugin({ name, version, builders })`.
 * It speaks Packer's plugin protocol on its own (handshake, yamux, broker, net/rpc) and
 * serves the builder Packer asked for. Nothing but the handshake line goes to stdout.
 */
import { basename } from 'node:path';
import type { ObjectSpec } from '../hcl/spec.js';
import { errorText, stderrLog, type LogFn } from '../rpc/log.js';
import type { Builder } from '../sdk/builder.js';
import { parsePluginArgs } from './args.js';
import { listenForPacker } from './listener.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, manualStartText } from './manual-start.js';
import { chooseProtocolVersion, describeJson, detectLauncher, formatHandshake } from './protocol/index.js';
import { installCrashGuard } from './crash-guard.js';
import { installLogSink } from './log-sink.js';
import { exitOnInterruptsUntilConnected } from './signals.js';

/** The builder name that modern Packer maps to the bare plugin name (`packer-plugin-NAME` → type `NAME`). */
export const DEFAULT_COMPONENT_NAME = '-packer-default-plugin-name-';

/** What a plugin binary contains. */
export interface PluginDefinition {
  /** Plugin name (the NAME in `packer-plugin-NAME` / `packer-builder-NAME`). */
  name: string;
  /** Plugin version, semver. */
  version: string;
  /** Builder factories by builder name; only the one Packer starts is created. */
  builders: Record<string, () => Builder>;
}

/** How long to wait for Packer to connect after the handshake (Packer gives up after 1 min). */
const ACCEPT_TIMEOUT_MS = 120_000;

const SCRIPT_SUFFIX = /\.(?:exe|js|mjs|cjs)$/i;

function fail(log: LogFn, message: string): void {
  log(message);
  process.exitCode = 1;
}

/**
 * Which builder a single-component binary serves: `packer-builder-X` serves builder X when
 * it exists; otherwise the only builder, or the default component.
 */
export function pickSingleBuilder(def: PluginDefinition, scriptPath: string | undefined): string | { error: string } {
  const names = Object.keys(def.builders);
  const file = basename(scriptPath ?? '').replace(SCRIPT_SUFFIX, '');
  const fromFile = file.startsWith('packer-builder-') ? file.slice('packer-builder-'.length) : undefined;
  if (fromFile !== undefined && Object.hasOwn(def.builders, fromFile)) return fromFile;
  if (names.length === 1) return names[0] as string;
  if (Object.hasOwn(def.builders, DEFAULT_COMPONENT_NAME)) return DEFAULT_COMPONENT_NAME;
  return {
    error:
      `${file || def.name}: cannot tell which builder to serve; this plugin has ${names.length === 0 ? 'no builders' : `builders ${names.join(', ')}`}. ` +
      `Install it as packer-builder-<builder> (e.g. packer-builder-${names[0] ?? def.name}), or as packer-plugin-${def.name} so Packer starts it with "start builder <name>".`,
  };
}

/**
 * Each builder's spec getter, for `describe`'s protocol version. A builder is created only when
 * its getter runs; factories should be cheap (no I/O), as Packer runs `describe` at every start.
 */
function builderSpecs(def: PluginDefinition): Record<string, () => ObjectSpec> {
  return Object.fromEntries(
    Object.entries(def.builders).map(([name, factory]) => [name, () => factory().configSpec()] as const),
  );
}

/**
 * Runs the plugin protocol for the command line `argv` (default: the process arguments).
 * Resolves when there is nothing left to do; sets `process.exitCode` to 1 on errors, and
 * after serving a connection lets the process exit even if builder code left handles open.
 */
export async function servePlugin(def: PluginDefinition, argv: string[] = process.argv.slice(2)): Promise<void> {
  const log = stderrLog;
  const cmd = parsePluginArgs(argv);
  let name: string;
  let protobuf = false;
  switch (cmd.kind) {
    case 'describe':
      try {
        const { protocolVersion } = chooseProtocolVersion(builderSpecs(def));
        process.stdout.write(`${describeJson({ version: def.version, builders: Object.keys(def.builders), protocolVersion })}\n`);
      } catch (err) {
        fail(log, errorText(err));
      }
      return;
    case 'help':
      process.stdout.write(manualStartText(def.name, def.version, Object.keys(def.builders)));
      return;
    case 'version':
      process.stdout.write(`${def.version}\n`);
      return;
    case 'error':
      return fail(log, cmd.message);
    case 'start':
      if (cmd.component !== 'builder') {
        return fail(log, `Unknown plugin type: ${cmd.component} (${def.name} only has builders: ${Object.keys(def.builders).join(', ')})`);
      }
      if (!Object.hasOwn(def.builders, cmd.name)) {
        return fail(log, `${def.name}: no builder named ${JSON.stringify(cmd.name)}; it has: ${Object.keys(def.builders).join(', ')}`);
      }
      name = cmd.name;
      protobuf = cmd.protobuf;
      break;
    case 'single': {
      const picked = pickSingleBuilder(def, process.argv[1]);
      if (typeof picked !== 'string') {
        if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
          process.stderr.write(manualStartText(def.name, def.version, Object.keys(def.builders)));
        }
        return fail(log, picked.error);
      }
      name = picked;
      break;
    }
  }

  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(manualStartText(def.name, def.version, Object.keys(def.builders)));
    process.exitCode = 1;
    return;
  }
  await serveBuilder(def, name, protobuf, log);
}

/**
 * Serves builder `name` to the Packer that started us. The runtime's rules (ARCHITECTURE.md):
 * - stderr writes survive Packer's death: they go to the log file once stderr is gone
 *   (log-sink.ts); console.* goes to stderr, stdout carries only the handshake line;
 * - SIGINT/SIGTERM end the plugin until Packer connects, then are ignored (Packer cancels);
 * - an unhandled rejection, a throw in a callback or process.exit() in builder code becomes
 *   the build's error (crash-guard.ts); a lost connection cancels the build; either way every
 *   started cleanup runs (at most CLEANUP_BOUND_MS) before the process exits.
 */
async function serveBuilder(def: PluginDefinition, name: string, protobuf: boolean, log: LogFn): Promise<void> {
  installLogSink(def.name);
  let disposeListener: () => void = () => undefined;
  const interrupts = exitOnInterruptsUntilConnected(log, () => disposeListener());
  const factory = def.builders[name] as () => Builder;
  let builder: Builder;
  let launcher;
  let listener;
  try {
    builder = factory();
    launcher = detectLauncher();
    listener = await listenForPacker(process.env, log);
    disposeListener = listener.dispose;
  } catch (err) {
    return fail(log, `${def.name}: cannot start builder ${name}: ${errorText(err)}`);
  }
  log(`Plugin launcher: handshake ${launcher.handshake}, nested ObjectSpec name ${launcher.objectSpecName} (${launcher.source})`);
  log(
    protobuf
      ? 'ConfigSpec encoding: protobuf (Packer passed --protobuf)'
      : 'ConfigSpec encoding: gob (no --protobuf: Packer < 1.12, PACKER_FORCE_GOB, or a plugin without protocol v2)',
  );
  log(`Plugin address: ${listener.network} ${listener.address}`);
  process.stdout.write(`${formatHandshake(launcher, listener.network, listener.address)}\n`);
  log('Waiting for connection...');
  // Loaded while Packer connects: nothing of the RPC runtime is needed for the handshake.
  const runtime = import('../rpc/services/serve-builder.js');
  let socket;
  try {
    socket = await listener.accept(ACCEPT_TIMEOUT_MS);
  } catch (err) {
    return fail(log, `Error accepting connection: ${errorText(err)}`);
  }
  interrupts.connected();
  log('Serving a plugin connection...');
  const guard = installCrashGuard(log);
  const { serveBuilderConnection, CLEANUP_BOUND_MS } = await runtime;
  await serveBuilderConnection(socket, builder, {
    objectSpecName: launcher.objectSpecName,
    configSpecEncoding: protobuf ? 'protobuf' : 'gob',
    log,
    onService: (service) => guard.setTarget((error) => service.fail(error, CLEANUP_BOUND_MS)),
  });
  guard.setTarget(undefined);
  listener.dispose();
  // Go's plugin main returns here and the process exits; do the same even if the builder
  // left timers or sockets open (an unref'd timer only fires if something else keeps us alive).
  setTimeout(() => guard.exit(), 1000).unref();
}
