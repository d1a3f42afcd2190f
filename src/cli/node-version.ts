/**
 * The Node versions this package supports: `engines.node` of its package.json (yeoman-generator 10
 * and yeoman-environment 7 need them). On an older Node the generator fails deep inside its
 * dependencies (Node 20: `TEXT_ENCODINGS.union is not a function`), so the CLI checks first.
 */
export const SUPPORTED_NODE = '^22.18 || >=24.11';

/** Whether Node `version` (`process.versions.node`, e.g. "24.11.0") is in {@link SUPPORTED_NODE}. */
export function nodeSupported(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return (major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major >= 25;
}

/** The error for an unsupported Node: the version, the range, and how to get a supported one. */
export function unsupportedNodeMessage(version: string = process.versions.node, execPath: string = process.execPath): string {
  return (
    `this is Node v${version} (${execPath}); generator-packer-builder needs Node ${SUPPORTED_NODE}. ` +
    'Install a supported Node, or run it through npm (npm run / npx) in a checkout, whose pinned Node 24 comes first on PATH'
  );
}
