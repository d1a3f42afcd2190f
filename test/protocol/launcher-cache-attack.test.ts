/**
 * The launcher-probe cache against another local user (issue 10 §1). The plugin runs as root here
 * (the Packer user); `runuser -u nobody` is the attacker; a 1777 directory stands in for /tmp.
 * (As a non-root user the tests use `sudo -n runuser`.) The old cache lived in `${TMPDIR}/generator-packer-builder-<uid>/` and trusted what it found:
 * a forged verdict broke the next build, and a planted `launcher-probe.json.<pid>.tmp` symlink
 * made the plugin overwrite a file of its user.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHER_MARKERS } from '../../src/plugin/protocol/markers.js';
import { detectLauncher, launcherCacheFile } from '../../src/plugin/protocol/index.js';
import { asNobody, tempDir } from './helpers.js';

const tmp = tempDir('cache-attack');
afterAll(tmp.cleanup);

const plainArgv = ['/usr/bin/node', '/home/u/.packer.d/plugins/packer-plugin-demo', 'start', 'builder', 'vm'];
let shared: string;
let victimHome: string;
let exe: string;
let proc: string;
let victimFile: string;

beforeAll(() => {
  // world-writable sticky dir, like /tmp; the tree above is made traversable for nobody
  chmodSync(tmp.dir, 0o755);
  shared = join(tmp.dir, 'shared-tmp');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  victimHome = join(tmp.dir, 'root-home');
  mkdirSync(victimHome, { mode: 0o700 });
  victimFile = join(victimHome, 'precious.txt');
  writeFileSync(victimFile, 'the Packer user\'s file\n');
  // a Debian-1.6.6-like Packer binary and a procfs where our parent runs it
  exe = join(tmp.dir, 'packer');
  writeFileSync(exe, '\x7fELF Incompatible API version with plugin. github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec.ObjectSpec');
  proc = join(tmp.dir, 'proc');
  mkdirSync(join(proc, '100'), { recursive: true });
  symlinkSync(exe, join(proc, '100', 'exe'));
  writeFileSync(join(proc, '100', 'status'), 'Name:\tpacker\nPPid:\t1\n');
});

/** The verdict an attacker forges for our binary: "modern Packer" (the build then fails). */
function forgedCache(): string {
  const st = statSync(exe);
  const key = `${exe}|${st.size}|${Math.trunc(st.mtimeMs)}|${st.dev}:${st.ino}`;
  return JSON.stringify({ markers: LAUNCHER_MARKERS.join('\n'), entries: { [key]: { handshake: 'v5', vendoredHcl: false, at: 1 } } });
}

const detect = (env: NodeJS.ProcessEnv) => detectLauncher(env, { argv: plainArgv, ppid: 100, procRoot: proc });

describe('the launcher cache is not fooled by another user', () => {
  it('ignores TMPDIR entirely: a forged verdict and tmp-file symlinks planted there change nothing', () => {
    const uid = process.getuid?.() ?? 0;
    const oldDir = join(shared, `generator-packer-builder-${uid}`);
    writeFileSync(join(tmp.dir, 'forged.json'), forgedCache());
    chmodSync(join(tmp.dir, 'forged.json'), 0o644);
    asNobody(
      `mkdir -m 777 '${oldDir}' && cp '${join(tmp.dir, 'forged.json')}' '${oldDir}/launcher-probe.json' && ` +
        `ln -s '${victimFile}' '${oldDir}/launcher-probe.json.${process.pid}.tmp'`,
    );
    const before = readdirSync(oldDir).sort();
    const info = detect({ TMPDIR: shared, HOME: victimHome });
    expect(info.handshake).toBe('v4');
    expect(info.source).toBe(`pid 100 runs ${exe}: Debian Packer <= 1.6 (scanned)`);
    expect(readFileSync(victimFile, 'utf8')).toBe('the Packer user\'s file\n');
    expect(readdirSync(oldDir).sort()).toEqual(before);
    expect(readdirSync(shared)).toEqual([`generator-packer-builder-${uid}`]);
    // the verdict went to the user's own cache, in a 0700 directory
    const own = launcherCacheFile({ HOME: victimHome }) as string;
    expect(existsSync(own)).toBe(true);
    expect(lstatSync(join(own, '..')).mode & 0o777).toBe(0o700);
    expect(detect({ TMPDIR: shared, HOME: victimHome }).source).toBe(`pid 100 runs ${exe}: Debian Packer <= 1.6 (cached scan)`);
  });

  it('a cache directory made by another user (XDG_CACHE_HOME pointing into a shared place) is a miss and is never written', () => {
    const xdg = join(shared, 'xdg');
    const dir = join(xdg, 'generator-packer-builder', 'launcher');
    asNobody(`mkdir -p -m 777 '${dir}' && chmod 777 '${xdg}' '${join(xdg, 'generator-packer-builder')}' && cat > '${dir}/launcher-probe.json' <<'EOF2'\n${forgedCache()}\nEOF2\nchmod 666 '${dir}/launcher-probe.json'`);
    const before = readFileSync(join(dir, 'launcher-probe.json'), 'utf8');
    const info = detect({ XDG_CACHE_HOME: xdg, HOME: victimHome });
    expect(info.handshake).toBe('v4');
    expect(info.source).toMatch(new RegExp(`^scan cache not used: ${dir} is owned by uid 65534, not \\d+; pid 100 runs ${exe}: Debian Packer <= 1\\.6 \\(scanned\\)$`));
    expect(readFileSync(join(dir, 'launcher-probe.json'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['launcher-probe.json']);
  });

  it('our own directory with group/other access, a symlinked directory, or a symlinked cache file: each is a miss', () => {
    // 0755 directory of ours
    const loose = join(tmp.dir, 'loose');
    mkdirSync(join(loose, 'generator-packer-builder', 'launcher'), { recursive: true, mode: 0o755 });
    chmodSync(join(loose, 'generator-packer-builder', 'launcher'), 0o755);
    writeFileSync(join(loose, 'generator-packer-builder', 'launcher', 'launcher-probe.json'), forgedCache());
    const a = detect({ XDG_CACHE_HOME: loose });
    expect(a.handshake).toBe('v4');
    expect(a.source).toContain('has mode 755, not 700');

    // the directory is a symlink (to a private directory of the attacker's choosing)
    const linked = join(tmp.dir, 'linked');
    const target = join(tmp.dir, 'elsewhere');
    mkdirSync(target, { mode: 0o700 });
    writeFileSync(join(target, 'launcher-probe.json'), forgedCache());
    mkdirSync(join(linked, 'generator-packer-builder'), { recursive: true });
    symlinkSync(target, join(linked, 'generator-packer-builder', 'launcher'));
    const b = detect({ XDG_CACHE_HOME: linked });
    expect(b.handshake).toBe('v4');
    expect(b.source).toContain('is a symbolic link');

    // private directory, but the cache file is a symlink to a forged verdict: not followed, then replaced
    const filelink = join(tmp.dir, 'filelink');
    const dir = join(filelink, 'generator-packer-builder', 'launcher');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const forged = join(tmp.dir, 'forged-target.json');
    writeFileSync(forged, forgedCache());
    symlinkSync(forged, join(dir, 'launcher-probe.json'));
    const c = detect({ XDG_CACHE_HOME: filelink });
    expect(c.handshake).toBe('v4');
    expect(c.source).toBe(`pid 100 runs ${exe}: Debian Packer <= 1.6 (scanned)`);
    expect(readFileSync(forged, 'utf8')).toBe(forgedCache());
    expect(lstatSync(join(dir, 'launcher-probe.json')).isFile()).toBe(true);
  });
});
