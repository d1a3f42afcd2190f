/**
 * The spec module and the configuration docs of a generated project, made by the SAME code
 * `packer-builder regenerate-spec` runs (src/specsync), so `regenerate-spec --check` finds no
 * drift right after generation. ts-morph is loaded only here, and only when needed.
 */

/** What src/specsync exports for us. */
interface SpecSyncModule {
  renderSpecFiles(
    sources: ReadonlyMap<string, string>,
  ): ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;
}

/**
 * `src/config.hcl2spec.ts` and `docs/configuration.md` (paths as specsync names them) for the
 * given project sources, plus the registry docs (docs-partials/, .web-docs/) when `docs` holds
 * `docs/builders/*.mdx`. Problems in the sources (a template bug, or a field regenerate-spec
 * refuses) are thrown with specsync's own message.
 */
export async function renderSpec(
  configTs: string,
  generatedDataTs: string,
  packageJson: string,
  docs: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string>> {
  const specsync = (await import('../../src/specsync/index.js')) as SpecSyncModule;
  const sources = new Map([
    ['src/config.ts', configTs],
    ['src/generated-data.ts', generatedDataTs],
    ['package.json', packageJson],
    // docs/README.md, docs/builders/*.mdx, docs-partials/…: the registry docs sources (optional).
    ...docs,
  ]);
  return new Map(await specsync.renderSpecFiles(sources));
}

/**
 * The registry docs sources of the plugin at `root` on disk (docs/README.md, docs/builders/*.mdx),
 * for {@link renderSpec} when a sub-generator re-renders the spec of an existing plugin.
 */
export async function docsSourcesOnDisk(root: string): Promise<Map<string, string>> {
  const { existsSync, readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const out = new Map<string, string>();
  const readme = join(root, 'docs/README.md');
  if (existsSync(readme)) out.set('docs/README.md', readFileSync(readme, 'utf8'));
  const builders = join(root, 'docs/builders');
  if (existsSync(builders)) {
    for (const f of readdirSync(builders)) {
      if (f.endsWith('.mdx')) out.set(`docs/builders/${f}`, readFileSync(join(builders, f), 'utf8'));
    }
  }
  return out;
}
