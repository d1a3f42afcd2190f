/**
 * The build's HTTP server settings (Go: packer-plugin-sdk multistep/commonsteps/http_config.go,
 * `HTTPConfig`). A plugin's `Config` extends {@link HTTPConfig}; regenerate-spec spreads
 * {@link httpConfigSpecEntries}.
 */
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';

export interface HTTPConfig {
  /** Directory served over HTTP to the machine (e.g. preseed/kickstart files). */
  httpDirectory?: string;
  /** Files served from memory: path (`/preseed.cfg`) → content. Not with http_directory. */
  httpContent?: Record<string, string>;
  /** Lowest port tried (default 8000). */
  httpPortMin?: number;
  /** Highest port tried (default 9000). */
  httpPortMax?: number;
  /** Address the server listens on (default `0.0.0.0`). */
  httpBindAddress?: string;
  /** Network interface whose address to listen on (undocumented in Go; not with http_bind_address). */
  httpInterface?: string;
  /** `tcp` (default), `tcp4`, `tcp6`, `unix` or `unixpacket` (only the tcp ones are served here). */
  httpNetworkProtocol?: string;
}

export const httpConfigSpecEntries: Readonly<Record<string, Spec>> = {
  http_directory: spec.attr('http_directory', cty.string, {
    property: 'httpDirectory',
    example: null,
    description: 'Directory served over HTTP during the build; boot commands reach it at `{{ .HTTPIP }}:{{ .HTTPPort }}`.',
  }),
  http_content: spec.attr('http_content', cty.map(cty.string), {
    property: 'httpContent',
    // What examples show: the installer answers file the example boot_command fetches.
    example: { '/preseed.cfg': 'd-i debian-installer/locale string en_US.UTF-8\n' },
    description: 'Files served from memory during the build, path (`/preseed.cfg`) → content. Not with `http_directory`.',
  }),
  http_port_min: spec.attr('http_port_min', cty.number, {
    property: 'httpPortMin',
    example: null,
    description: 'Lowest port the HTTP server may use.',
    default: 8000,
    integer: true,
  }),
  http_port_max: spec.attr('http_port_max', cty.number, {
    property: 'httpPortMax',
    example: null,
    description: 'Highest port the HTTP server may use.',
    default: 9000,
    integer: true,
  }),
  http_bind_address: spec.attr('http_bind_address', cty.string, {
    property: 'httpBindAddress',
    example: null,
    description: 'Address the HTTP server listens on.',
    default: '0.0.0.0',
  }),
  http_interface: spec.attr('http_interface', cty.string, {
    property: 'httpInterface',
    example: null,
    description: 'Network interface whose address the HTTP server listens on (not with `http_bind_address`).',
  }),
  http_network_protocol: spec.attr('http_network_protocol', cty.string, {
    property: 'httpNetworkProtocol',
    example: null,
    description: 'Network protocol of the HTTP server: `tcp`, `tcp4` or `tcp6`.',
    default: 'tcp',
  }),
};

const VALID_PROTOCOLS = ['tcp', 'tcp4', 'tcp6', 'unix', 'unixpacket'];

/**
 * Checks an HTTPConfig and sets Go's defaults in place (Go: HTTPConfig.Prepare): ports 8000–9000,
 * bind address `0.0.0.0`, protocol `tcp`. Returns Go's error messages.
 */
export function prepareHTTPConfig(c: HTTPConfig): string[] {
  const errs: string[] = [];
  if (!c.httpPortMin) c.httpPortMin = 8000;
  if (!c.httpPortMax) c.httpPortMax = 9000;
  if (c.httpInterface && c.httpBindAddress && c.httpBindAddress !== '0.0.0.0') {
    errs.push('either http_interface or http_bind_address can be specified');
  }
  if (!c.httpBindAddress) c.httpBindAddress = '0.0.0.0';
  if (c.httpPortMin > c.httpPortMax) errs.push('http_port_min must be less than http_port_max');
  if (Object.keys(c.httpContent ?? {}).length > 0 && c.httpDirectory) {
    errs.push(
      'http_content cannot be used in conjunction with http_dir. Consider using the file function to load file in memory and serve them with http_content: https://www.packer.io/docs/templates/hcl_templates/functions/file/file',
    );
  }
  if (!c.httpNetworkProtocol) c.httpNetworkProtocol = 'tcp';
  if (!VALID_PROTOCOLS.includes(c.httpNetworkProtocol)) {
    errs.push(`http_network_protocol is invalid. Must be one of: [${VALID_PROTOCOLS.join(' ')}]`);
  }
  return errs;
}
