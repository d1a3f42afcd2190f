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

/** Versions the generated project uses for its tools (this package's own ranges). */
export function toolVersions(): {
  typescript: string;
  esbuild: string;
  vitest: string;
  typesNode: string;
  node: string;
  postject: string;
  yazl: string;
} {
  const { pkg } = ownPackage();
  const dev = { ...pkg.dependencies, ...pkg.devDependencies };
  const pick = (name: string, fallback: string): string => dev[name] ?? fallback;
  return {
    typescript: pick('typescript', '^5.9.3'),
    esbuild: pick('esbuild', '^0.25.9'),
    vitest: pick('vitest', '^4.1.12'),
    typesNode: pick('@types/node', '^20.19.0'),
    node: pick('node', '^24.0.0'),
    postject: pick('postject', '^1.0.0-alpha.6'),
    yazl: pick('yazl', '^3.3.1'),
  };
}

/** The default `--sdk`: `^<this package's version>`. */
export function defaultSdk(): string {
  return `^${ownPackage().pkg.version}`;
}
