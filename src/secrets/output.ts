/**
 * Process-wide output redaction: every write to `process.stdout` and `process.stderr` (our logs,
 * `console.log` / `console.error` from builder code, direct `process.stderr.write` calls, Node's
 * own warnings) passes through {@link redact} before it reaches the file descriptor.
 *
 * The redacting wrapper always stays outermost: `stream.write` becomes an accessor whose getter
 * returns the wrapper and whose setter replaces the function the wrapper calls. So code that
 * installs its own write function later (a log-file fallback when stderr is gone, a test spy)
 * is wrapped too, whatever the order of installation, and never sees an unredacted chunk.
 *
 * A secret split across two write calls is not caught (Packer's LogSecretFilter has the same
 * limit); every writer in this SDK writes whole lines.
 */
import { redact } from './redact.js';

type WriteFn = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

const installed = new WeakSet<NodeJS.WritableStream>();
const TEXT_ENCODINGS = new Set([undefined, 'utf8', 'utf-8', 'UTF-8', 'UTF8']);

/** `chunk` with secrets masked; the same object when there was nothing to mask. */
export function redactChunk(chunk: unknown, encoding?: unknown): unknown {
  if (typeof chunk === 'string') {
    if (typeof encoding === 'string' && !TEXT_ENCODINGS.has(encoding)) return chunk;
    return redact(chunk);
  }
  if (chunk instanceof Uint8Array) {
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    const masked = redact(text);
    return masked === text ? chunk : Buffer.from(masked, 'utf8');
  }
  return chunk;
}

/**
 * Makes `stream.write` redact every chunk (idempotent per stream). Returns a function that puts
 * the current inner write function back as a plain property (for tests).
 */
export function redactStream(stream: NodeJS.WritableStream): () => void {
  if (installed.has(stream)) return () => undefined;
  installed.add(stream);
  const target = stream as unknown as { write: WriteFn };
  let inner: WriteFn = target.write;
  const ownDescriptor = Object.getOwnPropertyDescriptor(target, 'write');
  function redactingWrite(this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    return inner.call(this, redactChunk(chunk, encoding), encoding, callback);
  }
  Object.defineProperty(target, 'write', {
    configurable: true,
    enumerable: ownDescriptor?.enumerable ?? false,
    get: () => redactingWrite,
    set: (fn: WriteFn) => {
      // someone installs their own write (e.g. a log-file fallback): it becomes the inner one
      if (typeof fn === 'function' && fn !== redactingWrite) inner = fn;
    },
  });
  return () => {
    installed.delete(stream);
    if (ownDescriptor) Object.defineProperty(target, 'write', { ...ownDescriptor, value: inner });
    else {
      delete (target as { write?: WriteFn }).write;
      if (target.write !== inner) Object.defineProperty(target, 'write', { value: inner, writable: true, configurable: true });
    }
  };
}

let monitorInstalled = false;

/**
 * Masks an error's `message` and `stack` in place (own data properties; anything else is left).
 * Node prints a fatal error from native code straight to fd 2, not through `process.stderr.write`,
 * but it reads `stack` only after the `uncaughtExceptionMonitor` listeners ran.
 */
function redactErrorInPlace(err: unknown): void {
  if (err === null || typeof err !== 'object') return;
  const e = err as { message?: unknown; stack?: unknown };
  try {
    if (typeof e.stack === 'string') e.stack = redact(e.stack);
    if (typeof e.message === 'string') e.message = redact(e.message);
  } catch {
    // a frozen or exotic error object: nothing more we can do here
  }
}

/**
 * Redacts everything written to process.stdout and process.stderr from now on, and the error
 * Node prints when the process dies of an uncaught exception or rejection (idempotent).
 */
export function installOutputRedaction(): void {
  redactStream(process.stdout);
  redactStream(process.stderr);
  if (!monitorInstalled) {
    monitorInstalled = true;
    process.on('uncaughtExceptionMonitor', redactErrorInPlace);
  }
}
