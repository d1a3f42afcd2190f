/** Generated data checked where it is handed to Packer (issue 9 §4). */
import { describe, expect, it } from 'vitest';
import { checkGeneratedData, GeneratedDataError } from '../../src/rpc/services/generated-data.js';
import { ArtifactService } from '../../src/rpc/services/artifact-server.js';
import type { Artifact } from '../../src/sdk/artifact.js';

describe('checkGeneratedData', () => {
  it('passes strings, booleans and whole numbers (what Packer core turns into build variables)', () => {
    expect(checkGeneratedData({ A: 'x', B: true, Port: 22, Big: -9007199254740991 }, 'w')).toEqual({ A: 'x', B: true, Port: 22, Big: -9007199254740991 });
    expect(checkGeneratedData(undefined, 'w')).toBeNull();
    expect(checkGeneratedData(null, 'w')).toBeNull();
  });

  it('leaves undefined keys out, like a Go builder that never set them, and logs each by name', () => {
    const logs: string[] = [];
    const out = checkGeneratedData({ ImageId: undefined, Kept: 'k' }, "the packer_provision hook's data", (l) => logs.push(l));
    expect(out).toEqual({ Kept: 'k' });
    expect(Object.keys(out ?? {})).toEqual(['Kept']);
    expect(logs).toEqual([`the packer_provision hook's data: generated data "ImageId" is undefined; left unset, as by a Go builder that never sets it`]);
  });

  const bad: [string, unknown, string][] = [
    ['null', null, '"K" is null'],
    ['a list', ['a'], '"K" is a list'],
    ['a map', { a: 1 }, '"K" is a map'],
    ['a fraction', 1.5, '"K" is the fraction 1.5'],
    ['NaN', Number.NaN, '"K" is NaN'],
    ['an unsafe integer', 2 ** 60, '"K" is the integer 1152921504606847000, too large to be exact'],
    ['a Date', new Date(0), '"K" is a Date'],
    ['bytes', new Uint8Array(1), '"K" is binary data'],
    ['a bigint', 1n, '"K" is a bigint'],
  ];
  it.each(bad)('refuses %s naming the key', (_n, value, named) => {
    expect(() => checkGeneratedData({ K: value, Fine: 'f' }, 'where', undefined)).toThrow(GeneratedDataError);
    expect(() => checkGeneratedData({ K: value }, 'where')).toThrow(named);
  });

  it('names every bad key at once, and refuses data that is not a map', () => {
    expect(() => checkGeneratedData({ A: [], B: null, C: 'ok' }, 'the artifact')).toThrow(
      /^the artifact: generated data "A" is a list, "B" is null; a build variable must be a string, a whole number or a boolean/,
    );
    expect(() => checkGeneratedData(['x'], 'w')).toThrow('w: generated data must be an object of names to values, got a list');
  });

  it('the cleanup provisioner gets the usable keys (bad ones logged and left out)', () => {
    const logs: string[] = [];
    expect(checkGeneratedData({ A: ['x'], B: 'b' }, 'cleanup', (l) => logs.push(l), true)).toEqual({ B: 'b' });
    expect(logs.join('\n')).toMatch(/"A" is a list.*\(left out\)$/);
  });

  it('keeps a __proto__ key as data, never as the prototype', () => {
    const data = JSON.parse('{"__proto__":"p","A":"a"}') as Record<string, unknown>;
    const out = checkGeneratedData(data, 'w') as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'A']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe("ArtifactService.State('generated_data')", () => {
  const artifact = (data: unknown): Artifact => ({
    builderId: () => 'b',
    files: () => [],
    id: () => 'i',
    string: () => 's',
    state: (name) => (name === 'generated_data' ? data : name === 'other' ? [1.5] : undefined),
    destroy: async () => undefined,
  });
  it('hands Packer the checked data, and other state as it is', () => {
    const svc = new ArtifactService(artifact({ A: 'a', U: undefined }));
    expect(svc.State('generated_data')).toEqual({ A: 'a' });
    expect(svc.State('other')).toEqual([1.5]);
    expect(svc.State('missing')).toBeNull();
  });
  it('gives no data (and logs why) for a value Packer cannot use', () => {
    const logs: string[] = [];
    const svc = new ArtifactService(artifact({ A: ['x'] }), (l) => logs.push(l));
    expect(svc.State('generated_data')).toBeNull();
    expect(logs.join('\n')).toContain('"A" is a list');
  });
});
