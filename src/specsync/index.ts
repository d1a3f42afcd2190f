/**
 * regenerate-spec: keeps a plugin's HCL spec module, generated-data list and configuration docs
 * in sync with its `Config` / `GeneratedData` types (read with ts-morph; no plugin code runs).
 */
export { SpecSyncError, formatProblem, type SpecSyncProblem } from './errors.js';
export { DEFAULT_SPEC_SYNC_PATHS, type SpecSyncPaths } from './paths.js';
export { hclNameOf } from './hcl-name.js';
export { renderSpecFiles, readSpecModel, type SpecModel } from './render.js';
export type { ConfigModel } from './to-spec.js';
export { regenerateSpec, type RegenerateOptions, type RegenerateResult } from './regenerate.js';
export { GENERATED_MARKER } from './emit-spec.js';
export { PRETTIER_OPTIONS } from './format.js';
