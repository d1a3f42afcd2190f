import { FatalBuildError, whenFatal } from './fatal.js';
import { errorText, goQuote, toError } from './go-format.js';
import { log, tell } from './log.js';
import { runStep, stepName, type Step, type StepAction } from './step.js';
import type { BaseState, StateBag } from './state-bag.js';

/** How a run ended, read from the state bag after all cleanups ran. */
export interface RunResult {
  /** State `error`: what made the run halt, if a step recorded or threw one. */
  readonly error?: Error;
  /** State `halted` is set: a step halted (or threw). */
  readonly halted: boolean;
  /** State `cancelled` is set: the signal aborted during the run. */
  readonly cancelled: boolean;
  /** Errors thrown by `cleanup` methods, in the order they happened (the run goes on after them). */
  readonly cleanupErrors: readonly Error[];
}

/** Runs steps with a state bag (Go: multistep.Runner). */
export interface Runner<S extends BaseState = BaseState> {
  /** Runs the steps; resolves after every cleanup ran. Never rejects for a step's failure. */
  run(state: StateBag<S>, signal?: AbortSignal): Promise<RunResult>;
}

/** The state bag as the runner writes it (its own keys exist in every `S extends BaseState`). */
export function baseOf<S extends BaseState>(state: StateBag<S>): StateBag<BaseState> {
  return state as unknown as StateBag<BaseState>;
}

/** A signal that never aborts, for callers that do not pass one. */
export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}

/**
 * Runs the steps in order (Go: multistep.BasicRunner).
 *
 * - Stops when a step resolves `'halt'` (state `halted` is put), when a step throws (the error
 *   goes to state `error`, then as halt), or when `signal` aborts (state `cancelled` is put at
 *   once; the running step is awaited, it should honour the signal).
 * - When `signal` aborts with a {@link FatalBuildError} (the plugin caught an unhandled
 *   rejection, a throw in a callback or `process.exit()`), the running step is not awaited any
 *   longer and the error goes to state `error`.
 * - Then runs `cleanup` of every step whose `run` started, in reverse order, also after a throw
 *   or an abort. A cleanup that throws is reported (state `ui` if present, and the log) and
 *   collected in `cleanupErrors`; the remaining cleanups still run.
 */
export class BasicRunner<S extends BaseState = BaseState> implements Runner<S> {
  readonly steps: readonly Step<S>[];
  #running = false;

  constructor(steps: readonly Step<S>[]) {
    this.steps = [...steps];
  }

  async run(state: StateBag<S>, signal: AbortSignal = neverAborted()): Promise<RunResult> {
    if (this.#running) {
      throw new Error('this runner is already running: create one runner per run of the steps');
    }
    this.#running = true;
    const bag = baseOf(state);
    // Like Go's watcher goroutine: mark the bag as soon as the signal aborts, until all cleanups ran.
    const onAbort = (): void => {
      bag.put('cancelled', true);
      if (signal.reason instanceof FatalBuildError && !bag.has('error')) bag.put('error', signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    const fatal = whenFatal(signal);
    // a fatal error declared after another abort (e.g. Ctrl-C, then a crash) is the run's error too
    const fatalHalt = fatal.promise.then((error): StepAction => {
      if (!bag.has('error')) bag.put('error', error);
      bag.put('cancelled', true);
      return 'halt';
    });
    const started: Step<S>[] = [];
    const cleanupErrors: Error[] = [];
    try {
      for (const step of this.steps) {
        if (signal.aborted) {
          bag.put('cancelled', true);
          break;
        }
        started.push(step);
        const action = await Promise.race([runStep(step, state, signal), fatalHalt]);
        if (bag.has('cancelled')) break;
        if (action === 'halt') {
          bag.put('halted', true);
          break;
        }
      }
    } finally {
      for (const step of started.reverse()) {
        if (!step.cleanup) continue;
        try {
          await step.cleanup(state);
        } catch (error) {
          const failure = toError(error);
          cleanupErrors.push(failure);
          const message = `Error cleaning up step ${goQuote(stepName(step))}: ${errorText(failure)}`;
          log(message);
          const ui = bag.get('ui');
          if (ui) await tell(ui, 'error', message);
        }
      }
      signal.removeEventListener('abort', onAbort);
      fatal.dispose();
      this.#running = false;
    }
    return {
      ...(bag.has('error') ? { error: bag.get('error') } : {}),
      halted: bag.has('halted'),
      cancelled: bag.has('cancelled'),
      cleanupErrors,
    };
  }
}
