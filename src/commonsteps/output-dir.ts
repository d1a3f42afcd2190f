/**
 * The output directory of a build (Go: the `output_directory` field every VM builder declares, and
 * packer-plugin-sdk multistep/commonsteps/step_output_dir.go). A plugin's `Config` extends
 * {@link OutputDirConfig}; regenerate-spec spreads {@link outputDirConfigSpecEntries}.
 */
import { access, mkdir, rm, stat, writeFile, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';

export interface OutputDirConfig {
  /** Where the build's files go (default `output-<build name>`); must not exist unless `-force`. */
  outputDirectory?: string;
}

export const outputDirConfigSpecEntries: Readonly<Record<string, Spec>> = {
  output_directory: spec.attr('output_directory', cty.string, {
    property: 'outputDirectory',
    example: null,
    description:
      'Directory the build writes its files to (default `output-<build name>`). It must not exist, unless `packer build -force` is used, which deletes it first.',
  }),
};

/** Sets the default `output-<build name>` (Go: `fmt.Sprintf("output-%s", b.config.PackerBuildName)`). */
export function prepareOutputDirConfig(c: OutputDirConfig & { packerBuildName?: string }, builderType = 'build'): string[] {
  if (!c.outputDirectory) c.outputDirectory = `output-${c.packerBuildName || builderType}`;
  return [];
}

export interface StepOutputDirOptions {
  /** `packer build -force`: delete an existing directory first. */
  force: boolean;
  path: string;
}

/**
 * Creates the output directory (Go: StepOutputDir). An existing one is an error without `-force`
 * (nothing is touched) and is deleted with it. On cleanup after a halted or cancelled build the
 * directory this step created is deleted (up to 5 tries, 2 s apart, as Go); a directory that made
 * the step refuse is never deleted.
 */
export class StepOutputDir implements Step<BaseState> {
  readonly name = 'StepOutputDir';
  private created = false;

  constructor(readonly options: StepOutputDirOptions) {}

  async run(state: StateBag<BaseState>): Promise<StepAction> {
    const ui = state.require('ui');
    const { path, force } = this.options;
    if (await exists(path)) {
      if (!force) {
        state.put('error', new Error(`Output directory exists: ${path}\n\nUse the force flag to delete it prior to building.`));
        return 'halt';
      }
      await tell(ui, 'say', 'Deleting previous output directory...');
      await rm(path, { recursive: true, force: true });
    }
    this.created = true;
    try {
      await mkdir(path, { recursive: true, mode: 0o755 });
    } catch (e) {
      state.put('error', e as Error);
      return 'halt';
    }
    const probe = join(path, '_packer_perm_check');
    try {
      await writeFile(probe, '');
      await access(probe, constants.W_OK);
      await rm(probe, { force: true });
    } catch (e) {
      state.put('error', new Error(`Couldn't write to output directory: ${(e as Error).message}`));
      return 'halt';
    }
    return 'continue';
  }

  async cleanup(state: StateBag<BaseState>): Promise<void> {
    if (!this.created) return;
    if (!state.has('cancelled') && !state.has('halted')) return;
    await tell(state.require('ui'), 'say', 'Deleting output directory...');
    for (let i = 0; i < 5; i++) {
      try {
        await rm(this.options.path, { recursive: true, force: true });
        return;
      } catch (e) {
        log(`Error removing output dir: ${(e as Error).message}`);
        await sleep(2000);
      }
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
