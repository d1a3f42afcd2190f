import { describe, expect, it } from 'vitest';
import { formatHandshake } from '../../src/plugin/protocol/index.js';
import type { LauncherInfo } from '../../src/plugin/protocol/index.js';
import { readVector } from './helpers.js';

const v4: LauncherInfo = { handshake: 'v4', objectSpecName: 'x.ObjectSpec', source: 'test' };
const v5: LauncherInfo = { handshake: 'v5', objectSpecName: 'x.ObjectSpec', source: 'test' };

describe('formatHandshake', () => {
  it('writes the 3-part line Packer 1.6.6 read from its own Go plugin', () => {
    const captured = readVector<{ handshake: string }>('configspec/configspec-builder-file.rpc.json').handshake;
    const address = captured.split('|')[2] ?? '';
    expect(captured.startsWith('5|unix|/')).toBe(true);
    expect(formatHandshake(v4, 'unix', address)).toBe(captured);
  });

  it('writes APIVersionMajor|APIVersionMinor|network|address for modern Packer', () => {
    expect(formatHandshake(v5, 'unix', '/tmp/packer-plugin123')).toBe('5|0|unix|/tmp/packer-plugin123');
    expect(formatHandshake(v5, 'tcp', '127.0.0.1:10000')).toBe('5|0|tcp|127.0.0.1:10000');
    expect(formatHandshake(v4, 'tcp', '127.0.0.1:10000')).toBe('5|tcp|127.0.0.1:10000');
  });

  it('refuses an address that would break the single stdout line', () => {
    expect(() => formatHandshake(v5, 'unix', '/tmp/a\nb')).toThrow(
      'plugin handshake: listener address "/tmp/a\\nb" must be non-empty and on one line; Packer reads exactly one stdout line',
    );
    expect(() => formatHandshake(v4, 'unix', '')).toThrow('plugin handshake: listener address "" must be non-empty');
  });
});
