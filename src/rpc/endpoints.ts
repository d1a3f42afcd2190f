/** Serving and calling net/rpc over broker ids (Go: newServerWithMux(...).Serve() / newClientWithMux). */
import type { MuxBroker } from './broker.js';
import { errorText, type LogFn } from './log.js';
import { RpcClient } from './netrpc/client.js';
import type { RpcServer } from './netrpc/server.js';

/**
 * Accepts broker id `id` and serves `server` on that stream until the peer closes it.
 * The accept is registered synchronously, so announce `id` to the peer only after calling this.
 */
export async function serveOn(broker: MuxBroker, id: number, server: RpcServer, log: LogFn): Promise<void> {
  const accepted = broker.accept(id);
  let stream;
  try {
    stream = await accepted;
  } catch (err) {
    log(`[ERR] Error retrieving stream for serving: ${errorText(err)}`);
    return;
  }
  await server.serve(stream, log);
}

/** Dials the peer's broker id `id` and returns an RPC client on it. */
export async function dialClient(broker: MuxBroker, id: number): Promise<RpcClient> {
  return new RpcClient(await broker.dial(id));
}
