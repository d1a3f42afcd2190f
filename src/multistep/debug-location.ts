import type { BaseState, StateBag } from './state-bag.js';

/**
 * Where a `-debug` pause happens (Go: multistep.DebugLocation): after the run of the named
 * step, or before its cleanup.
 */
export type DebugLocation = 'afterRun' | 'beforeCleanup';

/**
 * Called by the DebugRunner at every pause; the run continues when the promise settles
 * (Go: multistep.DebugPauseFn). `signal` aborts when the run is cancelled.
 */
export type DebugPauseFn = (
  location: DebugLocation,
  stepName: string,
  state: StateBag<BaseState>,
  signal: AbortSignal,
) => Promise<void>;
