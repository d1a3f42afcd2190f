import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_OBJECTSPEC_NAME } from '../../src/plugin/protocol/index.js';
import { tempDir } from '../protocol/helpers.js';
import { bundleProbePlugin, runProbeBuild } from '../protocol/probe-plugin.js';
import { modernPackers, requirePacker } from './modern-packers.js';

// The probe plugin (test/protocol/fixtures/probe-plugin.ts) installed with `packer plugins install --path`
// into each modern Packer: describe accepted, file naming, launcher detection and the 4-part handshake.
const tmp = tempDir('modern-hs');
let bundle = '';
let wrapper = '';
afterAll(tmp.cleanup);
beforeAll(async () => {
  bundle = await bundleProbePlugin(join(tmp.dir, 'packer-plugin-probe'));
  // A wrapper that execs node: argv[1] is then the bundle, so detection must scan the parent.
  wrapper = join(tmp.dir, 'probe-wrapper.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec node ${JSON.stringify(bundle)} "$@"\n`);
  chmodSync(wrapper, 0o755);
});

function install(packer: string, home: string, binary: string): { status: number | null; output: string } {
  const res = spawnSync(packer, ['plugins', 'install', '--path', binary, 'github.com/test/probe'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CHECKPOINT_DISABLE: '1' },
  });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

describe.each(modernPackers())('Packer $version', (p) => {
  it('installs the probe plugin under the x5.0 name with its SHA256SUM', () => {
    const packer = requirePacker(p);
    const home = join(tmp.dir, `home-install-${p.version}`);
    mkdirSync(home);
    const res = install(packer, home, bundle);
    // No ~/.packer.d and no PACKER_CONFIG_DIR: the XDG default ~/.config/packer/plugins.
    const installed = join(home, '.config/packer/plugins/github.com/test/probe/packer-plugin-probe_v1.2.3_x5.0_linux_amd64');
    expect(res.output.trim()).toBe(`Successfully installed plugin github.com/test/probe from ${bundle} to ${installed}`);
    expect(res.status).toBe(0);
    expect(readFileSync(installed)).toEqual(readFileSync(bundle));
    expect(existsSync(`${installed}_SHA256SUM`)).toBe(true);
    const listed = spawnSync(packer, ['plugins', 'installed'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CHECKPOINT_DISABLE: '1' },
    });
    expect(listed.stdout.trim()).toBe(installed);
  });

  it('starts the installed plugin: detected from its file name, 4-part line accepted', () => {
    const packer = requirePacker(p);
    const home = join(tmp.dir, `home-name-${p.version}`);
    mkdirSync(home);
    expect(install(packer, home, bundle).status).toBe(0);
    const run = runProbeBuild(packer, home, { HOME: home, XDG_CACHE_HOME: join(home, 'cache') });
    expect(run.events[0]).toEqual({
      event: 'start',
      args: ['start', 'builder', 'b1'],
      info: {
        handshake: 'v5',
        objectSpecName: MODULE_OBJECTSPEC_NAME,
        source: 'installed as packer-plugin-probe_v1.2.3_x5.0_linux_amd64 (packer plugins install layout, Packer >= 1.7)',
      },
    });
    expect(run.events[1]).toEqual({ event: 'connected' });
    expect(run.output).not.toContain('protocol version 4');
    expect(run.status).toBe(1); // the probe serves no RPC
  });

  it('behind an exec wrapper: detected by scanning the parent packer binary', () => {
    const packer = requirePacker(p);
    const home = join(tmp.dir, `home-wrap-${p.version}`);
    mkdirSync(home);
    expect(install(packer, home, wrapper).status).toBe(0);
    const run = runProbeBuild(packer, home, { HOME: home, XDG_CACHE_HOME: join(home, 'cache') });
    const start = run.events[0];
    expect(start?.event).toBe('start');
    if (start?.event !== 'start') return;
    expect(start.info.handshake).toBe('v5');
    expect(start.info.objectSpecName).toBe(MODULE_OBJECTSPEC_NAME);
    expect(start.info.source).toMatch(/^pid \d+ runs \/.+\/packer: Packer >= 1\.7 \(scanned\)$/);
    expect(run.events[1]).toEqual({ event: 'connected' });
  });

  it('refuses the 1.6-style 3-part line with the deprecation message', () => {
    const packer = requirePacker(p);
    const home = join(tmp.dir, `home-v4-${p.version}`);
    mkdirSync(home);
    expect(install(packer, home, bundle).status).toBe(0);
    const run = runProbeBuild(packer, home, { HOME: home, PACKER_BUILDER_HANDSHAKE: 'v4' });
    expect(run.output.replace(/\s+/g, ' ')).toContain(
      "error initializing builder 'probe-b1': The protocol of this plugin (protocol version 4 and lower) was deprecated",
    );
    expect(run.events.map((e) => e.event)).toEqual(['start']);
  });
});
