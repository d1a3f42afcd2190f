/**
 * Launcher detection, handshake line, `describe` JSON and its protocol version (gob or protobuf
 * ConfigSpec): what differs between Packer 1.6 and modern Packer.
 */
export type { LauncherInfo } from './launcher-info.js';
export { detectLauncher, launcherCacheFile, HANDSHAKE_ENV, OBJECTSPEC_NAME_ENV, MAX_ANCESTORS } from './launcher.js';
export type { DetectOptions } from './launcher.js';
export { formatHandshake, API_VERSION_MAJOR, API_VERSION_MINOR } from './handshake.js';
export { describeJson, DESCRIBE_API_VERSION, DESCRIBE_SDK_VERSION } from './describe.js';
export type { DescribeDefinition } from './describe.js';
export { chooseProtocolVersion, PROTOCOL_VERSION_2 } from './protocol-version.js';
export type { ProtocolChoice } from './protocol-version.js';
export { MODULE_OBJECTSPEC_NAME, DEBIAN_OBJECTSPEC_NAME } from './markers.js';
export { probePackerBinary, probePackerBinaryCached } from './packer-binary-probe.js';
export type { PackerBinaryTraits, CachedProbe } from './packer-binary-probe.js';
export { scanFileForMarkers } from './binary-scan.js';
