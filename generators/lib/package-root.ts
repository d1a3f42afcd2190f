/**
 * Locates this package (generator-packer-builder) from the running module, whether it runs
 * from the TypeScript sources (`generators/…`) or the build (`dist/generators/…`), and reads
 * the versions the generated project pins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
 * Versions the generated project uses for its tools (this package's own ranges), `node`: the
 * Node range it declares in `engines` (this package's own), and `nodeBinary`: the npm registry's
 * `node` package its npm scripts run on and its single executable embeds.
 */
export function toolVersions(): {
  typescript: string;
  esbuild: string;
  vitest: string;
  typesNode: string;
  node: string;
  nodeBinary: string;
  postject: string;
  yazl: string;
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
    nodeBinary: pick('node', '24.21.0'),
    postject: pick('postject', '^1.0.0-alpha.6'),
    yazl: pick('yazl', '^3.3.1'),
  };
}

/**
 * How this copy of the package was installed, from npm's hidden lockfile
 * (`<dir>/node_modules/.package-lock.json`, written by every npm ≥ 7 install, global ones
 * included): `{ resolved }` of its entry (`resolved` is absent for registry packages when npm
 * runs with `omit-lockfile-registry-resolved`), or undefined when it is not inside a
 * `node_modules` folder (a checkout, or `npm link`: Node runs the link's real path) or npm
 * recorded nothing.
 */
export function installedFrom(root: string = ownPackage().root): { resolved?: string } | undefined {
  const parent = dirname(root);
  if (basename(parent) !== 'node_modules') return undefined;
  try {
    const lock = JSON.parse(readFileSync(join(parent, '.package-lock.json'), 'utf8')) as {
      packages?: Record<string, { resolved?: string; link?: boolean }>;
    };
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
      if (key === `node_modules/${PACKAGE_NAME}` || key.endsWith(`/node_modules/${PACKAGE_NAME}`)) {
        return entry.link ? { resolved: 'file:' } : entry.resolved === undefined ? {} : { resolved: entry.resolved };
      }
    }
  } catch {
    // No hidden lockfile (e.g. installed by another package manager): unknown origin.
  }
  return undefined;
}

/**
 * The default `--sdk`, decided offline from where this generator runs (the registry is never
 * asked at generation time):
 * - `^<version>` when this copy came from a registry (its hidden-lockfile entry resolves to an
 *   http(s) URL, or to nothing where npm omits registry URLs): that version exists there, so
 *   the plugin can install it anywhere;
 * - otherwise `file:<this package's root>` (a checkout, `npm link`, `npm install -g ./x.tgz`):
 *   the plugin installs exactly the generator that made it, which works on a machine where this
 *   package is not on the registry at all.
 */
export function defaultSdk(root: string = ownPackage().root): string {
  const from = installedFrom(root);
  if (from && (from.resolved === undefined || /^https?:\/\//.test(from.resolved))) return `^${ownPackage().pkg.version}`;
  return `file:${root}`;
}
