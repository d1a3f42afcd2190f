/**
 * An error that escaped the builder's own handling: an unhandled promise rejection, a throw in a
 * timer or event callback, or `process.exit()` called by builder code (see the plugin's crash
 * guard, src/plugin/crash-guard.ts). The plugin aborts the build's signal with one; the runners
 * then stop waiting for the running step (its code can no longer be trusted to return), record
 * the error in state `error`, and run the cleanup of every started step. Go has no counterpart:
 * there a panic kills the plugin and no cleanup runs.
 */
export class FatalBuildError extends Error {
  override readonly name = 'FatalBuildError';
  /** The original error (its stack goes to the log). */
  readonly original: unknown;

  constructor(message: string, original?: unknown) {
    super(message);
    this.original = original;
  }
}

interface Declared {
  error?: FatalBuildError;
  listeners: Set<(error: FatalBuildError) => void>;
}

/** Fatal errors declared for signals that had already aborted for another reason (e.g. Ctrl-C). */
const declared = new WeakMap<AbortSignal, Declared>();

/**
 * Declares `error` fatal for the build that `signal` belongs to, when the signal cannot carry it
 * any more (it already aborted, e.g. after `Builder.Cancel`): {@link whenFatal} resolves anyway.
 * The owner of the signal aborts it with `error` itself when it has not aborted yet.
 */
export function declareFatal(signal: AbortSignal, error: FatalBuildError): void {
  let d = declared.get(signal);
  if (d === undefined) {
    d = { listeners: new Set() };
    declared.set(signal, d);
  }
  if (d.error !== undefined) return;
  d.error = error;
  for (const l of d.listeners) l(error);
  d.listeners.clear();
}

/**
 * Resolves when `signal` aborts with a {@link FatalBuildError}, or one is declared for it with
 * {@link declareFatal} (never otherwise). `dispose` removes the listeners.
 */
export function whenFatal(signal: AbortSignal): { promise: Promise<FatalBuildError>; dispose(): void } {
  let onAbort: (() => void) | undefined;
  let onDeclared: ((error: FatalBuildError) => void) | undefined;
  const promise = new Promise<FatalBuildError>((resolve) => {
    if (signal.reason instanceof FatalBuildError) return resolve(signal.reason);
    const d = declared.get(signal);
    if (d?.error !== undefined) return resolve(d.error);
    onDeclared = resolve;
    if (d) d.listeners.add(onDeclared);
    else declared.set(signal, { listeners: new Set([onDeclared]) });
    if (!signal.aborted) {
      onAbort = () => {
        if (signal.reason instanceof FatalBuildError) resolve(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return {
    promise,
    dispose: () => {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      if (onDeclared) declared.get(signal)?.listeners.delete(onDeclared);
    },
  };
}
