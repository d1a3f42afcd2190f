import type { ObjectSpec } from '../hcl/spec.js';
import type { Artifact } from './artifact.js';
import type { Hook } from './hook.js';
import type { Ui } from './ui.js';

/** What `prepare` resolves to (Go: `([]string generatedVars, []string warnings, error)`). */
export interface PrepareResult {
  /** Names of the build variables this builder provides (`${build.X}`, `{{ build `X` }}`). */
  readonly generatedData: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Builder: the component Packer runs for each `source` (Go: packersdk.Builder).
 *
 * - `configSpec()` is the HCL2 object spec Packer validates the source block against.
 * - `prepare(...raws)` decodes and validates the configuration; it rejects with one
 *   ConfigError listing every problem.
 * - `run(ui, hook, signal)` does the work; `signal` aborts on Ctrl-C (Builder.Cancel).
 */
export interface Builder {
  configSpec(): ObjectSpec;
  prepare(...raws: unknown[]): Promise<PrepareResult>;
  run(ui: Ui, hook: Hook, signal: AbortSignal): Promise<Artifact | undefined>;
}
