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

/** Resolves when `signal` aborts with a {@link FatalBuildError} (never otherwise). */
export function whenFatal(signal: AbortSignal): { promise: Promise<FatalBuildError>; dispose(): void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<FatalBuildError>((resolve) => {
    const check = (): boolean => {
      if (signal.reason instanceof FatalBuildError) {
        resolve(signal.reason);
        return true;
      }
      return false;
    };
    if (signal.aborted) {
      check();
      return;
    }
    onAbort = () => void check();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    dispose: () => {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    },
  };
}
