import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { scanFileForMarkers } from './binary-scan.js';
import {
  LAUNCHER_MARKERS,
  LEGACY_HANDSHAKE_MARKER,
  MODERN_HANDSHAKE_MARKER,
  VENDORED_HCLDEC_MARKER,
} from './markers.js';

/** What a scan of a (possible) Packer executable revealed. */
export interface PackerBinaryTraits {
  /** `v5` if the modern handshake marker is present, `v4` if only the 1.6-era one is, else undefined (not Packer). */
  handshake: 'v4' | 'v5' | undefined;
  /** hcl was compiled from Packer's vendor directory (Debian 1.6.6): the nested ObjectSpec has the vendored gob name. */
  vendoredHcl: boolean;
}

/** Scans one executable for the launcher markers (uncached, reads up to the whole file). */
export function probePackerBinary(file: string, chunkSize?: number): PackerBinaryTraits {
  const found = scanFileForMarkers(
    file,
    LAUNCHER_MARKERS,
    (f) => (f.has(MODERN_HANDSHAKE_MARKER) || f.has(LEGACY_HANDSHAKE_MARKER)) && f.has(VENDORED_HCLDEC_MARKER),
    chunkSize,
  );
  return traitsFrom(found);
}

function traitsFrom(found: ReadonlySet<string>): PackerBinaryTraits {
  const handshake = found.has(MODERN_HANDSHAKE_MARKER) ? 'v5' : found.has(LEGACY_HANDSHAKE_MARKER) ? 'v4' : undefined;
  return { handshake, vendoredHcl: found.has(VENDORED_HCLDEC_MARKER) };
}

interface CacheEntry {
  handshake: 'v4' | 'v5' | null;
  vendoredHcl: boolean;
  at: number;
}
interface CacheFile {
  /** Changes whenever the markers change, so stale verdicts are dropped. */
  markers: string;
  entries: Record<string, CacheEntry>;
}

/** Most binaries remembered in the cache file; the oldest are dropped first. */
export const PROBE_CACHE_MAX_ENTRIES = 32;

/** Result of {@link probePackerBinaryCached}. */
export interface CachedProbe {
  traits: PackerBinaryTraits;
  /** True when the verdict came from the cache file (no scan). */
  cached: boolean;
  /** Cache key: `<path>|<size>|<mtimeMs>|<dev>:<ino>`. */
  key: string;
  /** Why the cache was not used (not private, no cache directory). */
  cacheRefused?: string;
}

/**
 * {@link probePackerBinary} with a small JSON cache keyed by path, size, mtime and inode, so a
 * ~100 MB binary is scanned once, not at every plugin start. `file` may be a `/proc/<pid>/exe`
 * link; `displayPath` (its target) is what goes into the key. `cacheFile` undefined: no cache.
 *
 * The cache is trusted only when it is private (issue 10 §1): its directory must be a real
 * directory (not a symlink) owned by this uid with no group/other access (0700; it is created so
 * when missing), and the file a regular file owned by this uid, opened without following links.
 * Anything else is a miss, and nothing is written there. Writes go to a new temp file created
 * exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, 0600) and renamed over the cache file. A cache that
 * cannot be read or written is ignored (the scan result is still returned).
 */
export function probePackerBinaryCached(file: string, displayPath: string, cacheFile: string | undefined): CachedProbe {
  const st = statSync(file);
  const key = `${displayPath}|${st.size}|${Math.trunc(st.mtimeMs)}|${st.dev}:${st.ino}`;
  const markers = LAUNCHER_MARKERS.join('\n');
  const refused = cacheFile === undefined ? 'no cache directory (neither XDG_CACHE_HOME nor HOME is set)' : privateDirProblem(dirname(cacheFile));
  const cache = refused === undefined && cacheFile !== undefined ? readCache(cacheFile, markers) : { markers, entries: {} };
  const hit = Object.hasOwn(cache.entries, key) ? cache.entries[key] : undefined;
  if (hit) {
    return { traits: { handshake: hit.handshake ?? undefined, vendoredHcl: hit.vendoredHcl }, cached: true, key };
  }
  const traits = probePackerBinary(file);
  if (refused !== undefined || cacheFile === undefined) return { traits, cached: false, key, ...(refused ? { cacheRefused: refused } : {}) };
  cache.entries[key] = { handshake: traits.handshake ?? null, vendoredHcl: traits.vendoredHcl, at: Date.now() };
  const keys = Object.keys(cache.entries).sort((a, b) => (cache.entries[a]?.at ?? 0) - (cache.entries[b]?.at ?? 0));
  for (const old of keys.slice(0, Math.max(0, keys.length - PROBE_CACHE_MAX_ENTRIES))) delete cache.entries[old];
  writeCache(cacheFile, cache);
  return { traits, cached: false, key };
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/**
 * Why `dir` is not a private cache directory (undefined when it is): created 0700 when missing;
 * must then be a directory, not a symlink, owned by this uid, with no group/other permission bits.
 */
export function privateDirProblem(dir: string): string | undefined {
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return `cannot create ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  let st;
  try {
    st = lstatSync(dir);
  } catch (err) {
    return `cannot inspect ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  if (st.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (!st.isDirectory()) return `${dir} is not a directory`;
  const me = uid();
  if (me !== undefined && st.uid !== me) return `${dir} is owned by uid ${st.uid}, not ${me}`;
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) return `${dir} has mode ${(st.mode & 0o777).toString(8)}, not 700`;
  return undefined;
}

function readCache(cacheFile: string, markers: string): CacheFile {
  let fd: number | undefined;
  try {
    fd = openSync(cacheFile, constants.O_RDONLY | O_NOFOLLOW);
    const st = fstatSync(fd);
    const me = uid();
    if (st.isFile() && (me === undefined || st.uid === me) && (st.mode & 0o022) === 0) {
      const parsed = JSON.parse(readFileSync(fd, 'utf8')) as Partial<CacheFile>;
      if (parsed.markers === markers && parsed.entries && typeof parsed.entries === 'object') {
        return { markers, entries: Object.assign(Object.create(null) as Record<string, CacheEntry>, parsed.entries) };
      }
    }
  } catch {
    // missing, a link, or corrupt: start afresh
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { markers, entries: {} };
}

function writeCache(cacheFile: string, cache: CacheFile): void {
  const tmp = `${cacheFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
    writeSync(fd, JSON.stringify(cache));
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, cacheFile);
  } catch {
    // read-only, full disk, or a name that exists: the next start scans again
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}
