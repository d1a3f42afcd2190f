import type { Duplex } from 'node:stream';
import { encodeMessage, ERROR_BODY, isRecord, readValues } from './codec.js';

/** A method handler: gets the decoded argument, returns (or resolves to) the reply. Throw to fail the call. */
export type RpcHandler = (args: unknown) => unknown;

/**
 * Looks up a handler for services that are not registered (e.g. the transparent Ui proxy).
 * Returns undefined to fall through to Go's "can't find service" error.
 */
export type RpcResolver = (service: string, method: string) => RpcHandler | undefined;

function errorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg === '' ? 'unknown error' : msg;
}

/**
 * Server side of Go `net/rpc` (msgpack codec). Services are objects whose methods with an
 * upper-case first letter are callable as `Service.Method` (like Go's exported methods).
 * Requests on one connection are served concurrently; each reply carries its `Seq`.
 */
export class RpcServer {
  private readonly services = new Map<string, object>();
  private resolver: RpcResolver | undefined;

  /** Registers `service` under `name` (may be called while serving, like Go's RegisterName). */
  register(name: string, service: object): void {
    this.services.set(name, service);
  }

  /** Sets the fallback lookup for unregistered services. */
  setResolver(resolver: RpcResolver): void {
    this.resolver = resolver;
  }

  /** Finds the handler for `Service.Method`, or the Go error text for a miss. */
  lookup(serviceMethod: string): RpcHandler | string {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot < 0) return `rpc: service/method request ill-formed: ${serviceMethod}`;
    const serviceName = serviceMethod.slice(0, dot);
    const methodName = serviceMethod.slice(dot + 1);
    const service = this.services.get(serviceName);
    if (service === undefined) {
      return this.resolver?.(serviceName, methodName) ?? `rpc: can't find service ${serviceMethod}`;
    }
    const first = methodName.charAt(0);
    const fn = (service as Record<string, unknown>)[methodName];
    if (first === '' || first !== first.toUpperCase() || first === first.toLowerCase() || typeof fn !== 'function') {
      return `rpc: can't find method ${serviceMethod}`;
    }
    return (args: unknown) => (fn as (a: unknown) => unknown).call(service, args);
  }

  /**
   * Serves one connection until the client half-closes it; replies to calls still in
   * flight are sent before our side is closed. Resolves when done.
   */
  async serve(stream: Duplex): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let header: { serviceMethod: string; seq: number } | undefined;
    // a broken connection (or a malformed header) ends serving, like Go's ServeCodec
    await readValues(stream, (value) => {
      if (header === undefined) {
        if (!isRecord(value) || typeof value.ServiceMethod !== 'string' || typeof value.Seq !== 'number') {
          throw new Error(`rpc: malformed request header: ${JSON.stringify(value)}`);
        }
        header = { serviceMethod: value.ServiceMethod, seq: value.Seq };
        return;
      }
      const { serviceMethod, seq } = header;
      header = undefined;
      const p = this.dispatch(stream, serviceMethod, seq, value);
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    });
    await Promise.all(inflight);
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  }

  private async dispatch(stream: Duplex, serviceMethod: string, seq: number, args: unknown): Promise<void> {
    const handler = this.lookup(serviceMethod);
    let reply: unknown = null;
    let error = '';
    if (typeof handler === 'string') {
      error = handler;
    } else {
      try {
        reply = await handler(args);
      } catch (err) {
        error = errorMessage(err);
      }
    }
    if (stream.writableEnded || stream.destroyed) return;
    const header = { ServiceMethod: serviceMethod, Seq: seq, Error: error };
    stream.write(encodeMessage(header, error === '' ? (reply ?? null) : ERROR_BODY));
  }
}
