import type { LauncherInfo } from './launcher-info.js';

/** Go plugin API major version shared by every Packer since 0.x (`APIVersionMajor`). */
export const API_VERSION_MAJOR = '5';
/** Go plugin API minor version of packer-plugin-sdk (`APIVersionMinor`); modern Packer rejects a higher one. */
export const API_VERSION_MINOR = '0';

/**
 * The single stdout line (without the newline) a plugin prints once it listens:
 * - `v4` (Packer <= 1.6): `5|unix|/tmp/sock` — `SplitN(line, "|", 3)`;
 * - `v5` (Packer >= 1.7): `5|0|unix|/tmp/sock` — `SplitN(line, "|", 4)`.
 * The two are not interchangeable: 1.6.6 reads the 4-part line as network "0"
 * ("Unknown address type: 0"); >= 1.7 refuses the 3-part line as "protocol version 4 and lower".
 */
export function formatHandshake(info: LauncherInfo, network: 'unix' | 'tcp', address: string): string {
  if (address === '' || /[\r\n]/.test(address)) {
    throw new Error(
      `plugin handshake: listener address ${JSON.stringify(address)} must be non-empty and on one line; ` +
        'Packer reads exactly one stdout line',
    );
  }
  if (info.handshake === 'v4') return `${API_VERSION_MAJOR}|${network}|${address}`;
  return `${API_VERSION_MAJOR}|${API_VERSION_MINOR}|${network}|${address}`;
}
