/**
 * The default `--sdk` is decided offline from where the generator was installed (npm's hidden
 * lockfile), never by asking a registry: a range only for a copy that came from a registry,
 * else `file:` this copy (checkouts, `npm link`, tarballs), which works where the package is
 * not published. One case per way of installing it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSdk, ownPackage } from '../../generators/lib/package-root.js';
import { REPO_ROOT, scratchDir } from './helpers.js';

const VERSION = ownPackage().pkg.version;

describe('default --sdk', () => {
  it.each([
    { way: 'from the npm registry', entry: { version: VERSION, resolved: `https://registry.npmjs.org/generator-packer-builder/-/generator-packer-builder-${VERSION}.tgz` }, expected: 'range' },
    { way: 'from a registry, npm omitting registry URLs', entry: { version: VERSION }, expected: 'range' },
    { way: 'from an npm pack tarball', entry: { version: VERSION, resolved: 'file:../generator-packer-builder.tgz' }, expected: 'file' },
    { way: 'from a folder (file: dependency)', entry: { resolved: 'file:../checkout' }, expected: 'file' },
    { way: 'as a link', entry: { resolved: '../../checkout', link: true }, expected: 'file' },
    { way: 'by a package manager that writes no hidden lockfile', entry: undefined, expected: 'file' },
  ])('installed $way: $expected', ({ entry, expected }) => {
    const nm = join(scratchDir('gpb-sdk-'), 'node_modules');
    const root = join(nm, 'generator-packer-builder');
    mkdirSync(root, { recursive: true });
    if (entry) writeFileSync(join(nm, '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/generator-packer-builder': entry } }));
    expect(defaultSdk(root)).toBe(expected === 'range' ? `^${VERSION}` : `file:${root}`);
  });

  it('run from a checkout: file: the checkout', () => {
    expect(defaultSdk()).toBe(`file:${REPO_ROOT.replace(/\/$/, '')}`);
  });
});
