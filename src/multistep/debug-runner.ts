import { BasicRunner, neverAborted, baseOf, type RunResult, type Runner } from './basic-runner.js';
import type { DebugPauseFn } from './debug-location.js';
import { stepName, type Step, type StepAction } from './step.js';
import type { BaseState, StateBag } from './state-bag.js';

/** The pause inserted after each step; its cleanup pauses before the step's cleanup. */
class DebugStepPause<S extends BaseState> implements Step<S> {
  readonly name: string;

  constructor(
    private readonly stepName: string,
    private readonly pauseFn: DebugPauseFn,
    private readonly signal: AbortSignal,
  ) {
    this.name = `debug pause after ${stepName}`;
  }

  async run(state: StateBag<S>): Promise<StepAction> {
    await this.pauseFn('afterRun', this.stepName, baseOf(state), this.signal);
    return 'continue';
  }

  async cleanup(state: StateBag<S>): Promise<void> {
    await this.pauseFn('beforeCleanup', this.stepName, baseOf(state), this.signal);
  }
}

/**
 * Runs the steps like BasicRunner but calls `pauseFn` after each step's run and before its
 * cleanup (Go: multistep.DebugRunner). A step that halts gets no pauses (as in Go, its pause
 * step never started).
 */
export class DebugRunner<S extends BaseState = BaseState> implements Runner<S> {
  readonly steps: readonly Step<S>[];
  readonly pauseFn: DebugPauseFn;
  #running = false;

  constructor(steps: readonly Step<S>[], pauseFn: DebugPauseFn) {
    this.steps = [...steps];
    this.pauseFn = pauseFn;
  }

  async run(state: StateBag<S>, signal: AbortSignal = neverAborted()): Promise<RunResult> {
    if (this.#running) {
      throw new Error('this runner is already running: create one runner per run of the steps');
    }
    this.#running = true;
    try {
      const withPauses = this.steps.flatMap((step) => [
        step,
        new DebugStepPause<S>(stepName(step), this.pauseFn, signal),
      ]);
      return await new BasicRunner<S>(withPauses).run(state, signal);
    } finally {
      this.#running = false;
    }
  }
}
