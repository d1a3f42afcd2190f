/**
 * `iso_checksum` values (Go: go-getter v2 checksum.go, as packer-plugin-sdk's ISOConfig.Prepare
 * uses it): `type:hex` (md5, sha1, sha256, sha512; type case-insensitive), a bare hex value whose
 * length gives the type, or `file:URL` naming a checksum file (GNU `hash  name` or BSD
 * `SHA256 (name) = hash` lines). The normalised form is `type:lowerhex` (Go's FileChecksum.String()).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hash types Go's go-getter accepts, with their digest sizes in bytes. */
export const CHECKSUM_TYPES = { md5: 16, sha1: 20, sha256: 32, sha512: 64 } as const;
export type ChecksumType = keyof typeof CHECKSUM_TYPES;

/** A parsed checksum (Go: getter.FileChecksum). */
export interface FileChecksum {
  readonly type: ChecksumType;
  /** The expected digest, lower-case hex. */
  readonly value: string;
  /** The file name the checksum line named, if any. */
  readonly filename?: string;
}

/** `type:lowerhex`, the form Packer stores and names cache entries after (Go: FileChecksum.String()). */
export function checksumString(c: FileChecksum): string {
  return `${c.type}:${c.value}`;
}

/** A checksum that does not parse; the message is Go's. */
export class ChecksumParseError extends Error {
  override readonly name = 'ChecksumParseError';
}

/** The downloaded file's digest differs from the expected one (Go: getter.ChecksumError). */
export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    readonly type: ChecksumType,
  ) {
    // Go: "Checksums did not match for %s.\nExpected: %s\nGot: %s\n%T"
    super(`Checksums did not match for ${file}.\nExpected: ${expected}\nGot: ${actual}\n${type}`);
  }
}

function decodeHex(value: string): string {
  // Go's hex.DecodeString: even length, [0-9a-fA-F] only.
  if (value.length % 2 === 1) throw new ChecksumParseError('invalid checksum: encoding/hex: odd length hex string');
  const bad = /[^0-9a-fA-F]/.exec(value);
  if (bad) {
    const byte = value.charCodeAt(bad.index).toString(16).padStart(2, '0');
    throw new ChecksumParseError(`invalid checksum: encoding/hex: invalid byte: U+00${byte.toUpperCase()} ${JSON.stringify(bad[0])}`);
  }
  return value.toLowerCase();
}

/** `md5:…`, `SHA256:…` (Go: newChecksumFromType). No length check, as in Go. */
export function checksumFromType(type: string, value: string, filename?: string): FileChecksum {
  const hex = decodeHex(value);
  const t = type.toLowerCase();
  if (!(t in CHECKSUM_TYPES)) throw new ChecksumParseError(`unsupported checksum type: ${type}`);
  return { type: t as ChecksumType, value: hex, ...(filename ? { filename } : {}) };
}

/** A bare hex value: the type from its length (Go: newChecksumFromValue). */
export function checksumFromValue(value: string, filename?: string): FileChecksum {
  const hex = decodeHex(value);
  const type = (Object.keys(CHECKSUM_TYPES) as ChecksumType[]).find((t) => CHECKSUM_TYPES[t] * 2 === hex.length);
  if (!type) throw new ChecksumParseError(`Unknown type for checksum ${value}`);
  return { type, value: hex, ...(filename ? { filename } : {}) };
}

/** One line of a checksum file, or undefined for comments and blank lines (Go: parseChecksumLine). */
export function parseChecksumLine(line: string): FileChecksum | undefined {
  if (line === '' || line[0] === '#' || line[0] === '/' || line[0] === '-') return undefined;
  const parts = line.trim().split(/\s+/).filter((p) => p !== '');
  switch (parts.length) {
    case 0:
      return undefined;
    case 4: {
      const name = parts[1] as string;
      if (name.length <= 2 || name[0] !== '(' || name[name.length - 1] !== ')') {
        throw new ChecksumParseError(`Unexpected BSD-style-checksum filename format: ${line}`);
      }
      return checksumFromType(parts[0] as string, parts[3] as string, name.slice(1, -1));
    }
    case 2:
      return checksumFromValue(parts[0] as string, parts[1]);
    default:
      return checksumFromValue(parts[0] as string);
  }
}

/** Reads a checksum file from a local path, `file://` URL or http(s) URL. */
async function fetchChecksumFile(url: string, pwd: string, signal?: AbortSignal): Promise<{ text: string; dir: string }> {
  if (/^https?:\/\//i.test(url)) {
    const res = await fetch(url, signal ? { signal } : {});
    if (!res.ok) throw new Error(`Error downloading checksum file: bad response code: ${res.status}`);
    return { text: await res.text(), dir: dirname(new URL(url).pathname) };
  }
  const path = /^file:\/\//i.test(url) ? fileURLToPath(url) : resolve(pwd, url.replace(/^file:/i, ''));
  try {
    return { text: await readFile(path, 'utf8'), dir: dirname(path) };
  } catch (e) {
    throw new Error(`Error downloading checksum file: ${(e as Error).message}`);
  }
}

/**
 * Finds the checksum of `checksummedPath` (the ISO URL's path) in the checksum file at
 * `checksumUrl` (Go: Client.checksumFromFile): a line naming the file as `name`, `*name`,
 * `?name`, its path relative to the checksum file, `./` that, or its absolute path; a line
 * without a name; or a name contained in the path.
 */
export async function checksumFromFile(
  checksumUrl: string,
  checksummedPath: string,
  pwd: string,
  signal?: AbortSignal,
): Promise<FileChecksum> {
  const { text, dir } = await fetchChecksumFile(checksumUrl, pwd, signal);
  const filename = basename(checksummedPath);
  const abs = isAbsolute(checksummedPath) ? checksummedPath : resolve(pwd, checksummedPath);
  const rel = relative(dir, abs);
  const options = [filename, `*${filename}`, `?${filename}`, rel, `./${rel}`, abs];
  for (const line of text.split('\n')) {
    let c: FileChecksum | undefined;
    try {
      c = parseChecksumLine(line);
    } catch {
      continue;
    }
    if (!c) continue;
    if (!c.filename) return c;
    if (options.includes(c.filename)) return c;
    const fn = c.filename.replace(/^[./]+/, '');
    if (checksummedPath.includes(fn)) return c;
  }
  throw new ChecksumParseError(`no checksum found in: ${checksumUrl}`);
}

/**
 * Parses an `iso_checksum` value for the file at `url` (Go: Client.GetChecksum). `file:` values
 * read the checksum file (local path, `file://` or http(s)) relative to `pwd`.
 * Throws ChecksumParseError (or the file's read error) with Go's message.
 */
export async function getChecksum(value: string, url: string, pwd = process.cwd(), signal?: AbortSignal): Promise<FileChecksum> {
  const colon = value.indexOf(':');
  if (colon < 0) return checksumFromValue(value, basename(urlPath(url)));
  const type = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (type === 'file') return checksumFromFile(rest, urlPath(url), pwd, signal);
  return checksumFromType(type, rest, basename(urlPath(url)));
}

function urlPath(url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const u = new URL(url);
      return u.protocol === 'file:' ? fileURLToPath(u) : decodeURIComponent(u.pathname);
    } catch {
      return url;
    }
  }
  return url;
}

/** Hex digest of a file, streamed. */
export async function hashFile(path: string, type: ChecksumType): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const h = createHash(type);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Verifies `path` against `c`; throws ChecksumMismatchError naming the file. */
export async function verifyChecksum(path: string, c: FileChecksum): Promise<void> {
  const actual = await hashFile(path, c.type);
  if (actual !== c.value) throw new ChecksumMismatchError(path, c.value, actual, c.type);
}
