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
  withoutMachine,
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
export { installOutputRedaction, secretForms } from './secrets/index.js';
export { DepthLimitError, MAX_DECODE_DEPTH } from './config/depth.js';

// multistep (Go: packer-plugin-sdk/multistep and commonsteps).
export {
  StateBag,
  BasicRunner,
  DebugRunner,
  newRunner,
  StepProvision,
  FatalBuildError,
  debugPauseViaUi,
  populateProvisionHookData,
  afterAbort,
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

// The SSH communicator, Packer's communicator settings and steps (Go: packer-plugin-sdk/communicator).
// ssh2 is loaded only when a connection is made or a key is parsed.
export {
  SSHCommunicator,
  CMD_DISCONNECT,
  communicatorSpecEntries,
  prepareCommunicatorConfig,
  generateKeyPair,
  StepSSHKeyGen,
  StepConnect,
  StepCleanupTempKeys,
  type CommunicatorConfig,
  type PreparedCommunicatorConfig,
  type SSHConnectOptions,
  type SSHState,
  type StepConnectOptions,
} from './communicator/ssh/index.js';
// The common VM-builder parts (Go: packer-plugin-sdk multistep/commonsteps, bootcommand,
// shutdowncommand): configs a plugin's Config extends, their spec entries, prepare functions, steps.
export {
  type ISOConfig,
  isoConfigSpecEntries,
  prepareISOConfig,
  type PrepareProblems,
  type HTTPConfig,
  httpConfigSpecEntries,
  prepareHTTPConfig,
  type CDConfig,
  cdConfigSpecEntries,
  prepareCDConfig,
  type FloppyConfig,
  floppyConfigSpecEntries,
  prepareFloppyConfig,
  type OutputDirConfig,
  outputDirConfigSpecEntries,
  prepareOutputDirConfig,
  StepDownload,
  type StepDownloadOptions,
  type DownloadState,
  cachePath,
  StepHTTPServer,
  type StepHTTPServerOptions,
  httpServerOptionsFromConfig,
  StepCreateCD,
  type StepCreateCDOptions,
  StepCreateFloppy,
  type StepCreateFloppyOptions,
  ToolNotFoundError,
  StepOutputDir,
  type StepOutputDirOptions,
  getChecksum,
  checksumString,
  ChecksumMismatchError,
  ChecksumParseError,
  type FileChecksum,
} from './commonsteps/index.js';
export {
  type BootConfig,
  type VNCConfig,
  bootConfigSpecEntries,
  vncConfigSpecEntries,
  prepareBootConfig,
  prepareVNCConfig,
  BOOT_COMMAND_INTERPOLATE_EXCLUDE,
  flatBootCommand,
  renderBootCommand,
  type BootCommandTemplateData,
  parseBootCommand,
  validateBootEvents,
  bootEventString,
  formatGoDuration,
  BootCommandSyntaxError,
  SPECIAL_KEYS,
  type SpecialKey,
  type BootEvent,
  type KeyAction,
  type BootCommandDriver,
  type KeyEventSink,
  KeysymDriver,
  SPECIAL_KEYSYMS,
  runBootCommand,
  StepTypeBootCommand,
  type StepTypeBootCommandOptions,
} from './bootcommand/index.js';
export {
  type ShutdownConfig,
  shutdownConfigSpecEntries,
  prepareShutdownConfig,
  StepShutdown,
  type StepShutdownOptions,
} from './shutdowncommand/index.js';
