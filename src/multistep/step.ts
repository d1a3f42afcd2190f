import { toError } from './go-format.js';
import type { BaseState, StateBag } from './state-bag.js';

/** What a step tells the runner to do next (Go: multistep.ActionContinue / ActionHalt). */
export type StepAction = 'continue' | 'halt';

/**
 * One step of a build (Go: multistep.Step).
 *
 * - `run` does the work; `signal` aborts when the build is cancelled. Resolve to `'halt'`
 *   (after `state.put('error', …)`) or throw to stop the run; the runner records a thrown
 *   error in state `error`.
 * - `cleanup` runs in reverse order for every step whose `run` started, whether the run
 *   succeeded, halted, threw or was cancelled.
 * - `name` is what messages and `-debug` pauses show; it defaults to the class name. Set it
 *   explicitly if the plugin is bundled with a minifier that renames classes.
 */
export interface Step<S extends BaseState = BaseState> {
  readonly name?: string;
  run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction>;
  cleanup?(state: StateBag<S>): Promise<void>;
}

/** The name a step is shown under: its `name`, else its class name (Go: reflect type name). */
export function stepName(step: object): string {
  const own = (step as { name?: unknown }).name;
  if (typeof own === 'string' && own !== '') return own;
  const ctor = (step as { constructor?: { name?: unknown } }).constructor;
  if (ctor && ctor !== Object && typeof ctor.name === 'string' && ctor.name !== '') return ctor.name;
  return 'anonymous step';
}

/** Whether `error` is the cancellation of `signal` rather than a failure of the step. */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Runs one step the way the runners do: a thrown error is recorded in state `error` and
 * turned into `'halt'`; an error that only reports the signal's abort is not recorded
 * (the runner marks the state `cancelled` instead).
 */
export async function runStep<S extends BaseState>(
  step: Step<S>,
  state: StateBag<S>,
  signal: AbortSignal,
): Promise<StepAction> {
  try {
    return await step.run(state, signal);
  } catch (error) {
    if (!isCancellation(error, signal)) state.put('error', toError(error));
    return 'halt';
  }
}
