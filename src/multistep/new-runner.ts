import type { OnErrorMode } from '../config/common.js';
import type { Ui } from '../sdk/ui.js';
import { BasicRunner, baseOf, type Runner } from './basic-runner.js';
import type { DebugPauseFn } from './debug-location.js';
import { debugPauseViaUi } from './debug-pause-ui.js';
import { DebugRunner } from './debug-runner.js';
import { AbortStep, AskStep } from './on-error.js';
import type { Step } from './step.js';
import type { BaseState, StateBag } from './state-bag.js';

/** Options of {@link newRunner}: the builder's `packerOnError`/`packerDebug` and its Ui. */
export interface NewRunnerOptions {
  /** `packer build -on-error=…` (config `packerOnError`); `''`/absent means cleanup. */
  readonly onError?: OnErrorMode;
  /** `packer build -debug` (config `packerDebug`): pause between steps. */
  readonly debug?: boolean;
  /** The build's Ui: receives the on-error messages and the debug questions. */
  readonly ui: Ui;
}

/** The runner and, with `debug`, the pause function it uses. */
export interface NewRunnerResult<S extends BaseState> {
  readonly runner: Runner<S>;
  readonly pauseFn?: DebugPauseFn;
}

function wrapForOnError<S extends BaseState>(
  steps: readonly Step<S>[],
  onError: OnErrorMode,
  ui: Ui,
): Step<S>[] {
  switch (onError) {
    case '':
    case 'cleanup':
      return [...steps];
    case 'abort':
      return steps.map((step) => new AbortStep(step, false, ui));
    case 'ask':
      return steps.map((step) => new AskStep(step, ui));
    case 'run-cleanup-provisioner':
      return steps.map((step) => new AbortStep(step, true, ui));
    default: {
      const unknown: never = onError;
      throw new Error(
        `unknown on-error mode ${JSON.stringify(unknown)}: use "cleanup", "abort", "ask" or "run-cleanup-provisioner"`,
      );
    }
  }
}

function build<S extends BaseState>(
  steps: readonly Step<S>[],
  options: NewRunnerOptions,
): NewRunnerResult<S> {
  const wrapped = wrapForOnError(steps, options.onError ?? '', options.ui);
  if (options.debug) {
    const pauseFn = debugPauseViaUi(options.ui);
    return { runner: new DebugRunner<S>(wrapped, pauseFn), pauseFn };
  }
  return { runner: new BasicRunner<S>(wrapped) };
}

/**
 * A runner for a builder's steps with Packer 1.6.6's `-on-error` and `-debug` behaviour
 * (Go: commonsteps.NewRunner): `cleanup` runs every cleanup; `abort` skips cleanups after a
 * failure; `run-cleanup-provisioner` skips them too but still runs the error-cleanup-provisioner
 * through StepProvision; `ask` asks what to do after a failed step; `debug` pauses via the Ui.
 */
export function newRunner<S extends BaseState>(
  steps: readonly Step<S>[],
  options: NewRunnerOptions,
): Runner<S> {
  return build(steps, options).runner;
}

/**
 * Like {@link newRunner}, and with `debug` also puts the pause function in state `pauseFn`
 * so steps can pause themselves (Go: commonsteps.NewRunnerWithPauseFn).
 */
export function newRunnerWithPauseFn<S extends BaseState>(
  steps: readonly Step<S>[],
  options: NewRunnerOptions,
  state: StateBag<S>,
): Runner<S> {
  const { runner, pauseFn } = build(steps, options);
  if (pauseFn) baseOf(state).put('pauseFn', pauseFn);
  return runner;
}
