import type { Duplex } from 'node:stream';
import type { Builder } from '../../sdk/builder.js';
import { MuxBroker } from '../broker.js';
import { serveOn } from '../endpoints.js';
import type { LogFn } from '../log.js';
import { RpcServer } from '../netrpc/server.js';
import { YamuxSession } from '../yamux/session.js';
import { BuilderService } from './builder-server.js';
import type { ConfigSpecEncoding } from './config-spec.js';

/** Options of {@link serveBuilderConnection}. */
export interface ServeBuilderOptions {
  /** gob name of nested ObjectSpecs (from launcher detection). */
  objectSpecName: string;
  /** `protobuf` for `--protobuf` launches. Default `gob`. */
  configSpecEncoding?: ConfigSpecEncoding;
  log: LogFn;
  /** Keepalive ping interval (default 30 s, as Go). */
  keepAliveIntervalMs?: number;
  /**
   * How long the cleanups of a build may take once the connection to Packer is lost (or a fatal
   * error ended the build) before the plugin gives up on them: default {@link CLEANUP_BOUND_MS}.
   */
  cleanupBoundMs?: number;
  /** Called with the Builder service once it exists (the crash guard sends fatal errors to it). */
  onService?: (service: BuilderService) => void;
}

/**
 * The bound on cleanups after Packer is gone: 10 minutes. Long enough to delete a cloud
 * machine and its disks, short enough that a stuck cleanup cannot keep an orphan process forever.
 */
export const CLEANUP_BOUND_MS = 10 * 60_000;

/** `10 min`, `5 s`, `0.2 s`. */
function formatBound(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/**
 * Serves `builder` on one connection from Packer: yamux server, mux broker, `Builder` on
 * broker id 0. Resolves when the core closes the main stream or the session ends.
 */
export async function serveBuilderConnection(socket: Duplex, builder: Builder, options: ServeBuilderOptions): Promise<void> {
  const session = new YamuxSession(socket, {
    role: 'server',
    log: options.log,
    ...(options.keepAliveIntervalMs !== undefined ? { keepAliveIntervalMs: options.keepAliveIntervalMs } : {}),
  });
  const broker = new MuxBroker(session, { log: options.log });
  const closed = new Promise<void>((resolve) => session.once('close', () => resolve()));
  const server = new RpcServer();
  const service = new BuilderService(builder, broker, {
    objectSpecName: options.objectSpecName,
    log: options.log,
    ...(options.configSpecEncoding !== undefined ? { configSpecEncoding: options.configSpecEncoding } : {}),
  });
  server.register('Builder', service);
  options.onService?.(service);
  const main = serveOn(broker, 0, server, options.log);
  await Promise.race([main, closed]);
  const bound = options.cleanupBoundMs ?? CLEANUP_BOUND_MS;
  if (service.building) {
    // Packer closed the connection or died (SIGKILL, OOM, crash) during Builder.Run: nobody
    // will send Builder.Cancel. Cancel the build ourselves and let every started cleanup finish.
    options.log(
      `[ERR] connection to Packer lost during the build: cancelling it and running the cleanups (at most ${formatBound(bound)})`,
    );
    service.fail(new Error('connection to Packer lost'), bound);
  }
  session.close();
  if (!(await service.settled(bound))) {
    options.log(`[ERR] the build did not finish its cleanups within ${formatBound(bound)}; giving up on them`);
  }
}
