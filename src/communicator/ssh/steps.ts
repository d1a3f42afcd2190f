/**
 * The communicator steps of Go's SDK: StepSSHKeyGen (a temporary key pair), StepConnect /
 * StepConnectSSH (wait for SSH, put the communicator in state) and StepCleanupTempKeys.
 */
import { readFileSync } from 'node:fs';
import { baseOf } from '../../multistep/basic-runner.js';
import { errorText, toError } from '../../multistep/go-format.js';
import { log, tell } from '../../multistep/log.js';
import type { BaseState, StateBag } from '../../multistep/state-bag.js';
import type { Step, StepAction } from '../../multistep/step.js';
import { afterAbort } from '../../multistep/abort-race.js';
import { registerSecrets } from '../../secrets/index.js';
import { expandUser, type PreparedCommunicatorConfig } from './config.js';
import { isAuthenticationError, SSHCommunicator, type SSHAuth, type SSHConnectOptions } from './communicator.js';
import { generateKeyPair, publicKeyLine } from './keys.js';

/** State keys the SSH steps use, beside the SDK's (a plugin's state extends this). */
export interface SSHState extends BaseState {
  /** The private key the connect step authenticates with, OpenSSH/PEM text (Go: config.SSHPrivateKey). */
  ssh_private_key: string;
  /** Its authorized_keys line, for the builder to inject into the machine (Go: config.SSHPublicKey). */
  ssh_public_key: string;
}

/** Where to connect: the host (and port) from state, like Go's `Host`/`SSHPort` funcs. */
export type HostFunc<S extends BaseState> = (state: StateBag<S>) => string | Promise<string>;
export type PortFunc<S extends BaseState> = (state: StateBag<S>) => number | Promise<number>;

/**
 * Generates a temporary key pair unless `ssh_private_key_file` is set (Go: StepSSHKeyGen):
 * says `Using existing SSH private key` or `Creating temporary RSA SSH key for instance...`,
 * and puts `ssh_private_key` / `ssh_public_key` in state for the builder to inject.
 */
export class StepSSHKeyGen<S extends SSHState = SSHState> implements Step<S> {
  readonly name: string = 'StepSSHKeyGen';
  constructor(readonly config: PreparedCommunicatorConfig) {}

  async run(state: StateBag<S>): Promise<StepAction> {
    const bag = state as unknown as StateBag<SSHState>;
    const ui = bag.require('ui');
    const c = this.config;
    if (c.privateKeyFile !== '') {
      await tell(ui, 'say', 'Using existing SSH private key');
      let key: string;
      try {
        key = readFileSync(expandUser(c.privateKeyFile), 'utf8');
        bag.put('ssh_public_key', await publicKeyLine(key));
      } catch (error) {
        bag.put('error', new Error(`Error on reading SSH private key: ${errorText(error)}`));
        return 'halt';
      }
      registerSecrets([key]);
      bag.put('ssh_private_key', key);
      return 'continue';
    }
    await tell(ui, 'say', `Creating temporary ${c.temporaryKeyPairType.toUpperCase()} SSH key for instance...`);
    try {
      const pair = await generateKeyPair(c.temporaryKeyPairType, {
        bits: c.temporaryKeyPairBits,
        comment: c.temporaryKeyPairName,
      });
      registerSecrets([pair.privateKey]);
      bag.put('ssh_private_key', pair.privateKey);
      bag.put('ssh_public_key', pair.publicKey);
    } catch (error) {
      const err = new Error(`Error creating temporary SSH key: ${errorText(error).replace(/^Error creating temporary SSH key: /, '')}`);
      bag.put('error', err);
      await tell(ui, 'error', err.message);
      return 'halt';
    }
    return 'continue';
  }
}

/** Options of {@link StepConnect} (Go: StepConnect's Host/SSHPort funcs). */
export interface StepConnectOptions<S extends BaseState> {
  readonly config: PreparedCommunicatorConfig;
  /** The host to connect to; default `ssh_host` (an error while it is empty). */
  readonly host?: HostFunc<S>;
  /** The port; default `ssh_port`. */
  readonly port?: PortFunc<S>;
  /** ms between tries (Go: 5 s); tests may shorten it. */
  readonly retryDelayMs?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(true);
    }, ms);
    const stop = afterAbort(signal, () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** The authentication methods of Go's SSHConfigFunc, in its order: agent, keys, password. */
export function sshAuthMethods(config: PreparedCommunicatorConfig, statePrivateKey?: string): SSHAuth[] {
  const auth: SSHAuth[] = [];
  if (config.agentAuth) {
    const socket = process.env['SSH_AUTH_SOCK'];
    if (socket === undefined || socket === '') {
      throw new Error('Cannot connect to SSH Agent: SSH_AUTH_SOCK is not set (ssh_agent_auth = true needs a running ssh-agent)');
    }
    auth.push({ type: 'agent', socket });
  }
  if (config.privateKeyFile !== '') {
    try {
      auth.push({ type: 'publickey', key: readFileSync(expandUser(config.privateKeyFile)) });
    } catch (error) {
      throw new Error(`Error on reading SSH private key: ${errorText(error)}`);
    }
  }
  if (statePrivateKey) auth.push({ type: 'publickey', key: statePrivateKey });
  if (config.privateKey) auth.push({ type: 'publickey', key: config.privateKey });
  if (config.password !== '') auth.push({ type: 'password', password: config.password });
  return auth;
}

/**
 * Waits for SSH and puts the communicator in state (Go: StepConnect + StepConnectSSH).
 * Says `Using SSH communicator to connect: <host>`, `Waiting for SSH to become available...`,
 * `Connected to SSH!`; tries every 5 s until `ssh_timeout` (`Timeout waiting for SSH.`, with
 * the last attempt's error) or until `ssh_handshake_attempts` authentication failures (Go's
 * "Packer experienced an authentication error…"). Failures to build the auth (no agent) do
 * not count as attempts (S3). Ctrl-C stops waiting at once. `communicator = "none"`: nothing.
 * Cleanup closes the connection.
 */
export class StepConnect<S extends SSHState = SSHState> implements Step<S> {
  readonly name: string = 'StepConnect';
  readonly options: StepConnectOptions<S>;
  #comm: SSHCommunicator | undefined;

  constructor(options: StepConnectOptions<S>) {
    this.options = options;
  }

  async run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    const bag = state as unknown as StateBag<SSHState>;
    const ui = bag.require('ui');
    const c = this.options.config;
    if (c.type === 'none') {
      log('[INFO] communicator disabled, will not connect');
      return 'continue';
    }
    try {
      const host = await this.#host(state);
      await tell(ui, 'say', `Using SSH communicator to connect: ${host}`);
    } catch (error) {
      log(`[DEBUG] Unable to get address during connection step: ${errorText(error)}`);
    }
    let action = await this.#connectSSH(state, signal);
    if (action === 'halt') return action;
    if (c.pauseBeforeConnectMs > 0) {
      await tell(ui, 'say', `Pausing ${formatMs(c.pauseBeforeConnectMs)} before connecting...`);
      if (!(await sleep(c.pauseBeforeConnectMs, signal))) return 'halt';
      this.#comm?.close();
      action = await this.#connectSSH(state, signal);
    }
    return action;
  }

  async cleanup(): Promise<void> {
    this.#comm?.close();
    this.#comm = undefined;
  }

  async #host(state: StateBag<S>): Promise<string> {
    if (this.options.host) return this.options.host(state);
    if (this.options.config.host === '') throw new Error('ssh_host is not set and the builder gave no host');
    return this.options.config.host;
  }

  async #connectSSH(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    const bag = state as unknown as StateBag<SSHState>;
    const ui = bag.require('ui');
    const c = this.options.config;
    await tell(ui, 'say', 'Waiting for SSH to become available...');
    log(`[INFO] Waiting for SSH, up to timeout: ${formatMs(c.timeoutMs)}`);
    const wait = new AbortController();
    // after the await above: a Ctrl-C that came during the Say has already fired
    const stopWatching = afterAbort(signal, () => wait.abort());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      if (c.timeoutMs > 0) timer = setTimeout(() => resolve('timeout'), c.timeoutMs);
    });
    const lastError: { value?: unknown } = {};
    try {
      const outcome = await Promise.race([this.#waitForSSH(state, wait.signal, lastError), timedOut]);
      if (outcome === 'timeout') {
        wait.abort();
        const last = lastError.value === undefined ? '' : ` Last attempt: ${errorText(lastError.value)}`;
        const err = new Error(`Timeout waiting for SSH.${last}`);
        bag.put('error', err);
        await tell(ui, 'error', err.message);
        return 'halt';
      }
      this.#comm = outcome;
      await tell(ui, 'say', 'Connected to SSH!');
      bag.put('communicator', outcome);
      return 'continue';
    } catch (error) {
      if (signal.aborted) {
        log('[WARN] Interrupt detected, quitting waiting for SSH.');
        return 'halt';
      }
      const err = toError(error);
      await tell(ui, 'error', `Error waiting for SSH: ${err.message}`);
      bag.put('error', err);
      return 'halt';
    } finally {
      clearTimeout(timer);
      stopWatching();
    }
  }

  async #waitForSSH(state: StateBag<S>, signal: AbortSignal, lastError: { value?: unknown }): Promise<SSHCommunicator> {
    const bag = state as unknown as StateBag<SSHState>;
    const c = this.options.config;
    const delay = this.options.retryDelayMs ?? 5000;
    let attempts = 0;
    let first = true;
    for (;;) {
      if (!first && !(await sleep(delay, signal))) {
        log('[DEBUG] SSH wait cancelled. Exiting loop.');
        throw new Error('SSH wait cancelled');
      }
      first = false;
      let host: string;
      let port = c.port;
      try {
        host = await this.#host(state);
        if (this.options.port) port = await this.options.port(state);
      } catch (error) {
        lastError.value = error;
        log(`[DEBUG] Error getting SSH address: ${errorText(error)}`);
        continue;
      }
      bag.put('communicator_config', {
        type: 'ssh',
        host,
        port,
        user: c.username,
        password: c.password,
        sshPublicKey: bag.get('ssh_public_key') ?? '',
        sshPrivateKey: bag.get('ssh_private_key') ?? '',
        sshPrivateKeyFile: c.privateKeyFile,
        sshAgentAuth: c.agentAuth,
      });
      let auth: SSHAuth[];
      let bastionAuth: SSHAuth[] | undefined;
      try {
        auth = sshAuthMethods(c, bag.get('ssh_private_key'));
        if (c.bastion) {
          bastionAuth = sshAuthMethods({
            ...c,
            agentAuth: c.bastion.agentAuth,
            privateKeyFile: c.bastion.privateKeyFile,
            password: c.bastion.password,
            privateKey: undefined,
          } as PreparedCommunicatorConfig);
        }
      } catch (error) {
        lastError.value = error;
        log(`[DEBUG] Error getting SSH config: ${errorText(error)}`);
        continue;
      }
      if (c.proxy) {
        throw new Error(`ssh_proxy_host is set (${c.proxy.host}:${c.proxy.port}), but this SDK cannot connect through a SOCKS proxy; use ssh_bastion_host`);
      }
      const options: SSHConnectOptions = {
        host,
        port,
        username: c.username,
        auth,
        pty: c.pty,
        fileTransferMethod: c.fileTransferMethod,
        keepAliveIntervalMs: c.keepAliveIntervalMs,
        readWriteTimeoutMs: c.readWriteTimeoutMs,
        agentForwarding: !c.disableAgentForwarding,
        ciphers: c.ciphers,
        kexAlgorithms: c.kexAlgorithms,
        ...(c.bastion && bastionAuth
          ? { bastion: { host: c.bastion.host, port: c.bastion.port, username: c.bastion.username, auth: bastionAuth } }
          : {}),
      };
      log(`[INFO] Attempting SSH connection to ${host}:${port}...`);
      try {
        return await SSHCommunicator.connect(options, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        lastError.value = error;
        log(`[DEBUG] SSH handshake err: ${errorText(error)}`);
        let failure: Error = toError(error);
        if (isAuthenticationError(error)) {
          log('[DEBUG] Detected authentication error. Increasing handshake attempts.');
          failure = new Error(
            'Packer experienced an authentication error when trying to connect via SSH. This can happen if your ' +
              'username/password are wrong. You may want to double-check your credentials as part of your debugging ' +
              `process. original error: ${errorText(error)}`,
          );
          attempts += 1;
        }
        if (c.handshakeAttempts > 0 && attempts >= c.handshakeAttempts) throw failure;
        if (!(await sleep(Math.min(2000, delay), signal))) throw new Error('SSH wait cancelled');
      }
    }
  }
}

/**
 * Removes the temporary key from `~/.ssh/authorized_keys` and root's when
 * `ssh_clear_authorized_keys` is set (Go: commonsteps.StepCleanupTempKeys). Failures are logged.
 */
export class StepCleanupTempKeys<S extends SSHState = SSHState> implements Step<S> {
  readonly name: string = 'StepCleanupTempKeys';
  constructor(readonly config: PreparedCommunicatorConfig) {}

  async run(state: StateBag<S>, signal: AbortSignal): Promise<StepAction> {
    const c = this.config;
    if (!c.clearAuthorizedKeys || c.type !== 'ssh' || c.temporaryKeyPairName === '') return 'continue';
    const bag = baseOf(state);
    const comm = bag.require('communicator');
    await tell(bag.require('ui'), 'say', 'Trying to remove ephemeral keys from authorized_keys files');
    const name = c.temporaryKeyPairName;
    for (const command of [
      `sed -i.bak '/ ${name}$/d' ~/.ssh/authorized_keys; rm ~/.ssh/authorized_keys.bak`,
      `sudo sed -i.bak '/ ${name}$/d' /root/.ssh/authorized_keys; sudo rm /root/.ssh/authorized_keys.bak`,
    ]) {
      try {
        const running = await comm.start({ command }, signal);
        const code = await running.exitStatus;
        if (code !== 0) log(`Error cleaning up authorized_keys (exit ${code}); please clean up keys manually`);
      } catch (error) {
        log(`Error cleaning up authorized_keys; please clean up keys manually: ${errorText(error)}`);
      }
    }
    return 'continue';
  }
}

/** Go's time.Duration.String() for whole ms values (`5m0s`, `20s`, `1.5s`). */
export function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h === 0 && m === 0 && ms < 1000) return `${ms}ms`;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}
