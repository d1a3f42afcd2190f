import type { Ui } from '../sdk/ui.js';
import { raceWithAbort } from './abort-race.js';
import { baseOf } from './basic-runner.js';
import { errorText, goQuote } from './go-format.js';
import { log, tell } from './log.js';
import { runStep, stepName, type Step, type StepAction } from './step.js';
import { StepProvision } from './step-provision.js';
import type { BaseState, StateBag } from './state-bag.js';

/** The question `-on-error=ask` asks after a step failed (Go: askPrompt). */
export const ASK_PROMPT =
  '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';

/** An answer to {@link ASK_PROMPT}. */
export type AskResponse = 'cleanup' | 'abort' | 'retry';

/**
 * Decides whether the cleanup of `name` runs under `-on-error=abort|ask` and prints why not
 * (Go: handleAbortsAndInterupts). The first call prints state `error` and `Interrupted,
 * aborting...` or `Step "X" failed, aborting...`; later calls print `aborted: skipping cleanup
 * of step "X"`. Resolves `true` when the run was neither cancelled nor halted.
 */
export async function handleAbortsAndInterrupts<S extends BaseState>(
  state: StateBag<S>,
  ui: Ui,
  name: string,
): Promise<boolean> {
  const bag = baseOf(state);
  const alreadyLogged = bag.has('abort_step_logged');
  const error = bag.get('error');
  if (bag.has('error') && !alreadyLogged) {
    await tell(ui, 'error', error ? errorText(error) : String(error));
    bag.put('abort_step_logged', true);
  }
  if (bag.has('cancelled')) {
    if (!alreadyLogged) {
      await tell(ui, 'error', 'Interrupted, aborting...');
      bag.put('abort_step_logged', true);
    } else {
      await tell(ui, 'error', `aborted: skipping cleanup of step ${goQuote(name)}`);
    }
    return false;
  }
  if (bag.has('halted')) {
    if (!alreadyLogged) {
      await tell(ui, 'error', `Step ${goQuote(name)} failed, aborting...`);
      bag.put('abort_step_logged', true);
    } else {
      await tell(ui, 'error', `aborted: skipping cleanup of step ${goQuote(name)}`);
    }
    return false;
  }
  return true;
}

/** Whether `step` is the provisioning step (Go compares the type name with StepProvision). */
function isProvisionStep(step: object): boolean {
  return step instanceof StepProvision || stepName(step) === 'StepProvision';
}

/**
 * `-on-error=abort` and `run-cleanup-provisioner` (Go: abortStep): runs the step as is; its
 * cleanup is skipped after a failure or an interrupt, except that with `cleanupProvisioner`
 * the StepProvision cleanup (which runs the `error-cleanup-provisioner`) always runs.
 */
export class AbortStep<S extends BaseState = BaseState> implements Step<S> {
  readonly name: string;

  constructor(
    readonly inner: Step<S>,
    readonly cleanupProvisioner: boolean,
    readonly ui: Ui,
  ) {
    this.name = stepName(inner);
  }

  run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    return this.inner.run(state, signal);
  }

  async cleanup(state: StateBag<S>): Promise<void> {
    if (this.cleanupProvisioner && isProvisionStep(this.inner)) {
      await this.inner.cleanup?.(state);
      return;
    }
    if (!(await handleAbortsAndInterrupts(state, this.ui, this.name))) return;
    await this.inner.cleanup?.(state);
  }
}

/**
 * Asks {@link ASK_PROMPT} until the answer starts with `c`, `a` or `r` (case-insensitive; an
 * empty answer or a failed ask means `c`), saying `Incorrect input: "…"` otherwise
 * (Go: askPrompt). Stops asking once `signal` aborts.
 */
export async function askPrompt(ui: Ui, signal: AbortSignal): Promise<AskResponse> {
  for (;;) {
    let line = '';
    try {
      line = await ui.ask(ASK_PROMPT);
    } catch (error) {
      log(`Error asking for input: ${errorText(error)}`);
    }
    const first = `${line.toLowerCase()}c`[0];
    if (first === 'c') return 'cleanup';
    if (first === 'a') return 'abort';
    if (first === 'r') return 'retry';
    if (signal.aborted) return 'cleanup';
    await tell(ui, 'say', `Incorrect input: ${goQuote(line)}`);
  }
}

/**
 * Says `Step "X" failed` and asks what to do (Go: ask); a cancelled run answers `cleanup`
 * without waiting (Go polls state `cancelled`; here the signal's abort ends the wait).
 */
export async function askAfterFailure<S extends BaseState>(
  ui: Ui,
  name: string,
  state: StateBag<S>,
  signal: AbortSignal,
): Promise<AskResponse> {
  await tell(ui, 'say', `Step ${goQuote(name)} failed`);
  if (baseOf(state).has('cancelled') || signal.aborted) return 'cleanup';
  const outcome = await raceWithAbort(askPrompt(ui, signal), signal);
  return outcome.aborted ? 'cleanup' : outcome.value;
}

/**
 * `-on-error=ask` (Go: askStep): when the step halts (or throws), prints state `error`, says
 * `Step "X" failed` and asks: `c` halts with normal cleanup, `a` puts state `aborted` and halts
 * (cleanups then go through {@link handleAbortsAndInterrupts} and are skipped), `r` runs the step
 * again (state `error` from the failed attempt stays).
 */
export class AskStep<S extends BaseState = BaseState> implements Step<S> {
  readonly name: string;

  constructor(
    readonly inner: Step<S>,
    readonly ui: Ui,
  ) {
    this.name = stepName(inner);
  }

  async run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    const bag = baseOf(state);
    for (;;) {
      const action = await runStep(this.inner, state, signal);
      if (action !== 'halt') return action;
      const error = bag.get('error');
      if (bag.has('error')) await tell(this.ui, 'error', error ? errorText(error) : String(error));
      switch (await askAfterFailure(this.ui, this.name, state, signal)) {
        case 'cleanup':
          return action;
        case 'abort':
          bag.put('aborted', true);
          return action;
        case 'retry':
          continue;
      }
    }
  }

  async cleanup(state: StateBag<S>): Promise<void> {
    if (baseOf(state).has('aborted')) {
      if (!(await handleAbortsAndInterrupts(state, this.ui, this.name))) return;
    }
    await this.inner.cleanup?.(state);
  }
}
