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
  server.register(
    'Builder',
    new BuilderService(builder, broker, {
      objectSpecName: options.objectSpecName,
      log: options.log,
      ...(options.configSpecEncoding !== undefined ? { configSpecEncoding: options.configSpecEncoding } : {}),
    }),
  );
  const main = serveOn(broker, 0, server, options.log);
  await Promise.race([main, closed]);
  session.close();
}
