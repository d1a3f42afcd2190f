/**
 * Exclude patterns for directory copies.
 *
 * Paths are relative to the directory whose contents are copied, with `/` separators
 * (`a/b.txt`), never including that directory's own name.
 * - A pattern without `/` matches the name of a file or directory at any depth (`*.log`).
 * - A pattern with `/` matches the whole relative path (`build/cache`, `/build` = `build`).
 * - A trailing `/` limits the pattern to directories (`tmp/`).
 * - `*` matches within one path segment, `**` across segments, `?` one character,
 *   `[abc]`/`[a-z]`/`[!a]` one character of a set.
 * An excluded directory is skipped with everything inside it.
 */
export type ExcludeMatcher = (relativePath: string, isDirectory: boolean) => boolean;

interface CompiledPattern {
  readonly regex: RegExp;
  readonly wholePath: boolean;
  readonly directoriesOnly: boolean;
}

/** Translates one glob to an anchored RegExp (see {@link ExcludeMatcher} for the syntax). */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          source += '(?:.*/)?'; // `**/` also matches no directory at all
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      const escaped = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
      source += negate ? `[^/${escaped}]` : `[${escaped}]`;
      i = end;
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

/** Compiles exclude patterns into one matcher (empty patterns are ignored). */
export function compileExcludes(patterns: readonly string[] | undefined): ExcludeMatcher {
  const compiled: CompiledPattern[] = [];
  for (const raw of patterns ?? []) {
    let pattern = raw.trim();
    const directoriesOnly = pattern.endsWith('/');
    pattern = pattern.replace(/\/+$/, '');
    const wholePath = pattern.includes('/');
    pattern = pattern.replace(/^\/+/, '');
    if (pattern === '') continue;
    compiled.push({ regex: globToRegExp(pattern), wholePath, directoriesOnly });
  }
  return (relativePath, isDirectory) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return compiled.some(
      (p) => (!p.directoriesOnly || isDirectory) && p.regex.test(p.wholePath ? relativePath : name),
    );
  };
}

/** Whether `name` contains glob characters (`*`, `?`, `[`). */
export function hasGlob(name: string): boolean {
  return /[*?[]/.test(name);
}
