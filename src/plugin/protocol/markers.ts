/**
 * Text that tells Packer builds apart. Each was checked on the real binaries: Debian's
 * /usr/bin/packer 1.6.6 and Packer 1.11.2 / 1.16.0 built from the Go module proxy
 * (test/modern-packer/build.sh). See docs/modern-packer.md.
 */

/**
 * In Packer >= 1.7 only: its plugin client rejects the 3-part handshake line with "The protocol of
 * this plugin (protocol version 4 and lower) was deprecated…" (packer/plugin_client.go).
 */
export const MODERN_HANDSHAKE_MARKER = 'protocol version 4 and lower';

/**
 * In Packer <= 1.6 only: its plugin client's API-version error, "Incompatible API version with
 * plugin. Plugin version: %s, Ours: %s" (packer/plugin/client.go at v1.6.6). Modern Packer says
 * "Incompatible API MAJOR version" instead.
 */
export const LEGACY_HANDSHAKE_MARKER = 'Incompatible API version with plugin';

/**
 * Present when hcl was compiled from Packer's vendor directory in GOPATH mode (Debian's 1.6.6
 * package); gob then registers the nested ObjectSpec under the vendored package path.
 */
export const VENDORED_HCLDEC_MARKER = 'github.com/hashicorp/packer/vendor/github.com/hashicorp/hcl/v2/hcldec';

/** gob name of `hcldec.ObjectSpec` in Go-modules builds (official releases, modern Packer). */
export const MODULE_OBJECTSPEC_NAME = 'github.com/hashicorp/hcl/v2/hcldec.ObjectSpec';

/** gob name of `hcldec.ObjectSpec` in Debian's GOPATH/vendor build of Packer 1.6.6. */
export const DEBIAN_OBJECTSPEC_NAME = `${VENDORED_HCLDEC_MARKER}.ObjectSpec`;

/** Every marker the launcher scan looks for, in a fixed order (part of the cache key). */
export const LAUNCHER_MARKERS: readonly string[] = [
  MODERN_HANDSHAKE_MARKER,
  LEGACY_HANDSHAKE_MARKER,
  VENDORED_HCLDEC_MARKER,
];
