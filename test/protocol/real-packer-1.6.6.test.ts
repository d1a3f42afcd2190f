import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_OBJECTSPEC_NAME } from '../../src/plugin/protocol/index.js';
import { DEBIAN_PACKER, tempDir } from './helpers.js';
import { bundleProbePlugin, runProbeBuild } from './probe-plugin.js';

// Debian's Packer 1.6.6 launches the probe plugin found through PACKER_PLUGIN_PATH as
// `packer-plugin-probe start builder b1`; the plugin detects its launcher and hands back a socket.
const tmp = tempDir('real166');
const pluginDir = join(tmp.dir, 'plugins');
afterAll(tmp.cleanup);
beforeAll(async () => {
  mkdirSync(pluginDir);
  await bundleProbePlugin(join(pluginDir, 'packer-plugin-probe'));
});

describe('probe plugin under Debian Packer 1.6.6', () => {
  it('accepts our describe JSON, detects the Debian launcher and connects with the 3-part line', () => {
    const run = runProbeBuild(DEBIAN_PACKER, tmp.dir, {
      PACKER_PLUGIN_PATH: pluginDir,
      XDG_CACHE_HOME: join(tmp.dir, 'cache'),
    });
    const start = run.events[0];
    expect(start?.event).toBe('start');
    if (start?.event !== 'start') return;
    expect(start.args).toEqual(['start', 'builder', 'b1']);
    expect(start.info.handshake).toBe('v4');
    expect(start.info.objectSpecName).toBe(DEBIAN_OBJECTSPEC_NAME);
    expect(start.info.source).toMatch(/^pid \d+ runs \/usr\/bin\/packer: Debian Packer <= 1\.6 \((scanned|cached scan)\)$/);
    expect(run.events[1]).toEqual({ event: 'connected' });
    // The probe closes the connection without serving RPC, so the build fails after the handshake.
    expect(run.output).toContain(`error initializing builder 'probe-b1': EOF`);
    expect(run.status).toBe(1);
  });

  it('shows why the modern 4-part line cannot be sent to 1.6.6', () => {
    const run = runProbeBuild(DEBIAN_PACKER, tmp.dir, {
      PACKER_PLUGIN_PATH: pluginDir,
      XDG_CACHE_HOME: join(tmp.dir, 'cache'),
      PACKER_BUILDER_HANDSHAKE: 'v5',
    });
    expect(run.output).toContain(`error initializing builder 'probe-b1': Unknown address type: 0`);
    expect(run.events.map((e) => e.event)).toEqual(['start']);
  });
});
