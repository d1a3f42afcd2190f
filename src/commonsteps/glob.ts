/**
 * Go's filepath.Glob for the cd_files / floppy_files patterns: `*`, `?` and `[…]` within one path
 * element; results sorted per directory. Written here (about 40 lines) because Node 20 has no
 * fs.glob and the semantics must be Go's (no `**`, no brace expansion).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** True when the path has a glob meta character (Go: `strings.ContainsAny(path, "*?[")`). */
export function hasGlobMeta(path: string): boolean {
  return /[*?[]/.test(path);
}

function elementRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return /$^/;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Paths matching `pattern` (Go: filepath.Glob); unreadable directories match nothing. */
export function globSync(pattern: string): string[] {
  const abs = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p) => p !== '');
  let bases = [abs ? '/' : ''];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of bases) {
      if (!hasGlobMeta(part)) {
        next.push(base === '' ? part : join(base, part));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(base === '' ? '.' : base).sort();
      } catch {
        continue;
      }
      const re = elementRegExp(part);
      for (const n of names) if (re.test(n)) next.push(base === '' ? n : join(base, n));
    }
    bases = next;
  }
  return bases.filter((p) => existsSync(p));
}
