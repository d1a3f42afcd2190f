/**
 * Go's communicator `Config.Prepare` for {@link CommunicatorConfig}: defaults and the same checks,
 * as {@link ConfigProblem}s for the all-problems-at-once error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { parseDuration } from '../../config/duration.js';
import type { ConfigProblem } from '../../config/error.js';
import { parseKey } from './keys.js';
import { COMMUNICATOR_TYPES, type CommunicatorConfig } from './spec.js';

/** Go's communicator types this SDK does not offer (Go: communicator.Config.Prepare's switch). */
const GO_ONLY_COMMUNICATOR_TYPES: readonly string[] = ['winrm', 'docker', 'dockerWindowsContainer'];

export { ACCEPTED_WITHOUT_EFFECT, COMMUNICATOR_TYPES, communicatorSpecEntries, type CommunicatorConfig } from './spec.js';

/** {@link CommunicatorConfig} after {@link prepareCommunicatorConfig}: Go's defaults applied. */
export interface PreparedCommunicatorConfig {
  readonly type: 'ssh' | 'none';
  /** Milliseconds; 0 = none. */
  readonly pauseBeforeConnectMs: number;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly privateKeyFile: string;
  /** Already-read key bytes (`ssh_private_key`), if given. */
  readonly privateKey?: Buffer;
  readonly agentAuth: boolean;
  readonly disableAgentForwarding: boolean;
  /** Milliseconds; 0 = unlimited. */
  readonly timeoutMs: number;
  /** 0 = unlimited. */
  readonly handshakeAttempts: number;
  readonly pty: boolean;
  readonly fileTransferMethod: 'scp' | 'sftp';
  /** Milliseconds; ≤ 0 = off. */
  readonly keepAliveIntervalMs: number;
  /** Milliseconds; 0 = none. */
  readonly readWriteTimeoutMs: number;
  readonly ciphers: readonly string[];
  readonly kexAlgorithms: readonly string[];
  readonly clearAuthorizedKeys: boolean;
  readonly temporaryKeyPairName: string;
  readonly temporaryKeyPairType: string;
  readonly temporaryKeyPairBits: number;
  readonly bastion?: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly privateKeyFile: string;
    readonly agentAuth: boolean;
  };
  readonly proxy?: { readonly host: string; readonly port: number };
}

/** `~/x` → `$HOME/x` (Go: pathing.ExpandUser). */
export function expandUser(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return homedir() + path.slice(1);
  return path;
}

/** The checks Go makes on a key file: it exists and parses (Go: helperssh.FileSigner). */
async function checkKeyFile(setting: string, file: string): Promise<string | undefined> {
  const path = expandUser(file);
  if (!existsSync(path)) {
    return `${setting} is invalid: stat ${path}: no such file or directory`;
  }
  try {
    if (!statSync(path).isFile()) return `${setting} is invalid: ${path} is not a file`;
    await parseKey(readFileSync(path), path);
  } catch (error) {
    return `${setting} is invalid: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** A tunnel argument `[bind:]port:host:hostport` (Go: helperssh.ParseTunnelArgument). */
function checkTunnel(value: string): string | undefined {
  const parts = value.split(':');
  if (parts.length !== 3 && parts.length !== 4) {
    return `Tunnel argument should be of the form "[bind_address:]port:host:hostport", got ${JSON.stringify(value)}`;
  }
  const numeric = [parts[parts.length - 3], parts[parts.length - 1]];
  for (const n of numeric) {
    if (!/^\d+$/.test(n ?? '') || Number(n) > 65535) return `invalid port ${JSON.stringify(n)}`;
  }
  return undefined;
}

function durationMs(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  return parseDuration(value);
}

/**
 * Go's communicator `Config.Prepare`: applies the defaults (type `ssh`, port 22, `ssh_timeout`
 * 5m and `ssh_handshake_attempts` 10 only when neither is set, keep-alive 5s, scp, bastion port
 * 22 and its key from `ssh_private_key_file`, proxy port 1080, `ssh_wait_timeout` overriding
 * `ssh_timeout`) and returns every problem with Go's texts, plus the prepared settings.
 * Durations must already be valid Go durations (the decoder checks them).
 */
export async function prepareCommunicatorConfig(config: CommunicatorConfig): Promise<{
  problems: ConfigProblem[];
  prepared: PreparedCommunicatorConfig;
}> {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const type = config.communicator === undefined || config.communicator === '' ? 'ssh' : config.communicator;
  if (type !== 'ssh' && type !== 'none') {
    // Go's other types are real, only not here; anything else is a typo (Go: "Communicator type X is invalid")
    const goOnly = GO_ONLY_COMMUNICATOR_TYPES.includes(type);
    problem(
      'communicator',
      `Communicator type ${type} is invalid: communicator must be one of ${COMMUNICATOR_TYPES.map((t) => `"${t}"`).join(', ')}` +
        (goOnly ? ` (this plugin's SDK supports no ${JSON.stringify(type)} communicator)` : ''),
    );
  }

  let timeoutMs = durationMs(config.sshTimeout);
  let handshakeAttempts = config.sshHandshakeAttempts ?? 0;
  if (timeoutMs === 0 && handshakeAttempts === 0) {
    timeoutMs = 5 * 60_000;
    handshakeAttempts = 10;
  }
  if (config.sshWaitTimeout !== undefined && durationMs(config.sshWaitTimeout) !== 0) {
    timeoutMs = durationMs(config.sshWaitTimeout);
  }
  const keepAlive = config.sshKeepAliveInterval === undefined ? 0 : durationMs(config.sshKeepAliveInterval);
  const method = config.sshFileTransferMethod === undefined || config.sshFileTransferMethod === '' ? 'scp' : config.sshFileTransferMethod;
  const privateKeyFile = config.sshPrivateKeyFile ?? '';
  const certificateFile = config.sshCertificateFile ?? '';
  const bastionHost = config.sshBastionHost ?? '';
  let bastionKeyFile = config.sshBastionPrivateKeyFile ?? '';
  let bastionCertFile = config.sshBastionCertificateFile ?? '';

  if (type === 'ssh') {
    if (privateKeyFile === '' && certificateFile !== '') {
      problem('ssh_certificate_file', 'ssh_private_key_file must be specified if ssh_certificate_file is specified');
    }
    if (bastionKeyFile === '' && bastionCertFile !== '') {
      problem(
        'ssh_bastion_certificate_file',
        'ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified',
      );
    }
    if (bastionHost !== '' && bastionKeyFile === '' && privateKeyFile !== '') {
      bastionKeyFile = privateKeyFile;
      bastionCertFile = certificateFile;
    }
    if ((config.sshUsername ?? '') === '') {
      problem(
        'ssh_username',
        'An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".',
      );
    }
    if (privateKeyFile !== '') {
      const bad = await checkKeyFile('ssh_private_key_file', privateKeyFile);
      if (bad) problem('ssh_private_key_file', bad);
      else if (certificateFile !== '' && !existsSync(expandUser(certificateFile))) {
        problem('ssh_private_key_file', `ssh_private_key_file is invalid: certificate ${expandUser(certificateFile)} does not exist`);
      }
    }
    if (bastionHost !== '') {
      if ((config.sshBastionPassword ?? '') === '' && bastionKeyFile === '' && config.sshBastionAgentAuth !== true) {
        problem(
          'ssh_bastion_host',
          'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
        );
      } else if (bastionKeyFile !== '') {
        const bad = await checkKeyFile('ssh_bastion_private_key_file', bastionKeyFile);
        if (bad) problem('ssh_bastion_private_key_file', bad);
      }
    }
    for (const [setting, port] of [
      ['ssh_port', config.sshPort],
      ['ssh_bastion_port', config.sshBastionPort],
      ['ssh_proxy_port', config.sshProxyPort],
    ] as const) {
      // Go accepts any int here and then retries the dial until ssh_timeout; a port that cannot
      // exist is named now instead
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
        problem(setting, `${setting} (${port}) is invalid: a TCP port is 1 to 65535 (0 or unset: the default)`);
      }
    }
    if (method !== 'scp' && method !== 'sftp') {
      problem(
        'ssh_file_transfer_method',
        `ssh_file_transfer_method ('${method}') is invalid, valid methods: sftp, scp`,
      );
    }
    if (bastionHost !== '' && (config.sshProxyHost ?? '') !== '') {
      problem('ssh_bastion_host', 'please specify either ssh_bastion_host or ssh_proxy_host, not both');
    }
    for (const [setting, list] of [
      ['ssh_local_tunnels', config.sshLocalTunnels],
      ['ssh_remote_tunnels', config.sshRemoteTunnels],
    ] as const) {
      for (const v of list ?? []) {
        const bad = checkTunnel(v);
        if (bad) problem(setting, `${setting} ('${v}') is invalid: ${bad}`);
      }
    }
    const keyType = (config.temporaryKeyPairType ?? '').toLowerCase();
    if (keyType !== '' && keyType !== 'rsa' && keyType !== 'ed25519') {
      problem(
        'temporary_key_pair_type',
        `temporary_key_pair_type ('${config.temporaryKeyPairType ?? ''}') is invalid: this SDK generates "rsa" (the default) or "ed25519" keys`,
      );
    }
  }
  void bastionCertFile; // checked above like Go; ssh2 cannot present certificates

  const prepared: PreparedCommunicatorConfig = {
    type: type === 'none' ? 'none' : 'ssh',
    pauseBeforeConnectMs: durationMs(config.pauseBeforeConnecting),
    host: config.sshHost ?? '',
    port: config.sshPort === undefined || config.sshPort === 0 ? 22 : config.sshPort,
    username: config.sshUsername ?? '',
    password: config.sshPassword ?? '',
    privateKeyFile,
    ...(config.sshPrivateKey && config.sshPrivateKey.length > 0 ? { privateKey: Buffer.from(config.sshPrivateKey) } : {}),
    agentAuth: config.sshAgentAuth === true,
    disableAgentForwarding: config.sshDisableAgentForwarding === true,
    timeoutMs,
    handshakeAttempts,
    pty: config.sshPty === true,
    fileTransferMethod: method === 'sftp' ? 'sftp' : 'scp',
    keepAliveIntervalMs: keepAlive === 0 ? 5000 : keepAlive,
    readWriteTimeoutMs: durationMs(config.sshReadWriteTimeout),
    ciphers: config.sshCiphers ?? [],
    kexAlgorithms: config.sshKeyExchangeAlgorithms ?? [],
    clearAuthorizedKeys: config.sshClearAuthorizedKeys === true,
    temporaryKeyPairName: config.temporaryKeyPairName ?? '',
    temporaryKeyPairType: (config.temporaryKeyPairType ?? '') === '' ? 'rsa' : (config.temporaryKeyPairType ?? '').toLowerCase(),
    temporaryKeyPairBits: config.temporaryKeyPairBits ?? 0,
    ...(bastionHost !== ''
      ? {
          bastion: {
            host: bastionHost,
            port: config.sshBastionPort === undefined || config.sshBastionPort === 0 ? 22 : config.sshBastionPort,
            username: config.sshBastionUsername ?? '',
            password: config.sshBastionPassword ?? '',
            privateKeyFile: bastionKeyFile,
            agentAuth: config.sshBastionAgentAuth === true,
          },
        }
      : {}),
    ...((config.sshProxyHost ?? '') !== ''
      ? { proxy: { host: config.sshProxyHost ?? '', port: config.sshProxyPort || 1080 } }
      : {}),
  };
  return { problems, prepared };
}

