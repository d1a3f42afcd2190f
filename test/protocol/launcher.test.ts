import { existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEBIAN_OBJECTSPEC_NAME,
  MODULE_OBJECTSPEC_NAME,
  detectLauncher,
  launcherCacheFile,
  probePackerBinary,
} from '../../src/plugin/protocol/index.js';
import { DEBIAN_PACKER, tempDir } from './helpers.js';

const tmp = tempDir('launcher');
afterAll(tmp.cleanup);
let n = 0;

/** A fake procfs: each process is [pid, exe file, parent pid]. */
function fakeProc(processes: Array<[number, string, number]>): string {
  const root = join(tmp.dir, `proc${++n}`);
  for (const [pid, exe, ppid] of processes) {
    mkdirSync(join(root, String(pid)), { recursive: true });
    symlinkSync(exe, join(root, String(pid), 'exe'));
    writeFileSync(join(root, String(pid), 'status'), `Name:\tx\nState:\tS (sleeping)\nPid:\t${pid}\nPPid:\t${ppid}\n`);
  }
  return root;
}

function fakeBinary(name: string, text: string): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, `\x7fELF....${text}....`);
  return file;
}

const modernPacker = fakeBinary('packer-modern', 'The protocol of this plugin (protocol version 4 and lower) was deprecated');
const officialOld = fakeBinary('packer-1.6-official', 'Incompatible API version with plugin. Plugin version');
const debianOld = fakeBinary(
  'packer-1.6-debian',
  'Incompatible API version with plugin. github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec.ObjectSpec',
);
const shell = fakeBinary('sh', 'just a shell');
const plainArgv = ['/usr/bin/node', '/home/u/.packer.d/plugins/packer-plugin-demo', 'start', 'builder', 'vm'];

function cacheFile(): string {
  return join(tmp.dir, `cache${++n}`, 'launcher-probe.json');
}

describe('detectLauncher: overrides and command line', () => {
  it('takes both env overrides without probing anything', () => {
    const info = detectLauncher(
      { PACKER_BUILDER_HANDSHAKE: 'v4', PACKER_BUILDER_OBJECTSPEC_NAME: 'example.com/x/hcldec.ObjectSpec' },
      { argv: plainArgv, ppid: 4242, procRoot: join(tmp.dir, 'no-proc') },
    );
    expect(info).toEqual({
      handshake: 'v4',
      objectSpecName: 'example.com/x/hcldec.ObjectSpec',
      source: 'PACKER_BUILDER_HANDSHAKE=v4; PACKER_BUILDER_OBJECTSPEC_NAME=example.com/x/hcldec.ObjectSpec',
    });
  });

  it('names the variable and the valid values when an override is wrong', () => {
    expect(() => detectLauncher({ PACKER_BUILDER_HANDSHAKE: '5' }, { argv: plainArgv })).toThrow(
      'PACKER_BUILDER_HANDSHAKE="5" is not valid: use v4 (Packer 1.6 and older, line "5|unix|…") or v5 (Packer 1.7 and newer, line "5|0|unix|…"), or unset it to detect the launcher',
    );
    expect(() => detectLauncher({ PACKER_BUILDER_OBJECTSPEC_NAME: 'hcldec' }, { argv: plainArgv })).toThrow(
      `PACKER_BUILDER_OBJECTSPEC_NAME="hcldec" is not valid: it must be a Go type name ending in ".ObjectSpec", e.g. ${MODULE_OBJECTSPEC_NAME} or ${DEBIAN_OBJECTSPEC_NAME}`,
    );
  });

  it('reads the modern install layout from the script name', () => {
    const info = detectLauncher(
      {},
      {
        argv: ['/usr/bin/node', '/r/.packer.d/plugins/github.com/acme/demo/packer-plugin-demo_v1.0.0_x5.0_linux_amd64', 'start', 'builder', 'vm'],
        procRoot: join(tmp.dir, 'no-proc'),
      },
    );
    expect(info).toEqual({
      handshake: 'v5',
      objectSpecName: MODULE_OBJECTSPEC_NAME,
      source: 'installed as packer-plugin-demo_v1.0.0_x5.0_linux_amd64 (packer plugins install layout, Packer >= 1.7)',
    });
  });

  it('treats --protobuf as proof of Packer >= 1.12', () => {
    const info = detectLauncher({}, { argv: ['/usr/bin/node', '/x/packer-plugin-demo', 'start', 'builder', '--protobuf', 'vm'] });
    expect(info.handshake).toBe('v5');
    expect(info.source).toBe('--protobuf argument (Packer >= 1.12)');
  });
});

describe('detectLauncher: scanning the parent executable', () => {
  it('recognises modern Packer as the parent', () => {
    const proc = fakeProc([[100, modernPacker, 1]]);
    const info = detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cacheFile() });
    expect(info).toEqual({
      handshake: 'v5',
      objectSpecName: MODULE_OBJECTSPEC_NAME,
      source: `pid 100 runs ${modernPacker}: Packer >= 1.7 (scanned)`,
    });
  });

  it('recognises an official 1.6 build (3-part line, module gob name)', () => {
    const proc = fakeProc([[100, officialOld, 1]]);
    const info = detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cacheFile() });
    expect(info.handshake).toBe('v4');
    expect(info.objectSpecName).toBe(MODULE_OBJECTSPEC_NAME);
  });

  it('walks past a shell wrapper to the grand-parent', () => {
    const proc = fakeProc([
      [100, shell, 200],
      [200, debianOld, 1],
    ]);
    const info = detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cacheFile() });
    expect(info).toEqual({
      handshake: 'v4',
      objectSpecName: DEBIAN_OBJECTSPEC_NAME,
      source: `pid 100 runs ${shell}: not Packer; pid 200 runs ${debianOld}: Debian Packer <= 1.6 (scanned)`,
    });
  });

  it('gives up after three ancestors and defaults to modern Packer', () => {
    const proc = fakeProc([
      [100, shell, 200],
      [200, shell, 300],
      [300, shell, 400],
      [400, debianOld, 1],
    ]);
    const info = detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cacheFile() });
    expect(info.handshake).toBe('v5');
    expect(info.objectSpecName).toBe(MODULE_OBJECTSPEC_NAME);
    expect(info.source).toBe(
      `pid 100 runs ${shell}: not Packer; pid 200 runs ${shell}: not Packer; pid 300 runs ${shell}: not Packer; defaulting to v5 (Packer >= 1.7)`,
    );
  });

  it('defaults to modern Packer when /proc cannot be read', () => {
    const info = detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: join(tmp.dir, 'no-proc'), cacheFile: cacheFile() });
    expect(info.handshake).toBe('v5');
    expect(info.source).toBe(`cannot read ${join(tmp.dir, 'no-proc', '100', 'exe')} (ENOENT); defaulting to v5 (Packer >= 1.7)`);
  });

  it('uses the scan for the gob name when only the handshake is forced', () => {
    const proc = fakeProc([[100, debianOld, 1]]);
    const info = detectLauncher({ PACKER_BUILDER_HANDSHAKE: 'v5' }, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cacheFile() });
    expect(info.handshake).toBe('v5');
    expect(info.objectSpecName).toBe(DEBIAN_OBJECTSPEC_NAME);
  });
});

describe('detectLauncher: scan cache', () => {
  it('scans once, then answers from the cache until the binary changes', () => {
    const exe = fakeBinary('packer-changing', 'Incompatible API version with plugin');
    const proc = fakeProc([[100, exe, 1]]);
    const cache = cacheFile();
    const opts = { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cache };
    expect(detectLauncher({}, opts).source).toBe(`pid 100 runs ${exe}: Packer <= 1.6 (scanned)`);
    expect(existsSync(cache)).toBe(true);
    expect(detectLauncher({}, opts).source).toBe(`pid 100 runs ${exe}: Packer <= 1.6 (cached scan)`);

    // Same path, new content, new size and mtime (an upgrade in place).
    writeFileSync(exe, 'now with protocol version 4 and lower inside');
    utimesSync(exe, new Date(), new Date(Date.now() + 5000));
    const after = detectLauncher({}, opts);
    expect(after.handshake).toBe('v5');
    expect(after.source).toBe(`pid 100 runs ${exe}: Packer >= 1.7 (scanned)`);
  });

  it('survives a corrupt cache file by scanning again and rewriting it', () => {
    const proc = fakeProc([[100, modernPacker, 1]]);
    const cache = cacheFile();
    mkdirSync(join(cache, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(cache, '{not json');
    expect(detectLauncher({}, { argv: plainArgv, ppid: 100, procRoot: proc, cacheFile: cache }).handshake).toBe('v5');
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { entries: Record<string, { handshake: string }> };
    expect(Object.values(saved.entries).map((e) => e.handshake)).toEqual(['v5']);
  });

  it('keeps the cache in the user\'s cache directory, never in TMPDIR', () => {
    expect(launcherCacheFile({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/generator-packer-builder/launcher/launcher-probe.json');
    expect(launcherCacheFile({ XDG_CACHE_HOME: 'rel', HOME: '/h' })).toBe('/h/.cache/generator-packer-builder/launcher/launcher-probe.json');
    expect(launcherCacheFile({ TMPDIR: '/t', HOME: '/h' })).toBe('/h/.cache/generator-packer-builder/launcher/launcher-probe.json');
    expect(launcherCacheFile({ TMPDIR: '/t' })).toBeUndefined();
  });
});

describe('markers on the real Debian Packer 1.6.6', () => {
  it('finds the 1.6 handshake marker and the vendored hcldec path', () => {
    expect(probePackerBinary(DEBIAN_PACKER)).toEqual({ handshake: 'v4', vendoredHcl: true });
  });

  it('finds no Packer marker in node itself', () => {
    expect(probePackerBinary(process.execPath)).toEqual({ handshake: undefined, vendoredHcl: false });
  });
});
