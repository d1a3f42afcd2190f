/**
 * The version of this SDK (generator-packer-builder) that a plugin bundles, reported as
 * `sdk_version` by `describe`, as Go plugins report the packer-plugin-sdk module version
 * (`version.SDKVersion.String()`, e.g. `0.6.10`). `packer-sdc plugin-check` requires it to be
 * non-empty. A constant rather than a read of package.json at start-up: the bundle and the single
 * executable carry no package.json, and reading one costs start-up time. test/protocol/describe.test.ts
 * checks it equals package.json's `version`.
 */
export const SDK_VERSION = '0.1.0';
