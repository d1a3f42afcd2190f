import type { Communicator } from '../sdk/communicator.js';
import { HOOK_CLEANUP_PROVISION, HOOK_PROVISION } from '../sdk/hook.js';
import { raceWithAbort } from './abort-race.js';
import { baseOf, neverAborted } from './basic-runner.js';
import { errorText, toError } from './go-format.js';
import { log, tell } from './log.js';
import type { Step, StepAction } from './step.js';
import type { BaseState, StateBag } from './state-bag.js';

/** `ID` when the builder put no `instance_id` (Go SDK text). */
export const ID_NOT_IMPLEMENTED = 'ERR_ID_NOT_IMPLEMENTED_BY_BUILDER';
/** `PackerHTTPIP` when the builder runs no HTTP server (Go: HttpIPNotImplemented). */
export const HTTP_IP_NOT_IMPLEMENTED = 'ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER';
/** `PackerHTTPPort` when the builder runs no HTTP server (Go: HttpPortNotImplemented). */
export const HTTP_PORT_NOT_IMPLEMENTED = 'ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER';
/** `PackerHTTPAddr` when the builder runs no HTTP server (Go: HttpAddrNotImplemented). */
export const HTTP_ADDR_NOT_IMPLEMENTED = 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER';

/**
 * The data passed to the provision hook (Go: commonsteps.PopulateProvisionHookData): state
 * `generated_data` (updated in place, as in Go) plus `ID`, `PackerRunUUID`, `PackerHTTPIP`,
 * `PackerHTTPPort`, `PackerHTTPAddr` and, when state `communicator_config` is set, `Host`,
 * `Port`, `User`, `Password`, `ConnType`, `SSHPublicKey`, `SSHPrivateKey`, `SSHPrivateKeyFile`,
 * `SSHAgentAuth`, `WinRMPassword`.
 */
export function populateProvisionHookData<S extends BaseState>(state: StateBag<S>): Record<string, unknown> {
  const bag = baseOf(state);
  const hookData = bag.get('generated_data') ?? {};
  hookData['ID'] = bag.has('instance_id') ? bag.get('instance_id') : ID_NOT_IMPLEMENTED;
  hookData['PackerRunUUID'] = process.env['PACKER_RUN_UUID'] ?? '';
  hookData['PackerHTTPIP'] = HTTP_IP_NOT_IMPLEMENTED;
  hookData['PackerHTTPPort'] = HTTP_PORT_NOT_IMPLEMENTED;
  hookData['PackerHTTPAddr'] = HTTP_ADDR_NOT_IMPLEMENTED;
  const port = bag.get('http_port');
  const ip = bag.get('http_ip');
  if (bag.has('http_port')) hookData['PackerHTTPPort'] = String(port);
  if (bag.has('http_ip')) hookData['PackerHTTPIP'] = ip;
  if (bag.has('http_port') && bag.has('http_ip')) hookData['PackerHTTPAddr'] = `${ip}:${port}`;

  const comm = bag.get('communicator_config');
  if (!comm) {
    log('Unable to load communicator config from state to populate provisionHookData');
    return hookData;
  }
  hookData['Host'] = comm.host ?? '';
  hookData['Port'] = comm.port ?? 0;
  hookData['User'] = comm.user ?? '';
  hookData['Password'] = comm.password ?? '';
  hookData['ConnType'] = comm.type;
  hookData['SSHPublicKey'] = comm.sshPublicKey ?? '';
  hookData['SSHPrivateKey'] = comm.sshPrivateKey ?? '';
  hookData['SSHPrivateKeyFile'] = comm.sshPrivateKeyFile ?? '';
  hookData['SSHAgentAuth'] = comm.sshAgentAuth ?? false;
  hookData['WinRMPassword'] = comm.winrmPassword ?? '';
  return hookData;
}

/** Options of {@link StepProvision}. */
export interface StepProvisionOptions {
  /** The communicator to give the provisioners; default: state `communicator` (may be absent). */
  readonly communicator?: Communicator;
}

/**
 * Runs the provisioners (Go: commonsteps.StepProvision). Uses state `hook`, `ui`, and
 * `communicator` unless one is given; puts the hook data back in state `generated_data`.
 *
 * - run: `hook.run('packer_provision', …)`; a failure goes to state `error` and halts; a
 *   cancellation halts without waiting for the hook.
 * - cleanup: if state `error` is set (any step failed), says `Provisioning step had errors:
 *   Running the cleanup provisioner, if present...` and runs `hook.run('packer_cleanup_provision',
 *   …)`; a failure there replaces state `error` with `Cleanup failed: <e>. Original Provisioning
 *   error: <original>`.
 */
export class StepProvision<S extends BaseState = BaseState> implements Step<S> {
  readonly name: string = 'StepProvision';
  readonly communicator: Communicator | undefined;

  constructor(options: StepProvisionOptions = {}) {
    this.communicator = options.communicator;
  }

  run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    return this.#runWithHook(state, signal, HOOK_PROVISION);
  }

  async cleanup(state: StateBag<S>): Promise<void> {
    // Go runs the cleanup provisioner with context.Background(): it cannot be cancelled.
    if (baseOf(state).has('error')) await this.#runWithHook(state, neverAborted(), HOOK_CLEANUP_PROVISION);
  }

  async #runWithHook(state: StateBag<S>, signal: AbortSignal, hookName: string): Promise<StepAction> {
    const bag = baseOf(state);
    const communicator = this.communicator ?? bag.get('communicator');
    const hook = bag.require('hook');
    const ui = bag.require('ui');
    const hookData = populateProvisionHookData(state);
    bag.put('generated_data', hookData);

    if (hookName === HOOK_PROVISION) log('Running the provision hook');
    else
      await tell(ui, 'say', 'Provisioning step had errors: Running the cleanup provisioner, if present...');

    let outcome;
    try {
      outcome = await raceWithAbort(hook.run(hookName, ui, communicator, hookData, signal), signal);
    } catch (error) {
      if (signal.aborted) {
        log(`Cancelling provisioning due to cancellation: ${errorText(error)}`);
        return 'halt';
      }
      if (hookName === HOOK_PROVISION) {
        bag.put('error', toError(error));
      } else {
        const original = bag.get('error');
        bag.put(
          'error',
          new Error(
            `Cleanup failed: ${errorText(error)}. Original Provisioning error: ${original ? errorText(original) : ''}`,
          ),
        );
      }
      return 'halt';
    }
    if (outcome.aborted) {
      log('Cancelling provisioning due to cancellation');
      return 'halt';
    }
    return 'continue';
  }
}
