import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFileForMarkers } from '../../src/plugin/protocol/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('scan');
afterAll(tmp.cleanup);

function fileWith(name: string, parts: Array<string | number>): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.alloc(p, 0x2e) : Buffer.from(p)))));
  return file;
}

describe('scanFileForMarkers', () => {
  it('finds a marker that straddles two chunks', () => {
    // chunk size 16: "protocol" ends chunk 1, " version 4" starts chunk 2.
    const file = fileWith('straddle', [8, 'protocol version 4 and lower', 40]);
    for (const chunk of [1, 3, 7, 16, 17, 64]) {
      expect([...scanFileForMarkers(file, ['protocol version 4 and lower', 'absent'], undefined, chunk)]).toEqual([
        'protocol version 4 and lower',
      ]);
    }
  });

  it('finds markers at the very start and the very end', () => {
    const file = fileWith('edges', ['alpha', 100, 'omega']);
    expect(scanFileForMarkers(file, ['alpha', 'omega'], undefined, 8)).toEqual(new Set(['alpha', 'omega']));
  });

  it('stops reading once stopWhen is satisfied', () => {
    const file = fileWith('stop', ['first', 64, 'second']);
    expect(scanFileForMarkers(file, ['first', 'second'], (f) => f.has('first'), 16)).toEqual(new Set(['first']));
  });

  it('reports a missing file as the fs error', () => {
    expect(() => scanFileForMarkers(join(tmp.dir, 'nope'), ['x'])).toThrow(/ENOENT/);
  });
});
