/** Multistep: run a builder's steps with cleanup, `-on-error` and `-debug` (Go: packer-plugin-sdk/multistep). */
export { afterAbort, raceWithAbort, type RaceOutcome } from './abort-race.js';
export { BasicRunner, baseOf, neverAborted, type RunResult, type Runner } from './basic-runner.js';
export type { DebugLocation, DebugPauseFn } from './debug-location.js';
export { debugPauseMessage, debugPauseViaUi } from './debug-pause-ui.js';
export { DebugRunner } from './debug-runner.js';
export { declareFatal, FatalBuildError, whenFatal } from './fatal.js';
export { errorText, goQuote, toError } from './go-format.js';
export {
  newRunner,
  newRunnerWithPauseFn,
  type NewRunnerOptions,
  type NewRunnerResult,
} from './new-runner.js';
export {
  ASK_PROMPT,
  AbortStep,
  AskStep,
  askAfterFailure,
  askPrompt,
  handleAbortsAndInterrupts,
  type AskResponse,
} from './on-error.js';
export { StateBag, type BaseState, type CommunicatorHookInfo } from './state-bag.js';
export { isCancellation, runStep, stepName, type Step, type StepAction } from './step.js';
export {
  HTTP_ADDR_NOT_IMPLEMENTED,
  HTTP_IP_NOT_IMPLEMENTED,
  HTTP_PORT_NOT_IMPLEMENTED,
  ID_NOT_IMPLEMENTED,
  StepProvision,
  populateProvisionHookData,
  type StepProvisionOptions,
} from './step-provision.js';
