/**
 * Makes the CD and floppy images of cd_files/cd_content and floppy_files/floppy_dirs/floppy_content
 * (Go: packer-plugin-sdk multistep/commonsteps/step_create_cdrom.go and step_create_floppy.go).
 * CDs are made with the first tool found of `xorriso` (as `genisoimage`), `mkisofs`, `genisoimage`,
 * as Go does; floppies (1.44 MB FAT12) with `mkfs.fat` and mtools' `mmd`/`mcopy` (Go has its own FAT
 * writer; these Debian tools are the kept equivalents). A missing tool is a named error.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';
import { globSync, hasGlobMeta } from './glob.js';

const run = promisify(execFile);

/** A needed program is not installed; names it and the Debian package. */
export class ToolNotFoundError extends Error {
  override readonly name = 'ToolNotFoundError';
}

/** The first of `names` found on PATH, or undefined. */
export async function findTool(names: readonly string[]): Promise<string | undefined> {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    if (!dir) continue;
    for (const n of names) {
      try {
        const p = join(dir, n);
        const st = await stat(p);
        if (st.isFile() && (st.mode & 0o111) !== 0) return p;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

async function runTool(path: string, args: string[], signal: AbortSignal): Promise<void> {
  log(`Executing ${basename(path)}: ${JSON.stringify(args)}`);
  try {
    await run(path, args, { signal, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: unknown };
    throw new Error(`${basename(path)} failed (${String(err.code ?? err.message)}): ${String(err.stderr ?? '').trim()}`);
  }
}

/** Copies a file to `dir`, or a directory as `dir/<its name>/…` (Go: StepCreateCD.AddFile). */
async function addPath(dir: string, src: string): Promise<void> {
  const st = await stat(src).catch((e: Error) => {
    throw new Error(`Error adding path to CD: ${e.message}`);
  });
  await cp(src, join(dir, basename(resolve(src))), { recursive: st.isDirectory() });
}

async function addContent(dir: string, files: Readonly<Record<string, string>>, what: string): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const dst = join(dir, path);
    if (!resolve(dst).startsWith(resolve(dir))) throw new Error(`Error writing file ${path} on ${what}: the path leaves the ${what}`);
    await mkdir(dirname(dst), { recursive: true });
    await writeFile(dst, content);
  }
}

export interface StepCreateCDOptions {
  files?: readonly string[];
  content?: Readonly<Record<string, string>>;
  /** Default `packer`. */
  label?: string;
}

/** Makes the CD image; puts its path in state `cd_path`; deletes it on cleanup (Go: StepCreateCD). */
export class StepCreateCD implements Step<BaseState & { cd_path: string }> {
  readonly name = 'StepCreateCD';
  /** The image made (until cleanup). */
  cdPath: string | undefined;
  private work: string | undefined;

  constructor(readonly options: StepCreateCDOptions) {}

  async run(state: StateBag<BaseState & { cd_path: string }>, signal: AbortSignal): Promise<StepAction> {
    const files = this.options.files ?? [];
    const content = this.options.content ?? {};
    if (files.length === 0 && Object.keys(content).length === 0) {
      log('No CD files specified. CD disk will not be made.');
      return 'continue';
    }
    const ui = state.require('ui');
    await tell(ui, 'say', 'Creating CD disk...');
    const label = this.options.label || 'packer';
    try {
      const tool = await findTool(['xorriso', 'mkisofs', 'genisoimage']);
      if (!tool) {
        throw new ToolNotFoundError(
          'could not find a supported CD ISO creation command (the supported commands are: xorriso, mkisofs, genisoimage); install one, e.g. `apt-get install xorriso`',
        );
      }
      this.work = await mkdtemp(join(tmpdir(), 'packer_to_cdrom'));
      const root = join(this.work, 'root');
      await mkdir(root);
      for (const f of files) await addPath(root, f);
      await addContent(root, content, 'CD');
      const out = join(this.work, 'packer.iso');
      const args = basename(tool) === 'xorriso'
        ? ['-as', 'genisoimage', '-rock', '-joliet', '-volid', label, '-output', out, root]
        : ['-joliet', '-rock', '-volid', label, '-o', out, root];
      await runTool(tool, args, signal);
      this.cdPath = out;
    } catch (e) {
      state.put('error', e instanceof ToolNotFoundError ? e : new Error(`Error creating CD: ${(e as Error).message}`));
      return 'halt';
    }
    await tell(ui, 'message', 'Done copying paths from CD_dirs');
    state.put('cd_path', this.cdPath);
    return 'continue';
  }

  async cleanup(): Promise<void> {
    if (this.cdPath) log(`Deleting CD disk: ${this.cdPath}`);
    if (this.work) await rm(this.work, { recursive: true, force: true });
    this.work = undefined;
    this.cdPath = undefined;
  }
}

export interface StepCreateFloppyOptions {
  files?: readonly string[];
  directories?: readonly string[];
  content?: Readonly<Record<string, string>>;
  /** Default `packer`. */
  label?: string;
}

/** Makes a 1.44 MB FAT12 floppy image; state `floppy_path`; deleted on cleanup (Go: StepCreateFloppy). */
export class StepCreateFloppy implements Step<BaseState & { floppy_path: string }> {
  readonly name = 'StepCreateFloppy';
  floppyPath: string | undefined;
  private work: string | undefined;

  constructor(readonly options: StepCreateFloppyOptions) {}

  async run(state: StateBag<BaseState & { floppy_path: string }>, signal: AbortSignal): Promise<StepAction> {
    const files = this.options.files ?? [];
    const dirs = this.options.directories ?? [];
    const content = this.options.content ?? {};
    if (files.length === 0 && dirs.length === 0 && Object.keys(content).length === 0) {
      log('No floppy files specified. Floppy disk will not be made.');
      return 'continue';
    }
    const ui = state.require('ui');
    await tell(ui, 'say', 'Creating floppy disk...');
    const label = this.options.label || 'packer';
    try {
      const mkfs = await findTool(['mkfs.fat', 'mkfs.vfat', 'mkdosfs']);
      const mcopy = await findTool(['mcopy']);
      const mmd = await findTool(['mmd']);
      if (!mkfs) throw new ToolNotFoundError('could not find mkfs.fat to make the floppy image; install it, e.g. `apt-get install dosfstools`');
      if (!mcopy || !mmd) throw new ToolNotFoundError('could not find mcopy/mmd to fill the floppy image; install them, e.g. `apt-get install mtools`');
      this.work = await mkdtemp(join(tmpdir(), 'packer-floppy-'));
      const image = join(this.work, 'floppy.img');
      await runTool(mkfs, ['-C', '-F', '12', '-n', label.toUpperCase().slice(0, 11), image, '1440'], signal);
      const env = { MTOOLS_SKIP_CHECK: '1' };
      const mtool = async (tool: string, args: string[]): Promise<void> => {
        log(`Executing ${basename(tool)}: ${JSON.stringify(args)}`);
        try {
          await run(tool, args, { signal, env: { ...process.env, ...env } });
        } catch (e) {
          const err = e as Error & { stderr?: string };
          throw new Error(`${basename(tool)} failed: ${String(err.stderr ?? err.message).trim()}`);
        }
      };
      await tell(ui, 'message', 'Copying files flatly from floppy_files');
      for (const pattern of files) {
        const matches = hasGlobMeta(pattern) ? globSync(pattern) : [pattern];
        for (const f of matches) {
          await tell(ui, 'message', `Copying file: ${f}`);
          await mtool(mcopy, ['-o', '-i', image, f, `::/${basename(f)}`]);
        }
      }
      await tell(ui, 'message', 'Done copying files from floppy_files');
      await tell(ui, 'message', 'Collecting paths from floppy_dirs');
      for (const pattern of dirs) {
        const matches = hasGlobMeta(pattern) ? globSync(pattern) : [pattern];
        for (const d of matches) {
          await tell(ui, 'message', `Adding path: ${d}`);
          await mtool(mcopy, ['-s', '-o', '-i', image, d, `::/`]);
        }
      }
      await tell(ui, 'message', 'Done copying paths from floppy_dirs');
      if (Object.keys(content).length > 0) {
        const staged = join(this.work, 'content');
        await addContent(staged, content, 'floppy');
        for (const path of Object.keys(content)) {
          const parts = path.split('/').filter((p) => p !== '');
          for (let i = 1; i < parts.length; i++) {
            await mtool(mmd, ['-D', 's', '-i', image, `::/${parts.slice(0, i).join('/')}`]).catch(() => undefined);
          }
          await mtool(mcopy, ['-o', '-i', image, join(staged, path), `::/${parts.join('/')}`]);
        }
        await tell(ui, 'message', 'Done copying paths from floppy_content');
      }
      this.floppyPath = image;
    } catch (e) {
      state.put('error', e instanceof ToolNotFoundError ? e : new Error(`Error creating floppy: ${(e as Error).message}`));
      return 'halt';
    }
    state.put('floppy_path', this.floppyPath);
    return 'continue';
  }

  async cleanup(): Promise<void> {
    if (this.floppyPath) log(`Deleting floppy disk: ${this.floppyPath}`);
    if (this.work) await rm(this.work, { recursive: true, force: true });
    this.work = undefined;
    this.floppyPath = undefined;
  }
}
