import type { Ui } from '../sdk/ui.js';
import { raceWithAbort } from './abort-race.js';
import type { DebugLocation, DebugPauseFn } from './debug-location.js';
import { errorText } from './go-format.js';
import { log } from './log.js';

const LOCATION_TEXT: Record<DebugLocation, string> = {
  afterRun: 'after run of',
  beforeCleanup: 'before cleanup of',
};

/** The question a `-debug` pause asks (Go: MultistepDebugFn's message). */
export function debugPauseMessage(location: DebugLocation, stepName: string): string {
  return `Pausing ${LOCATION_TEXT[location]} step '${stepName}'. Press enter to continue.`;
}

/**
 * The `-debug` pause Packer's SDK uses (Go: commonsteps.MultistepDebugFn): asks
 * `Pausing after run of step 'X'. Press enter to continue.` (or `before cleanup of`) on the
 * Ui and continues when the answer comes, when asking fails (logged), or at once when the
 * run is cancelled (state `cancelled`, or the signal aborts while waiting).
 */
export function debugPauseViaUi(ui: Ui): DebugPauseFn {
  return async (location, stepName, state, signal) => {
    // Go still asks but stops waiting within 100ms once cancelled; we do not ask at all.
    if (state.has('cancelled') || signal.aborted) return;
    const answered = ui.ask(debugPauseMessage(location, stepName)).then(
      () => undefined,
      (error: unknown) => log(`Error asking for input: ${errorText(error)}`),
    );
    await raceWithAbort(answered, signal);
  };
}
