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
 * given project sources. Problems in the sources (a template bug, or a field regenerate-spec
 * refuses) are thrown with specsync's own message.
 */
export async function renderSpec(
  configTs: string,
  generatedDataTs: string,
  packageJson: string,
): Promise<Map<string, string>> {
  const specsync = (await import('../../src/specsync/index.js')) as SpecSyncModule;
  const sources = new Map([
    ['src/config.ts', configTs],
    ['src/generated-data.ts', generatedDataTs],
    ['package.json', packageJson],
  ]);
  return new Map(await specsync.renderSpecFiles(sources));
}
