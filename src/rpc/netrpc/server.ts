import type { Duplex } from 'node:stream';
import { errorText, silentLog, type LogFn } from '../log.js';
import { encodeMessage, ERROR_BODY, isRecord, MsgpackDecodeError, readValues } from './codec.js';

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
   *
   * Malformed input is handled as Go's `net/rpc` `ServeCodec` does (server.go `readRequest`),
   * and every case is logged to `log` (`rpc: …`):
   * - a header that does not decode as `{ServiceMethod string, Seq uint64}` (not a map, wrong
   *   types, bad msgpack): `rpc: server cannot decode request: …`, no reply, the connection is
   *   closed (Go cannot find the next message either);
   * - a header without `ServiceMethod`/`Seq` decodes to Go's zero values (`""`, 0), so it gets the
   *   `rpc: service/method request ill-formed: ` reply, its body is skipped and serving goes on;
   * - an unknown service or method: `rpc: can't find service …` / `rpc: can't find method …`
   *   replies, body skipped, serving goes on;
   * - a body that does not decode, or nests deeper than the decode limit (1024): a reply with
   *   the decoding error, serving goes on (ugorji's `maximum decoding depth exceeded` reply; the
   *   framing scan knows where the value ends, so unlike Go the stream stays in step).
   */
  async serve(stream: Duplex, log: LogFn = silentLog): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let header: { serviceMethod: string; seq: number } | undefined;
    const refuse = (message: string): never => {
      throw new Error(`rpc: server cannot decode request: ${message}`);
    };
    const failure = await readValues(
      stream,
      (value) => {
        if (header === undefined) {
          if (!isRecord(value)) refuse(`expected a map for the request header, got ${describeWire(value)}`);
          const h = value as Record<string, unknown>;
          const method = h['ServiceMethod'] ?? '';
          const seq = h['Seq'] ?? 0;
          if (typeof method !== 'string') refuse(`ServiceMethod: expected a string, got ${describeWire(method)}`);
          if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) {
            refuse(`Seq: expected an unsigned integer, got ${describeWire(seq)}`);
          }
          header = { serviceMethod: method as string, seq: seq as number };
          return;
        }
        const { serviceMethod, seq } = header;
        header = undefined;
        this.track(inflight, this.dispatch(stream, serviceMethod, seq, value, log));
      },
      (error: MsgpackDecodeError) => {
        if (header === undefined) {
          // the header itself: Go stops serving the connection
          throw new Error(`rpc: server cannot decode request: ${error.message}`);
        }
        const { serviceMethod, seq } = header;
        header = undefined;
        log(`rpc: ${serviceMethod}: ${error.message}`);
        this.reply(stream, serviceMethod, seq, null, error.message);
      },
    );
    if (failure !== undefined && !isConnectionEnd(failure)) {
      log(failure.message.startsWith('rpc:') ? failure.message : `rpc: server cannot decode request: ${errorText(failure)}`);
    }
    await Promise.all(inflight);
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  }

  private track(inflight: Set<Promise<void>>, p: Promise<void>): void {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }

  private reply(stream: Duplex, serviceMethod: string, seq: number, reply: unknown, error: string): void {
    if (stream.writableEnded || stream.destroyed) return;
    const header = { ServiceMethod: serviceMethod, Seq: seq, Error: error };
    stream.write(encodeMessage(header, error === '' ? (reply ?? null) : ERROR_BODY));
  }

  private async dispatch(stream: Duplex, serviceMethod: string, seq: number, args: unknown, log: LogFn): Promise<void> {
    const handler = this.lookup(serviceMethod);
    let reply: unknown = null;
    let error = '';
    if (typeof handler === 'string') {
      error = handler;
      log(`rpc: ${handler}`);
    } else {
      try {
        reply = await handler(args);
      } catch (err) {
        error = errorMessage(err);
      }
    }
    this.reply(stream, serviceMethod, seq, reply, error);
  }
}

/** A wire value in a message: its msgpack kind, never its content (it may be a secret). */
function describeWire(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (value instanceof Uint8Array) return 'binary data';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a timestamp';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/** The peer went away (nothing to report): EOF before a full message, a reset, a premature close. */
function isConnectionEnd(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return err.message === 'Premature close' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
