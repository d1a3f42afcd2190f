import type { Communicator } from '../sdk/communicator.js';
import type { Hook } from '../sdk/hook.js';
import type { Ui } from '../sdk/ui.js';
import type { DebugPauseFn } from './debug-location.js';

/**
 * What a builder's steps may put in `generated_data`/`communicator_config` for the provision hook
 * (Go: the fields PopulateProvisionHookData reads from `*communicator.Config`).
 */
export interface CommunicatorHookInfo {
  /** `ssh`, `winrm`, `none`, … (Go: Config.Type → `ConnType`). */
  readonly type: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly sshPublicKey?: string;
  readonly sshPrivateKey?: string;
  readonly sshPrivateKeyFile?: string;
  readonly sshAgentAuth?: boolean;
  readonly winrmPassword?: string;
}

/**
 * The state keys Packer's SDK and its common steps use, under their Go names
 * (`state.Put("instance_id", …)` in Go is `state.put('instance_id', …)` here).
 * A plugin's state extends this: `interface MyState extends BaseState { config: Config }`.
 */
export interface BaseState {
  /** The build's Ui (put by the builder before running the steps). */
  ui: Ui;
  /** The build's Hook (put by the builder; StepProvision runs provisioners through it). */
  hook: Hook;
  /** The error that made the run halt (Go: `state.Put("error", err)`). */
  error: Error;
  /** Set by the runner when the run's signal aborted (Go: multistep.StateCancelled). */
  cancelled: boolean;
  /** Set by the runner when a step halted (Go: multistep.StateHalted). */
  halted: boolean;
  /** Set by `-on-error=ask` when the user answered `a` (abort without cleanup). */
  aborted: boolean;
  /** Set once the `-on-error` handling printed why the build stops. */
  abort_step_logged: boolean;
  /** `packer build -debug` (builders put their config's packerDebug here). */
  debug: boolean;
  /** The communicator the provisioners use (Go: `state.Put("communicator", comm)`). */
  communicator: Communicator;
  /** Connection details the provision hook data reports (Go: `communicator_config`). */
  communicator_config: CommunicatorHookInfo;
  /** The id of the machine being built; the provision hook data reports it as `ID`. */
  instance_id: string;
  /** Build variables (`build.X`); StepProvision adds the SDK's keys and passes it to the hook. */
  generated_data: Record<string, unknown>;
  /** Address of the build's HTTP server, if the builder runs one (`PackerHTTPIP`). */
  http_ip: string;
  /** Port of the build's HTTP server (`PackerHTTPPort`). */
  http_port: number;
  /** The `-debug` pause function (put by newRunnerWithPauseFn). */
  pauseFn: DebugPauseFn;
}

/** Reads a key for error messages, whatever its type. */
function keyText(key: PropertyKey): string {
  return typeof key === 'symbol' ? key.toString() : JSON.stringify(String(key));
}

/**
 * The state shared by the steps of a run (Go: multistep.StateBag), typed by `S`.
 * A key counts as present once `put` was called with it, even with `undefined` (Go's GetOk).
 */
export class StateBag<S extends object = BaseState> {
  readonly #data = new Map<PropertyKey, unknown>();

  /** Starts the bag with the given entries (those with an `undefined` value are skipped). */
  constructor(initial?: Partial<S>) {
    if (initial) {
      for (const key of Object.keys(initial) as (keyof S)[]) {
        const value = initial[key];
        if (value !== undefined) this.#data.set(key, value);
      }
    }
  }

  /** The value under `key`, or `undefined` when it was never put (Go: Get). */
  get<K extends keyof S>(key: K): S[K] | undefined {
    return this.#data.get(key) as S[K] | undefined;
  }

  /** Whether `key` was put (Go: the `ok` of GetOk). */
  has(key: keyof S): boolean {
    return this.#data.has(key);
  }

  /** Stores `value` under `key` (Go: Put). */
  put<K extends keyof S>(key: K, value: S[K]): void {
    this.#data.set(key, value);
  }

  /** Removes `key` (Go: Remove). */
  delete(key: keyof S): void {
    this.#data.delete(key);
  }

  /** The value under `key`; throws naming the key when nothing was put there. */
  require<K extends keyof S>(key: K): S[K] {
    if (!this.#data.has(key)) {
      throw new Error(
        `state ${keyText(key)} is not set: put it in the state bag (state.put(${keyText(key)}, …)) ` +
          'before running the step that needs it',
      );
    }
    return this.#data.get(key) as S[K];
  }

  /** The keys currently present, in insertion order. */
  keys(): PropertyKey[] {
    return [...this.#data.keys()];
  }
}
