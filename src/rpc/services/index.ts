/** Packer's plugin RPC services on top of net/rpc: Builder, Ui, Hook, Communicator, Artifact. */
export { BuilderService, type BuilderServiceOptions, type PrepareReply } from './builder-server.js';
export { ArtifactService } from './artifact-server.js';
export { CommunicatorService } from './communicator-server.js';
export { RemoteHook } from './hook-client.js';
export { RemoteUi, maskUiArgs } from './ui-client.js';
export { registerUi } from './ui-server.js';
export { fileInfoFromWire, goTimeFromWire } from './fileinfo.js';
export { encodeConfigSpecFor, type ConfigSpecEncoding } from './config-spec.js';
export { CLEANUP_BOUND_MS, serveBuilderConnection, type ServeBuilderOptions } from './serve-builder.js';
export { mask } from './mask.js';
