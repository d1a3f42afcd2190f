/**
 * The parts of ssh2 the SDK uses, each loaded on first use and by its own path.
 *
 * `import('ssh2')` loads ssh2's index, which also loads its HTTP(S) agents (and with them Node's
 * `http`, `https` and `tls`) and its SSH server. A plugin process never needs those, and they cost
 * about 2 MB of heap and 1 MB of Node's code pages in every plugin that uses SSH (measured with
 * `node -e "require(…)"` and /proc/self/status). Plugins that never use SSH load none of ssh2.
 */
import type { Client, utils } from 'ssh2';

/** ssh2's `Client` class (`ssh2/lib/client.js`). */
export async function ssh2Client(): Promise<typeof Client> {
  return (await import('ssh2/lib/client.js')).default;
}

/** ssh2's `utils.parseKey` (`ssh2/lib/protocol/keyParser.js`). */
export async function ssh2ParseKey(): Promise<typeof utils.parseKey> {
  return (await import('ssh2/lib/protocol/keyParser.js')).parseKey;
}

/** ssh2's `utils.generateKeyPair` (`ssh2/lib/keygen.js`). */
export async function ssh2GenerateKeyPair(): Promise<typeof utils.generateKeyPair> {
  return (await import('ssh2/lib/keygen.js')).generateKeyPair;
}
