/**
 * Packer's communicator settings as a template gives them (Go: packer-plugin-sdk/communicator.Config
 * with its squashed `SSH`, `SSHTemporaryKeyPair` and `WinRM` structs): the TypeScript interface a
 * builder's `Config` extends, and the spec entries regenerate-spec spreads into its spec like Go's
 * `mapstructure:",squash"`. No runtime dependencies beyond the HCL model (regenerate-spec loads it).
 */
import { cty } from '../../hcl/cty.js';
import { spec, type Spec } from '../../hcl/spec.js';
import type { Duration } from '../../sdk/duration.js';

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

/**
 * What a new plugin's examples show (`exampleValues`): the machine to connect to, as a Go
 * builder's example does; every other communicator setting is left out (`example: null`).
 */
const EXAMPLES: Readonly<Record<string, string | number>> = {
  ssh_host: '127.0.0.1',
  ssh_port: 22,
  ssh_username: 'packer',
  ssh_private_key_file: '~/.ssh/id_ed25519',
  ssh_timeout: '5m',
};

function entryOf(name: string, property: string, kind: Kind, description: string, sensitive?: boolean): Spec {
  const meta = { property, description, ...(sensitive ? { sensitive: true } : {}), example: EXAMPLES[name] ?? null };
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
