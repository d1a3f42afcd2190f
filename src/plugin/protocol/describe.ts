import { API_VERSION_MAJOR, API_VERSION_MINOR } from './handshake.js';
import { PROTOCOL_VERSION_2 } from './protocol-version.js';
import { SDK_VERSION } from './sdk-version.js';

/** `api_version` in `describe`; modern Packer requires it to equal the `_x5.0_` part of the installed file name. */
export const DESCRIBE_API_VERSION = `x${API_VERSION_MAJOR}.${API_VERSION_MINOR}`;

/**
 * `sdk_version` in `describe`: this SDK's version (`X.Y.Z`), as Go plugins report the
 * packer-plugin-sdk version. No Packer version reads it; `packer-sdc plugin-check` requires it.
 */
export const DESCRIBE_SDK_VERSION = SDK_VERSION;

/** What the plugin binary contains. */
export interface DescribeDefinition {
  /** Plugin version, semver `X.Y.Z` (optionally `-dev`); modern Packer compares it with the installed file name. */
  version: string;
  /** Builder names; Packer exposes each as the type `<plugin name>-<builder>`. */
  builders: string[];
  /**
   * `v2`: Packer >= 1.12 may start builders with `--protobuf` and read the ConfigSpec as
   * protobuf (see {@link chooseProtocolVersion}). Left out: gob only.
   */
  protocolVersion?: typeof PROTOCOL_VERSION_2 | undefined;
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const COMPONENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The JSON a multi-component plugin prints for `<binary> describe`, accepted by Packer 1.6.6 and
 * by modern Packer (1.7 … 1.16). Keys are in Go's `SetDescription` order:
 * `{"version","sdk_version","api_version","builders","post_processors","provisioners","datasources"[,"protocol_version"]}`.
 *
 * `protocol_version` is written only as `"v2"` (when `def.protocolVersion` says so): Packer
 * >= 1.12 then starts the builder with `--protobuf` (unless PACKER_FORCE_GOB is set) and reads a
 * protobuf ConfigSpec. Without it, Packer treats the plugin as gob only. Packer 1.6.6 to 1.11
 * ignore the keys they do not know (`api_version`, `datasources`, `protocol_version`).
 * Returned without a trailing newline.
 */
export function describeJson(def: DescribeDefinition): string {
  if (!SEMVER.test(def.version)) {
    throw new Error(
      `plugin describe: version ${JSON.stringify(def.version)} is not semver (X.Y.Z or X.Y.Z-dev); ` +
        'set "version" in package.json to e.g. "1.0.0" — `packer plugins install` names the binary after it',
    );
  }
  if (def.builders.length === 0) {
    throw new Error('plugin describe: no builders registered; register at least one builder before serving the plugin');
  }
  const seen = new Set<string>();
  for (const name of def.builders) {
    if (!COMPONENT_NAME.test(name) && name !== '-packer-default-plugin-name-') {
      throw new Error(
        `plugin describe: builder name ${JSON.stringify(name)} must be letters, digits, '_', '.' or '-' ` +
          '(Packer passes it as an argument: `start builder <name>`)',
      );
    }
    if (seen.has(name)) throw new Error(`plugin describe: builder name ${JSON.stringify(name)} is registered twice`);
    seen.add(name);
  }
  if (def.protocolVersion !== undefined && def.protocolVersion !== PROTOCOL_VERSION_2) {
    throw new Error(
      `plugin describe: protocol version ${JSON.stringify(def.protocolVersion)} is not known; ` +
        `use "${PROTOCOL_VERSION_2}" (protobuf ConfigSpec, Packer >= 1.12) or leave it out (gob)`,
    );
  }
  return JSON.stringify({
    version: def.version,
    sdk_version: DESCRIBE_SDK_VERSION,
    api_version: DESCRIBE_API_VERSION,
    builders: [...def.builders].sort(),
    post_processors: [],
    provisioners: [],
    datasources: [],
    ...(def.protocolVersion === PROTOCOL_VERSION_2 ? { protocol_version: PROTOCOL_VERSION_2 } : {}),
  });
}
