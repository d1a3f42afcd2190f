/**
 * generator-packer-builder: the runtime SDK that generated Packer builder plugins import.
 *
 * This entry is runtime-only: it must never import generator code (yeoman, ts-morph, prettier),
 * because a plugin's build bundles everything reachable from here into one file.
 */
// The plugin API (Go: packer-plugin-sdk/packer).
export type { Builder, PrepareResult } from './sdk/builder.js';
export type { Artifact } from './sdk/artifact.js';
export type { Ui } from './sdk/ui.js';
export { HOOK_PROVISION, HOOK_CLEANUP_PROVISION, type Hook } from './sdk/hook.js';
export type { Communicator, RemoteCmd, RunningCommand, FileInfo } from './sdk/communicator.js';
export type { Duration } from './sdk/duration.js';

// HCL spec model and cty types.
export { cty, ctyTypeString, ctyTypeToJson, ctyTypeFromJson, type CtyType } from './hcl/cty.js';
export {
  spec,
  propertyOf,
  type ObjectSpec,
  type Spec,
  type AttrSpec,
  type BlockSpec,
  type BlockListSpec,
  type BlockAttrsSpec,
  type FieldMeta,
} from './hcl/spec.js';
// Example values and prepare test cases derived from a spec (the generated tests use them).
export {
  exampleValues,
  minimalValues,
  specCases,
  type ExampleValue,
  type SpecCases,
  type SpecDefaultCase,
  type SpecFieldCase,
  type SpecWrongCase,
} from './hcl/examples.js';

// Configuration decoding (Go: packer-plugin-sdk/template/config).
export {
  decodeConfig,
  ConfigError,
  formatMultiError,
  parseDuration,
  commonSpecEntries,
  type ConfigProblem,
  type DecodeOptions,
  type DecodeResult,
  type InterpolateOptions,
  type OnErrorMode,
  type PackerCommonConfig,
} from './config/index.js';
export { registerSecrets, redact, REDACTED } from './secrets/index.js';

// multistep (Go: packer-plugin-sdk/multistep and commonsteps).
export {
  StateBag,
  BasicRunner,
  DebugRunner,
  newRunner,
  StepProvision,
  debugPauseViaUi,
  populateProvisionHookData,
  type BaseState,
  type Step,
  type StepAction,
  type Runner,
  type RunResult,
  type DebugPauseFn,
} from './multistep/index.js';

// The local communicator.
export { LocalCommunicator, type LocalCommunicatorOptions } from './communicator/index.js';

// Serving a plugin to Packer.
export { servePlugin, DEFAULT_COMPONENT_NAME, type PluginDefinition } from './plugin/index.js';
