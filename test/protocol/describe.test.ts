import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describeJson } from '../../src/plugin/protocol/index.js';
import { SDK_VERSION } from '../../src/plugin/protocol/sdk-version.js';

describe('describeJson', () => {
  it('prints every SetDescription key in Go order, without protocol_version unless asked', () => {
    expect(describeJson({ version: '1.2.3', builders: ['vm', 'disk'] })).toBe(
      '{"version":"1.2.3","sdk_version":"0.1.0","api_version":"x5.0",' +
        '"builders":["disk","vm"],"post_processors":[],"provisioners":[],"datasources":[]}',
    );
  });

  it('adds protocol_version "v2" last, in Go order, when asked to', () => {
    expect(describeJson({ version: '1.2.3', builders: ['vm'], protocolVersion: 'v2' })).toBe(
      '{"version":"1.2.3","sdk_version":"0.1.0","api_version":"x5.0",' +
        '"builders":["vm"],"post_processors":[],"provisioners":[],"datasources":[],"protocol_version":"v2"}',
    );
    expect(describeJson({ version: '1.2.3', builders: ['vm'], protocolVersion: undefined })).not.toContain('protocol_version');
  });

  it('refuses a protocol version Packer does not know', () => {
    expect(() => describeJson({ version: '1.2.3', builders: ['vm'], protocolVersion: 'v3' as 'v2' })).toThrow(
      'plugin describe: protocol version "v3" is not known; use "v2" (protobuf ConfigSpec, Packer >= 1.12) or leave it out (gob)',
    );
  });

  it('keeps a -dev pre-release (accepted by `packer plugins install --path`)', () => {
    const parsed = JSON.parse(describeJson({ version: '0.1.0-dev', builders: ['b'] })) as Record<string, unknown>;
    expect(parsed.version).toBe('0.1.0-dev');
    expect(parsed.api_version).toBe('x5.0');
    expect('protocol_version' in parsed).toBe(false);
  });

  it('explains a version Packer cannot name the installed binary after', () => {
    expect(() => describeJson({ version: 'v1.0', builders: ['b'] })).toThrow(
      'plugin describe: version "v1.0" is not semver (X.Y.Z or X.Y.Z-dev); set "version" in package.json to e.g. "1.0.0"',
    );
  });

  it('rejects missing, duplicate and unusable builder names', () => {
    expect(() => describeJson({ version: '1.0.0', builders: [] })).toThrow(
      'plugin describe: no builders registered; register at least one builder before serving the plugin',
    );
    expect(() => describeJson({ version: '1.0.0', builders: ['a', 'a'] })).toThrow(
      'plugin describe: builder name "a" is registered twice',
    );
    expect(() => describeJson({ version: '1.0.0', builders: ['my builder'] })).toThrow(
      'plugin describe: builder name "my builder" must be letters, digits',
    );
  });

  it('reports this package\'s version as sdk_version (what packer-sdc plugin-check requires)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
    const parsed = JSON.parse(describeJson({ version: '1.0.0', builders: ['b'] })) as Record<string, unknown>;
    expect(parsed.sdk_version).toBe(pkg.version);
  });
});
