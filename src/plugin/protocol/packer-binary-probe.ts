import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
}

/**
 * {@link probePackerBinary} with a small JSON cache keyed by path, size, mtime and inode, so a
 * ~100 MB binary is scanned once, not at every plugin start. `file` may be a `/proc/<pid>/exe`
 * link; `displayPath` (its target) is what goes into the key. A cache file that cannot be read
 * or written is ignored (the scan result is still returned).
 */
export function probePackerBinaryCached(file: string, displayPath: string, cacheFile: string): CachedProbe {
  const st = statSync(file);
  const key = `${displayPath}|${st.size}|${Math.trunc(st.mtimeMs)}|${st.dev}:${st.ino}`;
  const markers = LAUNCHER_MARKERS.join('\n');
  const cache = readCache(cacheFile, markers);
  const hit = cache.entries[key];
  if (hit) {
    return { traits: { handshake: hit.handshake ?? undefined, vendoredHcl: hit.vendoredHcl }, cached: true, key };
  }
  const traits = probePackerBinary(file);
  cache.entries[key] = { handshake: traits.handshake ?? null, vendoredHcl: traits.vendoredHcl, at: Date.now() };
  const keys = Object.keys(cache.entries).sort((a, b) => (cache.entries[a]?.at ?? 0) - (cache.entries[b]?.at ?? 0));
  for (const old of keys.slice(0, Math.max(0, keys.length - PROBE_CACHE_MAX_ENTRIES))) delete cache.entries[old];
  writeCache(cacheFile, cache);
  return { traits, cached: false, key };
}

function readCache(cacheFile: string, markers: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as Partial<CacheFile>;
    if (parsed.markers === markers && parsed.entries && typeof parsed.entries === 'object') {
      return { markers, entries: parsed.entries };
    }
  } catch {
    // missing or corrupt: start afresh
  }
  return { markers, entries: {} };
}

function writeCache(cacheFile: string, cache: CacheFile): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, JSON.stringify(cache), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    // read-only or full disk: the next start scans again
  }
}
