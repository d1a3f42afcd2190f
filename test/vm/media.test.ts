/**
 * (e) The CD and floppy images are readable by other tools: listed with `xorriso` and `mdir`
 * (Debian packages xorriso, mtools, dosfstools; scripts/setup.sh installs them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareCDConfig, prepareFloppyConfig, type CDConfig } from '../../src/commonsteps/cd-floppy-config.js';
import { findTool, StepCreateCD, StepCreateFloppy } from '../../src/commonsteps/step-create-media.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { RecordingUi } from '../multistep/fakes.js';

let dir: string;
const tools: Record<string, string> = {};
beforeAll(async () => {
  for (const t of ['xorriso', 'mdir', 'mcopy', 'mkfs.fat']) {
    const p = await findTool([t]);
    expect(p, `${t} is needed (apt-get install xorriso mtools dosfstools; scripts/setup.sh does it)`).toBeDefined();
    tools[t] = p as string;
  }
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm-media-'));
  mkdirSync(join(dir, 'files', 'tree', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'files', 'a.txt'), 'A');
  writeFileSync(join(dir, 'files', 'b.cfg'), 'B');
  writeFileSync(join(dir, 'files', 'tree', 'deep', 'c.txt'), 'C');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type S = BaseState & { cd_path: string; floppy_path: string };
const newState = () => new StateBag<S>({ ui: new RecordingUi() } as Partial<S>);

describe('StepCreateCD', () => {
  it('makes an ISO with files, a directory, globbed files and content; xorriso lists them and the label', async () => {
    const c: CDConfig = { cdFiles: [join(dir, 'files', '*.txt'), join(dir, 'files', 'tree')], cdContent: { 'meta/user-data': '#cloud-config\n' }, cdLabel: 'cidata' };
    expect(prepareCDConfig(c)).toEqual([]);
    expect(c.cdFiles).toEqual([join(dir, 'files', 'a.txt'), join(dir, 'files', 'tree')]);
    const state = newState();
    const step = new StepCreateCD({ files: c.cdFiles ?? [], content: c.cdContent ?? {}, label: c.cdLabel ?? '' });
    expect(await step.run(state as never, new AbortController().signal)).toBe('continue');
    const iso = state.get('cd_path') as string;
    const listing = execFileSync(tools.xorriso as string, ['-indev', iso, '-find', '/', '-type', 'f'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(listing.split('\n').filter((l) => l.startsWith("'")).sort()).toEqual(["'/a.txt'", "'/meta/user-data'", "'/tree/deep/c.txt'"]);
    const info = execFileSync(tools.xorriso as string, ['-indev', iso, '-pvd_info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(info).toMatch(/Volume Id\s*:\s*cidata/);
    const extracted = join(dir, 'out.txt');
    execFileSync(tools.xorriso as string, ['-osirrox', 'on', '-indev', iso, '-extract', '/meta/user-data', extracted], { stdio: 'ignore' });
    expect(execFileSync('cat', [extracted], { encoding: 'utf8' })).toBe('#cloud-config\n');
    await step.cleanup();
    expect(existsSync(iso)).toBe(false);
  });

  it('a missing tool is a named error (PATH without xorriso/mkisofs/genisoimage)', async () => {
    const saved = process.env.PATH;
    process.env.PATH = join(dir, 'empty');
    try {
      const state = newState();
      const step = new StepCreateCD({ files: [join(dir, 'files', 'a.txt')] });
      // /usr/sbin and /sbin are searched too; xorriso lives in /usr/bin, so none is found here
      // unless mkisofs/genisoimage were installed into sbin (they are not on Debian).
      expect(await step.run(state as never, new AbortController().signal)).toBe('halt');
      expect(state.get('error')?.message).toBe(
        'could not find a supported CD ISO creation command (the supported commands are: xorriso, mkisofs, genisoimage); install one, e.g. `apt-get install xorriso`',
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it('prepareCDConfig: a missing file is Go\'s "Bad CD disk file" error', () => {
    expect(prepareCDConfig({ cdFiles: [join(dir, 'nope')] })).toEqual([`Bad CD disk file '${join(dir, 'nope')}': stat ${join(dir, 'nope')}: no such file or directory`]);
  });
});

describe('StepCreateFloppy', () => {
  it('makes a FAT12 1.44 MB image with floppy_files, floppy_dirs and floppy_content; mdir lists them (long names kept)', async () => {
    const state = newState();
    const step = new StepCreateFloppy({
      files: [join(dir, 'files', '*.txt'), join(dir, 'files', 'b.cfg')],
      directories: [join(dir, 'files', 'tree')],
      content: { 'scripts/run.cmd': 'echo hi\r\n' },
      label: 'answers',
    });
    expect(await step.run(state as never, new AbortController().signal)).toBe('continue');
    const img = state.get('floppy_path') as string;
    const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
    const root = execFileSync(tools.mdir as string, ['-b', '-i', img, '::/'], { encoding: 'utf8', env });
    expect(root.trim().split('\n').sort()).toEqual(['::/a.txt', '::/b.cfg', '::/scripts/', '::/tree/'].sort());
    const all = execFileSync(tools.mdir as string, ['-/', '-b', '-i', img, '::/'], { encoding: 'utf8', env });
    expect(all).toContain('::/tree/deep/c.txt');
    expect(all).toContain('::/scripts/run.cmd');
    const label = execFileSync(tools.mdir as string, ['-i', img, '::/'], { encoding: 'utf8', env });
    expect(label).toMatch(/Volume in drive : is ANSWERS/);
    expect(execFileSync('stat', ['-c', '%s', img], { encoding: 'utf8' }).trim()).toBe(String(1440 * 1024));
    const content = execFileSync(tools.mcopy as string, ['-i', img, '::/SCRIPTS/RUN.CMD', '-'], { env });
    expect(content.toString()).toBe('echo hi\r\n');
    await step.cleanup();
    expect(existsSync(img)).toBe(false);
  });

  it('without mkfs.fat on PATH (nor in /usr/sbin, /sbin) a named error says which package to install', async () => {
    const saved = process.env.PATH;
    const onlyMtools = join(dir, 'bin');
    mkdirSync(onlyMtools);
    process.env.PATH = onlyMtools;
    try {
      const found = await findTool(['mkfs.fat', 'mkfs.vfat', 'mkdosfs']);
      const state = newState();
      const step = new StepCreateFloppy({ files: [join(dir, 'files', 'a.txt')] });
      const action = await step.run(state as never, new AbortController().signal);
      if (found === undefined) {
        expect(action).toBe('halt');
        expect(state.get('error')?.message).toBe('could not find mkfs.fat to make the floppy image; install it, e.g. `apt-get install dosfstools`');
      } else {
        // mkfs.fat is in /usr/sbin (searched even off PATH): then mcopy/mmd (in /usr/bin) are the missing ones.
        expect(action).toBe('halt');
        expect(state.get('error')?.message).toBe('could not find mcopy/mmd to fill the floppy image; install them, e.g. `apt-get install mtools`');
      }
    } finally {
      process.env.PATH = saved;
    }
  });

  it('prepareFloppyConfig: Go\'s messages for missing files and directories', () => {
    expect(prepareFloppyConfig({ floppyFiles: [join(dir, 'x')], floppyDirs: [join(dir, 'y')] })).toEqual([
      `Bad Floppy disk file '${join(dir, 'x')}': stat ${join(dir, 'x')}: no such file or directory`,
      `Bad Floppy disk directory '${join(dir, 'y')}': stat ${join(dir, 'y')}: no such file or directory`,
    ]);
  });
});
