/** The outcome of {@link raceWithAbort}. */
export type RaceOutcome<T> = { readonly aborted: false; readonly value: T } | { readonly aborted: true };

/**
 * Waits for `work` or for `signal` to abort, whichever comes first, and removes its abort
 * listener afterwards (so repeated races do not pile listeners on a long-lived signal).
 * A rejection of `work` that comes after the abort is ignored.
 */
export async function raceWithAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<RaceOutcome<T>> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return { aborted: true };
  }
  let stop = (): boolean => false;
  const aborted = new Promise<RaceOutcome<T>>((resolve) => {
    stop = afterAbort(signal, () => resolve({ aborted: true }));
  });
  try {
    return await Promise.race([work.then((value): RaceOutcome<T> => ({ aborted: false, value })), aborted]);
  } finally {
    stop();
    work.catch(() => undefined);
  }
}

/**
 * Runs `fn` once when `signal` aborts, and at once (synchronously) when it already has
 * (Go: `context.AfterFunc`). Use it instead of `signal.addEventListener('abort', …)` after an
 * `await`: an abort that came while awaiting has already fired its event, and a plain listener
 * would wait forever. Returns `stop`, which removes the listener and reports whether it did
 * so before `fn` ran (Go's `stop()` result).
 */
export function afterAbort(signal: AbortSignal, fn: () => void): () => boolean {
  let ran = false;
  const run = (): void => {
    if (ran) return;
    ran = true;
    fn();
  };
  if (signal.aborted) {
    run();
    return () => false;
  }
  signal.addEventListener('abort', run, { once: true });
  return () => {
    signal.removeEventListener('abort', run);
    if (ran) return false;
    ran = true;
    return true;
  };
}
