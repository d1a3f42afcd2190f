/**
 * Packer's communicator settings (Go: packer-plugin-sdk/communicator.Config with its squashed
 * `SSH`, `SSHTemporaryKeyPair` and `WinRM` structs). A builder's `Config` extends
 * {@link CommunicatorConfig}; regenerate-spec spreads {@link communicatorSpecEntries} into its
 * spec like Go's `mapstructure:",squash"`, so a template's `ssh_*` settings written for a Go
 * builder decode unchanged. {@link prepareCommunicatorConfig} is Go's `Config.Prepare`: defaults
 * and the same checks, as {@link ConfigProblem}s for the all-problems-at-once error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { cty } from '../../hcl/cty.js';
import { spec, type Spec } from '../../hcl/spec.js';
import type { Duration } from '../../sdk/duration.js';
import { parseDuration } from '../../config/duration.js';
import type { ConfigProblem } from '../../config/error.js';
import { parseKey } from './keys.js';

/** The communicator types this SDK connects with (Go also knows `winrm`, `docker`, …). */
export const COMMUNICATOR_TYPES = ['ssh', 'none'] as const;

/**
 * The communicator settings as a template gives them (Go: communicator.Config). Property names
 * are the camelCase of Go's `mapstructure` names. Unset fields take Go's defaults in
 * {@link prepareCommunicatorConfig}.
 */
export interface CommunicatorConfig {
  /** `ssh` (default) or `none`. Go's `winrm`, `docker` are refused with a named error. */
  communicator?: string;
  /** Wait this long after SSH first answers, then connect again (Go: PauseBeforeConnect). */
  pauseBeforeConnecting?: Duration;
  sshHost?: string;
  /** Default 22. */
  sshPort?: number;
  sshUsername?: string;
  sshPassword?: string;
  sshKeypairName?: string;
  temporaryKeyPairName?: string;
  /** `rsa` (default) or `ed25519` (Go also: `dsa`, `ecdsa`). */
  temporaryKeyPairType?: string;
  /** RSA bits, default 4096 (Go: ignored for ed25519). */
  temporaryKeyPairBits?: number;
  sshCiphers?: string[];
  sshClearAuthorizedKeys?: boolean;
  sshKeyExchangeAlgorithms?: string[];
  sshPrivateKeyFile?: string;
  sshCertificateFile?: string;
  sshPty?: boolean;
  /** Default 5m when ssh_handshake_attempts is unset too. */
  sshTimeout?: Duration;
  /** Deprecated alias of ssh_timeout (Go: SSHWaitTimeout). */
  sshWaitTimeout?: Duration;
  sshAgentAuth?: boolean;
  sshDisableAgentForwarding?: boolean;
  /** Default 10 when ssh_timeout is unset too. */
  sshHandshakeAttempts?: number;
  sshBastionHost?: string;
  sshBastionPort?: number;
  sshBastionAgentAuth?: boolean;
  sshBastionUsername?: string;
  sshBastionPassword?: string;
  sshBastionInteractive?: boolean;
  sshBastionPrivateKeyFile?: string;
  sshBastionCertificateFile?: string;
  /** `scp` (default) or `sftp`. */
  sshFileTransferMethod?: string;
  sshProxyHost?: string;
  sshProxyPort?: number;
  sshProxyUsername?: string;
  sshProxyPassword?: string;
  /** Default 5s; `0s`… negative turns keep-alives off. */
  sshKeepAliveInterval?: Duration;
  sshReadWriteTimeout?: Duration;
  sshRemoteTunnels?: string[];
  sshLocalTunnels?: string[];
  /** Bytes of a public key (Go: []byte), normally set by a key-pair step. */
  sshPublicKey?: number[];
  /** Bytes of a private key (Go: []byte), normally set by a key-pair step. */
  sshPrivateKey?: number[];
  winrmUsername?: string;
  winrmPassword?: string;
  winrmHost?: string;
  winrmNoProxy?: boolean;
  winrmPort?: number;
  winrmTimeout?: Duration;
  winrmUseSsl?: boolean;
  winrmInsecure?: boolean;
  winrmUseNtlm?: boolean;
}

type Kind = 'string' | 'number' | 'bool' | 'duration' | 'strings' | 'bytes';

/** [hcl name, property, kind, description, sensitive] — the order and types of Go 1.6.6's null builder spec. */
const FIELDS: readonly (readonly [string, keyof CommunicatorConfig, Kind, string, boolean?])[] = [
  ['communicator', 'communicator', 'string', 'The communicator: `ssh` (default) or `none`. `winrm` and `docker` are Go-only and refused.'],
  ['pause_before_connecting', 'pauseBeforeConnecting', 'duration', 'After SSH first answers, wait this long and connect again (e.g. when the machine reboots once more).'],
  ['ssh_host', 'sshHost', 'string', 'The address to connect to; by default the builder finds it.'],
  ['ssh_port', 'sshPort', 'number', 'The port to connect to. Default `22`.'],
  ['ssh_username', 'sshUsername', 'string', 'The user to connect as. Required with `communicator = "ssh"`.'],
  ['ssh_password', 'sshPassword', 'string', 'A password: tried as `password` and then as `keyboard-interactive` (every prompt answered with it).', true],
  ['ssh_keypair_name', 'sshKeypairName', 'string', 'The name of a key pair a builder\'s cloud knows (builder-specific).'],
  ['temporary_key_pair_name', 'temporaryKeyPairName', 'string', 'The name the temporary key pair gets (builder-specific); `ssh_clear_authorized_keys` removes keys with this comment.'],
  ['ssh_ciphers', 'sshCiphers', 'strings', 'Allowed ciphers, e.g. `["aes128-gcm@openssh.com"]`. Default: ssh2\'s list.'],
  ['ssh_clear_authorized_keys', 'sshClearAuthorizedKeys', 'bool', 'Remove the temporary key from `~/.ssh/authorized_keys` (and root\'s) before the image is made.'],
  ['ssh_key_exchange_algorithms', 'sshKeyExchangeAlgorithms', 'strings', 'Allowed key exchange algorithms. Default: ssh2\'s list.'],
  ['ssh_private_key_file', 'sshPrivateKeyFile', 'string', 'A private key file (`~` expands) to authenticate with.'],
  ['ssh_certificate_file', 'sshCertificateFile', 'string', 'An OpenSSH certificate for `ssh_private_key_file` (accepted and checked; ssh2 cannot present certificates, so it has no effect).'],
  ['ssh_pty', 'sshPty', 'bool', 'Run commands on a pseudo-terminal (`xterm`, 40×80), e.g. for `sudo` with `requiretty`.'],
  ['ssh_timeout', 'sshTimeout', 'duration', 'How long to wait for SSH. Default `5m` when `ssh_handshake_attempts` is unset too; else unlimited.'],
  ['ssh_wait_timeout', 'sshWaitTimeout', 'duration', 'Old name of `ssh_timeout` (overrides it).'],
  ['ssh_agent_auth', 'sshAgentAuth', 'bool', 'Authenticate with the keys of the SSH agent at `SSH_AUTH_SOCK`.'],
  ['ssh_disable_agent_forwarding', 'sshDisableAgentForwarding', 'bool', 'Do not forward the local SSH agent to the machine.'],
  ['ssh_handshake_attempts', 'sshHandshakeAttempts', 'number', 'How many authentication failures end the wait. Default `10` when `ssh_timeout` is unset too; else unlimited.'],
  ['ssh_bastion_host', 'sshBastionHost', 'string', 'Connect through this bastion (jump) host.'],
  ['ssh_bastion_port', 'sshBastionPort', 'number', 'The bastion\'s port. Default `22`.'],
  ['ssh_bastion_agent_auth', 'sshBastionAgentAuth', 'bool', 'Authenticate to the bastion with the SSH agent.'],
  ['ssh_bastion_username', 'sshBastionUsername', 'string', 'The user on the bastion.'],
  ['ssh_bastion_password', 'sshBastionPassword', 'string', 'The bastion password (password, then keyboard-interactive).', true],
  ['ssh_bastion_interactive', 'sshBastionInteractive', 'bool', 'Answer the bastion\'s keyboard-interactive prompts on a terminal (accepted, no effect: a plugin has no terminal).'],
  ['ssh_bastion_private_key_file', 'sshBastionPrivateKeyFile', 'string', 'A private key for the bastion. Default: `ssh_private_key_file`.'],
  ['ssh_bastion_certificate_file', 'sshBastionCertificateFile', 'string', 'A certificate for the bastion key (accepted and checked, no effect).'],
  ['ssh_file_transfer_method', 'sshFileTransferMethod', 'string', 'How files are copied: `scp` (default) or `sftp`.'],
  ['ssh_proxy_host', 'sshProxyHost', 'string', 'A SOCKS5 proxy to connect through (accepted and checked, not supported: a named error at connect time).'],
  ['ssh_proxy_port', 'sshProxyPort', 'number', 'The proxy port. Default `1080`.'],
  ['ssh_proxy_username', 'sshProxyUsername', 'string', 'The proxy user.'],
  ['ssh_proxy_password', 'sshProxyPassword', 'string', 'The proxy password.', true],
  ['ssh_keep_alive_interval', 'sshKeepAliveInterval', 'duration', 'How often keep-alives are sent. Default `5s`; a negative value turns them off.'],
  ['ssh_read_write_timeout', 'sshReadWriteTimeout', 'duration', 'Close the connection when nothing is read or written for this long. Default: none.'],
  ['ssh_remote_tunnels', 'sshRemoteTunnels', 'strings', 'Remote port forwards (accepted and checked, no effect).'],
  ['ssh_local_tunnels', 'sshLocalTunnels', 'strings', 'Local port forwards (accepted and checked, no effect).'],
  ['ssh_public_key', 'sshPublicKey', 'bytes', 'Set by builders (the temporary public key).'],
  ['ssh_private_key', 'sshPrivateKey', 'bytes', 'Set by builders (the temporary private key).', true],
  ['temporary_key_pair_type', 'temporaryKeyPairType', 'string', 'The temporary key type: `rsa` (default) or `ed25519`.'],
  ['temporary_key_pair_bits', 'temporaryKeyPairBits', 'number', 'RSA key size. Default `4096`.'],
  ['winrm_username', 'winrmUsername', 'string', 'WinRM settings are accepted so Go templates decode, but `communicator = "winrm"` is refused.'],
  ['winrm_password', 'winrmPassword', 'string', 'See `winrm_username`.', true],
  ['winrm_host', 'winrmHost', 'string', 'See `winrm_username`.'],
  ['winrm_no_proxy', 'winrmNoProxy', 'bool', 'See `winrm_username`.'],
  ['winrm_port', 'winrmPort', 'number', 'See `winrm_username`.'],
  ['winrm_timeout', 'winrmTimeout', 'duration', 'See `winrm_username`.'],
  ['winrm_use_ssl', 'winrmUseSsl', 'bool', 'See `winrm_username`.'],
  ['winrm_insecure', 'winrmInsecure', 'bool', 'See `winrm_username`.'],
  ['winrm_use_ntlm', 'winrmUseNtlm', 'bool', 'See `winrm_username`.'],
];

function entryOf(name: string, property: string, kind: Kind, description: string, sensitive?: boolean): Spec {
  const meta = { property, description, ...(sensitive ? { sensitive: true } : {}) };
  switch (kind) {
    case 'string':
      return spec.attr(name, cty.string, meta);
    case 'duration':
      return spec.attr(name, cty.string, { ...meta, duration: true });
    case 'number':
      return spec.attr(name, cty.number, { ...meta, integer: true });
    case 'bool':
      return spec.attr(name, cty.bool, meta);
    case 'strings':
      return spec.attr(name, cty.list(cty.string), meta);
    case 'bytes':
      return spec.attr(name, cty.list(cty.number), { ...meta, integer: true });
  }
}

/**
 * The spec entries of {@link CommunicatorConfig}, keyed by HCL name, all optional: the names and
 * cty types of Go's communicator.Config as Packer 1.6.6's `null` builder declares them.
 */
export const communicatorSpecEntries: Readonly<Record<string, Spec>> = Object.fromEntries(
  FIELDS.map(([name, property, kind, description, sensitive]) => [
    name,
    entryOf(name, property, kind, description, sensitive),
  ]),
);

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
function checkKeyFile(setting: string, file: string): string | undefined {
  const path = expandUser(file);
  if (!existsSync(path)) {
    return `${setting} is invalid: stat ${path}: no such file or directory`;
  }
  try {
    if (!statSync(path).isFile()) return `${setting} is invalid: ${path} is not a file`;
    parseKey(readFileSync(path), path);
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
export function prepareCommunicatorConfig(config: CommunicatorConfig): {
  problems: ConfigProblem[];
  prepared: PreparedCommunicatorConfig;
} {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const type = config.communicator === undefined || config.communicator === '' ? 'ssh' : config.communicator;
  if (type !== 'ssh' && type !== 'none') {
    problem(
      'communicator',
      `Communicator type ${type} is invalid: communicator must be one of ${COMMUNICATOR_TYPES.map((t) => `"${t}"`).join(', ')} ` +
        `(this plugin's SDK supports no ${JSON.stringify(type)} communicator)`,
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
      const bad = checkKeyFile('ssh_private_key_file', privateKeyFile);
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
        const bad = checkKeyFile('ssh_bastion_private_key_file', bastionKeyFile);
        if (bad) problem('ssh_bastion_private_key_file', bad);
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

/** The settings accepted for Go templates but without effect here, with why (docs and tests). */
export const ACCEPTED_WITHOUT_EFFECT: Readonly<Record<string, string>> = {
  ssh_certificate_file: 'ssh2 cannot present OpenSSH certificates in user authentication',
  ssh_bastion_certificate_file: 'ssh2 cannot present OpenSSH certificates in user authentication',
  ssh_bastion_interactive: 'a plugin has no terminal to ask on',
  ssh_local_tunnels: 'port forwarding is not implemented',
  ssh_remote_tunnels: 'port forwarding is not implemented',
  ssh_keypair_name: 'names a cloud key pair: only a builder that has one can use it',
  winrm_username: 'WinRM is not supported (communicator = "winrm" is refused)',
};
