/**
 * The modern Packer binaries built by test/modern-packer/build.sh, one per vX.Y.Z module there.
 * A missing binary is a test failure that says how to build it (CI runs the script in scripts/setup.sh).
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Directory holding test/modern-packer/. */
export const MODERN_PACKER_DIR = new URL('../modern-packer/', import.meta.url).pathname;

/** Cache root used by build.sh. */
export function modernPackerCache(): string {
  return process.env.PACKER_MODERN_CACHE || join(process.env.HOME || homedir(), '.cache', 'generator-packer-builder', 'packer');
}

/** One modern Packer to test against. */
export interface ModernPacker {
  /** `1.16.0` */
  version: string;
  /** Absolute path of the binary (may not exist: see {@link requirePacker}). */
  path: string;
}

/** Every version with a module under test/modern-packer/, newest first. */
export function modernPackers(): ModernPacker[] {
  return readdirSync(MODERN_PACKER_DIR)
    .filter((d) => /^v\d+\.\d+\.\d+$/.test(d) && existsSync(join(MODERN_PACKER_DIR, d, 'go.mod')))
    .map((d) => d.slice(1))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((version) => ({ version, path: join(modernPackerCache(), version, 'packer') }));
}

/** Throws a message naming the build command when the binary has not been built. */
export function requirePacker(p: ModernPacker): string {
  if (!existsSync(p.path)) {
    throw new Error(
      `Packer ${p.version} is not built: expected ${p.path}. Build it with ` +
        `\`bash test/modern-packer/build.sh ${p.version}\` (needs Go >= 1.26 and the Go module proxy; ` +
        'scripts/setup.sh runs it; set PACKER_MODERN_CACHE to use another cache directory)',
    );
  }
  return p.path;
}
