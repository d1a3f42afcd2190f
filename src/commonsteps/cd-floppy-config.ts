/**
 * CD and floppy files given to the machine (Go: packer-plugin-sdk multistep/commonsteps
 * extra_iso_config.go `CDConfig` and floppy_config.go `FloppyConfig`). A plugin's `Config` extends
 * {@link CDConfig} / {@link FloppyConfig}; regenerate-spec spreads their spec entries.
 */
import { statSync } from 'node:fs';
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';
import { globSync, hasGlobMeta } from './glob.js';

export interface CDConfig {
  /** Files and directories put on a CD (globs allowed; a directory keeps its name). */
  cdFiles?: string[];
  /** Files made on the CD from strings: path on the CD → content. */
  cdContent?: Record<string, string>;
  /** The CD's volume label (default `packer`). */
  cdLabel?: string;
}

export interface FloppyConfig {
  /** Files put in the floppy's root (globs allowed). */
  floppyFiles?: string[];
  /** Directories copied to the floppy recursively. */
  floppyDirs?: string[];
  /** Files made on the floppy from strings: path → content. */
  floppyContent?: Record<string, string>;
  /** The floppy's volume label (default `packer`). */
  floppyLabel?: string;
}

export const cdConfigSpecEntries: Readonly<Record<string, Spec>> = {
  cd_files: spec.attr('cd_files', cty.list(cty.string), {
    property: 'cdFiles',
    example: null,
    description: 'Files and directories to put on a CD attached to the machine (globs allowed). Needs xorriso or mkisofs.',
  }),
  cd_content: spec.attr('cd_content', cty.map(cty.string), {
    property: 'cdContent',
    example: null,
    description: 'Files made on the CD from strings: path on the CD → content.',
  }),
  cd_label: spec.attr('cd_label', cty.string, {
    property: 'cdLabel',
    example: null,
    description: "The CD's volume label (default `packer`).",
  }),
};

export const floppyConfigSpecEntries: Readonly<Record<string, Spec>> = {
  floppy_files: spec.attr('floppy_files', cty.list(cty.string), {
    property: 'floppyFiles',
    example: null,
    description: "Files to put in the root of a floppy image attached to the machine (globs allowed).",
  }),
  floppy_dirs: spec.attr('floppy_dirs', cty.list(cty.string), {
    property: 'floppyDirs',
    example: null,
    description: 'Directories to copy to the floppy image recursively.',
  }),
  floppy_content: spec.attr('floppy_content', cty.map(cty.string), {
    property: 'floppyContent',
    example: null,
    description: 'Files made on the floppy from strings: path → content.',
  }),
  floppy_label: spec.attr('floppy_label', cty.string, {
    property: 'floppyLabel',
    example: null,
    description: "The floppy's volume label (default `packer`).",
  }),
};

function statError(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Go's *PathError text: "stat <path>: no such file or directory".
    return err.code === 'ENOENT' ? `stat ${path}: no such file or directory` : `stat ${path}: ${err.message}`;
  }
}

/** Checks cd_files and expands their globs in place (Go: CDConfig.Prepare); Go's messages. */
export function prepareCDConfig(c: CDConfig): string[] {
  const errs: string[] = [];
  const files: string[] = [];
  for (const path of c.cdFiles ?? []) {
    if (hasGlobMeta(path)) {
      files.push(...globSync(path));
      continue;
    }
    files.push(path);
    const err = statError(path);
    if (err) errs.push(`Bad CD disk file '${path}': ${err}`);
  }
  c.cdFiles = files;
  return errs;
}

/** Checks floppy_files and floppy_dirs (Go: FloppyConfig.Prepare); Go's messages. */
export function prepareFloppyConfig(c: FloppyConfig): string[] {
  const errs: string[] = [];
  c.floppyFiles ??= [];
  c.floppyDirs ??= [];
  for (const path of c.floppyFiles) {
    const err = hasGlobMeta(path) ? undefined : statError(path);
    if (err) errs.push(`Bad Floppy disk file '${path}': ${err}`);
  }
  for (const path of c.floppyDirs) {
    const err = hasGlobMeta(path) ? undefined : statError(path);
    if (err) errs.push(`Bad Floppy disk directory '${path}': ${err}`);
  }
  return errs;
}
