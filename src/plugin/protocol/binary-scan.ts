import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read per step; the whole binary (~100 MB for Packer 1.6.6) is never held in memory. */
export const SCAN_CHUNK_SIZE = 4 * 1024 * 1024;

/**
 * Which of `markers` (ASCII/UTF-8 text) occur in the file. Reads the file in chunks, keeping
 * the last `longest - 1` bytes of each chunk so a marker that straddles two chunks is still found.
 * Stops early once `stopWhen(found)` is true or every marker was found. Throws the fs error if
 * the file cannot be read.
 */
export function scanFileForMarkers(
  file: string,
  markers: readonly string[],
  stopWhen: (found: ReadonlySet<string>) => boolean = () => false,
  chunkSize: number = SCAN_CHUNK_SIZE,
): Set<string> {
  const needles = markers.map((m) => ({ text: m, bytes: Buffer.from(m, 'utf8') }));
  const longest = needles.reduce((n, m) => Math.max(n, m.bytes.length), 0);
  const found = new Set<string>();
  if (longest === 0) return found;
  const overlap = longest - 1;
  const buf = Buffer.allocUnsafe(Math.max(chunkSize, longest) + overlap);
  const fd = openSync(file, 'r');
  try {
    let kept = 0; // bytes carried over at the start of buf
    for (;;) {
      const n = readSync(fd, buf, kept, buf.length - kept, null);
      if (n === 0) break;
      const filled = kept + n;
      const window = buf.subarray(0, filled);
      for (const needle of needles) {
        if (!found.has(needle.text) && window.indexOf(needle.bytes) !== -1) found.add(needle.text);
      }
      if (found.size === needles.length || stopWhen(found)) break;
      kept = Math.min(overlap, filled);
      buf.copy(buf, 0, filled - kept, filled);
    }
  } finally {
    closeSync(fd);
  }
  return found;
}
