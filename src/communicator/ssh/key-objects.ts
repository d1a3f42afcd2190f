/**
 * ssh2's per-packet ciphers get their secret keys as KeyObjects instead of Buffers.
 *
 * Why: ssh2's JavaScript AES-GCM cipher (its default; the native binding that avoids this cannot
 * be loaded from a bundle or a single executable) calls `crypto.createCipheriv` (and
 * `createDecipheriv`) once per packet, and its CTR/HMAC ciphers call `crypto.createHmac` once per
 * packet. Given a Buffer key, Node (22 and 24) first asks whether it is a KeyObject or a CryptoKey
 * (`isKeyObject`, `isCryptoKey` in lib/internal/crypto/keys.js) by catching a thrown TypeError,
 * twice per call: about 28 µs of the 32 µs a `createCipheriv` takes here, against 4 µs for a
 * KeyObject. Profiled on a 512 MiB upload it was the plugin's largest cost after the socket writes.
 * Same key bytes, same algorithms: only the argument's type changes.
 *
 * How: ssh2 (1.17) keeps the ciphers in `client._protocol._cipher` / `_decipher` and replaces them
 * at every key exchange (kex.js, on NEWKEYS); accessors on those two properties convert the key
 * fields of each new cipher (`_encKey`, `_decipherKey`, `_macKey`, which ssh2 only passes to
 * `createCipheriv`/`createDecipheriv`/`createHmac`). When a later ssh2 has none of these
 * properties, nothing is changed (test/communicator/ssh-key-objects.test.ts notices it).
 */
import { createSecretKey } from 'node:crypto';
import type { Client } from 'ssh2';

/** The cipher fields ssh2 passes only to createCipheriv / createDecipheriv / createHmac. */
const KEY_FIELDS = ['_encKey', '_decipherKey', '_macKey'] as const;

type Fields = Record<string, unknown>;

function convert(cipher: unknown): void {
  if (cipher === null || typeof cipher !== 'object') return;
  const c = cipher as Fields;
  for (const field of KEY_FIELDS) {
    const key = c[field];
    if (Buffer.isBuffer(key) && key.length > 0) c[field] = createSecretKey(key);
  }
}

/**
 * Installs the conversion on `client`'s protocol; call it right after `client.connect()` (which
 * creates the protocol; the first key exchange needs the network, so it comes later). Returns
 * whether ssh2 had the properties this relies on.
 */
export function keyObjectsForCiphers(client: Client): boolean {
  const protocol = (client as unknown as { _protocol?: Fields })._protocol;
  if (protocol === undefined || !('_cipher' in protocol) || !('_decipher' in protocol)) return false;
  for (const field of ['_cipher', '_decipher']) {
    let current = protocol[field];
    convert(current);
    Object.defineProperty(protocol, field, {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (next: unknown) => {
        convert(next);
        current = next;
      },
    });
  }
  return true;
}
