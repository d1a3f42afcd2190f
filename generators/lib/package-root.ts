/**
 * Locates this package (generator-packer-builder) from the running module, whether it runs
 * from the TypeScript sources (`generators/…`) or the build (`dist/generators/…`), and reads
 * the versions the generated project pins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'generator-packer-builder';

interface OwnPackageJson {
  name: string;
  version: string;
  engines?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

let cached: { root: string; pkg: OwnPackageJson } | undefined;

/** The package's root folder and package.json (searched upwards from this module). */
export function ownPackage(): { root: string; pkg: OwnPackageJson } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as OwnPackageJson;
      if (pkg.name === PACKAGE_NAME) return (cached = { root: dir, pkg });
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(
    `cannot find the ${PACKAGE_NAME} package.json above ${fileURLToPath(import.meta.url)}; reinstall ${PACKAGE_NAME}`,
  );
}

/** The app templates folder (`<package>/templates/app`). */
export function appTemplatesDir(): string {
  return join(ownPackage().root, 'templates', 'app');
}

/**
 * The Node range this package supports and tests (`engines.node` of its package.json). Generated
 * plugins declare the same range, and their install script refuses any other Node.
 */
export const SUPPORTED_NODE_FALLBACK = '^22.18 || >=24.11';

/**
 * Versions the generated project uses for its tools (this package's own ranges), and `node`: the
 * Node range it declares in `engines` (this package's own).
 */
export function toolVersions(): {
  typescript: string;
  esbuild: string;
  vitest: string;
  typesNode: string;
  node: string;
} {
  const { pkg } = ownPackage();
  const dev = { ...pkg.dependencies, ...pkg.devDependencies };
  const pick = (name: string, fallback: string): string => dev[name] ?? fallback;
  return {
    typescript: pick('typescript', '^7.0.2'),
    esbuild: pick('esbuild', '^0.28.2'),
    vitest: pick('vitest', '^5.1.2'),
    typesNode: pick('@types/node', '^24.19.4'),
    node: pkg.engines?.node ?? SUPPORTED_NODE_FALLBACK,
  };
}

/** The default `--sdk`: `^<this package's version>`. */
export function defaultSdk(): string {
  return `^${ownPackage().pkg.version}`;
}
