/**
 * SSH keys: parsing (Go: ssh.ParsePrivateKey / helperssh.FileSigner) and temporary key pairs
 * (Go: communicator/sshkey.GeneratePair), on ssh2's key parser and generator.
 */
import type { ParsedKey } from 'ssh2';
import { ssh2GenerateKeyPair, ssh2ParseKey } from './ssh2-parts.js';

/** A generated key pair in OpenSSH formats (Go: sshkey.Pair). */
export interface KeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` … (unencrypted). */
  readonly privateKey: string;
  /** The authorized_keys line: `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
}

/** The temporary key types this SDK generates (Go also: dsa, ecdsa). */
export type TemporaryKeyType = 'rsa' | 'ed25519';

/** Go's default RSA size for temporary keys (sshkey.GeneratePair). */
export const DEFAULT_RSA_BITS = 4096;

/**
 * Parses an unencrypted private key (OpenSSH, PEM PKCS#1/PKCS#8). Throws an Error naming
 * `source` and what is wrong (e.g. a passphrase-protected key, a public key given).
 */
export async function parseKey(data: Buffer | string, source = 'the key'): Promise<ParsedKey> {
  const parsed = (await ssh2ParseKey())(data);
  if (parsed instanceof Error) {
    const why = /encrypted/i.test(parsed.message)
      ? 'it is encrypted with a passphrase; give an unencrypted key or use ssh_agent_auth'
      : parsed.message;
    throw new Error(`ssh: cannot parse private key ${source}: ${why}`);
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error(`ssh: no key found in ${source}`);
  if (!key.isPrivateKey()) {
    throw new Error(`ssh: ${source} holds a public key (${key.type}); give the private key file`);
  }
  return key;
}

/** The authorized_keys line of a private key (Go: sshkey.PublicKeyFromPrivate). */
export async function publicKeyLine(privateKey: Buffer | string, comment = ''): Promise<string> {
  const key = await parseKey(privateKey);
  const line = `${key.type} ${key.getPublicSSH().toString('base64')}`;
  return comment === '' ? line : `${line} ${comment}`;
}

/**
 * Generates a temporary key pair (Go: sshkey.GeneratePair). `bits` applies to RSA only
 * (default 4096; at least 2048). Rejects an unknown `type` naming the choices.
 */
export async function generateKeyPair(type: string, options: { bits?: number; comment?: string } = {}): Promise<KeyPair> {
  const t = type.toLowerCase();
  if (t !== 'rsa' && t !== 'ed25519') {
    throw new Error(`temporary_key_pair_type ${JSON.stringify(type)} is not supported: possible types are "ed25519" | "rsa" (the default)`);
  }
  const bits = options.bits !== undefined && options.bits > 0 ? options.bits : DEFAULT_RSA_BITS;
  if (t === 'rsa' && bits < 2048) throw new Error(`temporary_key_pair_bits ${bits} is too small for RSA: use at least 2048`);
  const generate = await ssh2GenerateKeyPair();
  const once = (): Promise<KeyPair> =>
    new Promise<KeyPair>((resolve, reject) => {
      const opts = { ...(t === 'rsa' ? { bits } : {}), comment: options.comment ?? '' };
      generate(t, opts, (error, keys) => {
        if (error) reject(new Error(`Error creating temporary SSH key: ${error.message}`));
        else resolve({ privateKey: keys.private, publicKey: keys.public.trim() });
      });
    });
  if (t === 'rsa') return once();
  // ssh2 1.17's ed25519 encoder strips every leading zero byte of the public key (meant for the
  // BIT STRING's unused-bits byte), so one key in 256 comes out 31 bytes long: a private key no
  // parser accepts and an authorized_keys line that never matches. Such a pair is made again.
  for (let attempt = 1; ; attempt++) {
    const pair = await once();
    if (!((await ssh2ParseKey())(pair.privateKey) instanceof Error) || attempt === 8) return pair;
  }
}
