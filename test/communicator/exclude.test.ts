import { describe, expect, it } from 'vitest';
import { compileExcludes, globToRegExp } from '../../src/communicator/exclude.js';
import { copiesContentsOnly } from '../../src/communicator/local.js';

describe('globToRegExp', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'dir/a.txt', false],
    ['**/a.txt', 'a.txt', true],
    ['**/a.txt', 'x/y/a.txt', true],
    ['x/**', 'x/y/z', true],
    ['file?.log', 'file1.log', true],
    ['file?.log', 'file10.log', false],
    ['[ab].txt', 'b.txt', true],
    ['[!ab].txt', 'b.txt', false],
    ['[!ab].txt', 'c.txt', true],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['[unclosed', '[unclosed', true],
  ])('%s against %s is %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('compileExcludes', () => {
  const matches = compileExcludes(['*.log', '/build', 'tmp/', 'docs/*.md', '']);

  it('matches names at any depth for patterns without "/"', () => {
    expect(matches('a.log', false)).toBe(true);
    expect(matches('x/y/a.log', false)).toBe(true);
    expect(matches('x/y/a.txt', false)).toBe(false);
  });

  it('anchors patterns with "/" to the whole relative path', () => {
    expect(matches('build', true)).toBe(true);
    expect(matches('src/build', true)).toBe(false);
    expect(matches('docs/a.md', false)).toBe(true);
    expect(matches('more/docs/a.md', false)).toBe(false);
  });

  it('limits a trailing-"/" pattern to directories', () => {
    expect(matches('x/tmp', true)).toBe(true);
    expect(matches('x/tmp', false)).toBe(false);
  });

  it('matches nothing without patterns', () => {
    expect(compileExcludes(undefined)('anything', false)).toBe(false);
  });
});

describe('copiesContentsOnly', () => {
  it('follows rsync: a trailing "/", "/." or "." means the contents', () => {
    expect(copiesContentsOnly('dir/')).toBe(true);
    expect(copiesContentsOnly('dir/.')).toBe(true);
    expect(copiesContentsOnly('.')).toBe(true);
    expect(copiesContentsOnly('dir')).toBe(false);
    expect(copiesContentsOnly('./dir')).toBe(false);
  });
});
