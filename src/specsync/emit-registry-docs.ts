/**
 * The plugin's docs in the layout of HashiCorp's integration registry, as Go plugins made from
 * hashicorp/packer-plugin-scaffolding have them (its GNUmakefile `generate` target):
 *
 * - `docs/README.md` and `docs/builders/<builder>.mdx`: sources the author edits; they pull the
 *   generated configuration reference in with `@include 'builder/<name>/Config.mdx'`;
 * - `docs-partials/builder/<name>/Config.mdx`: that generated partial (Go: `packer-sdc
 *   struct-markdown` writes `Config-required.mdx` / `Config-not-required.mdx` from struct
 *   comments; here it is the Required / Optional / Blocks sections of docs/configuration.md);
 * - `.web-docs/README.md` and `.web-docs/components/builder/<builder>/README.md`: the sources with
 *   every `@include '…'` replaced by the partial's bytes (Go: `packer-sdc renderdocs -src docs
 *   -partials docs-partials -dst .docs`, then `.web-docs/scripts/compile-to-webdocs.sh` moves
 *   `builders/X.mdx` to `components/builder/X/README.md`, without its front matter);
 * - `.web-docs/metadata.hcl`: written once by the generator, edited by the author (not rendered).
 *
 * Rendered only when `docs/builders/` holds an `.mdx` file, so plugins made before this layout
 * keep their outputs. Include resolution follows renderdocs: the text between `@include '` and
 * the next `'` names a file under the partials folder; the include is replaced verbatim.
 */

/** Where the registry layout lives, relative to the plugin directory. */
export const DOCS_SOURCE_DIR = 'docs';
export const DOCS_PARTIALS_DIR = 'docs-partials';
export const WEB_DOCS_DIR = '.web-docs';

/** Read access to the plugin's files (paths relative to the plugin directory, `/` separators). */
export interface DocsFileAccess {
  /** The file's text, or undefined when it does not exist. */
  readFile(rel: string): string | undefined;
  /** The names of the files directly in folder `rel` (empty when it does not exist). */
  listFiles(rel: string): string[];
}

export interface RegistryDocsInput {
  /** NAME of `packer-plugin-NAME` (package.json `name`). */
  readonly pluginName: string;
  /** The formatted text of the configuration reference (docs/configuration.md) rendered in this run. */
  readonly configDocs: string;
  /** Where it comes from, for the generated-code comment (`src/config.ts`). */
  readonly configFile: string;
  readonly configType: string;
  readonly files: DocsFileAccess;
}

/** Thrown for an `@include` that names no partial: the message names the file and the fix. */
export class RegistryDocsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryDocsError';
  }
}

/** The partial's path under docs-partials/ for a plugin. */
export function configPartialPath(pluginName: string): string {
  return `builder/${pluginName}/Config.mdx`;
}

/**
 * The generated partial and the rendered `.web-docs/` files (relative path → text), or an empty
 * map when the plugin has no `docs/builders/*.mdx`.
 * @throws RegistryDocsError when a source includes a partial that does not exist.
 */
export function registryDocsFiles(input: RegistryDocsInput): Map<string, string> {
  const out = new Map<string, string>();
  const builders = input.files
    .listFiles(`${DOCS_SOURCE_DIR}/builders`)
    .filter((f) => f.endsWith('.mdx'))
    .sort();
  if (builders.length === 0) return out;

  const partialRel = configPartialPath(input.pluginName);
  const partial = configPartial(input);
  out.set(`${DOCS_PARTIALS_DIR}/${partialRel}`, partial);
  const partialText = (path: string, source: string): string => {
    if (path === partialRel) return partial;
    const text = input.files.readFile(`${DOCS_PARTIALS_DIR}/${path}`);
    if (text === undefined) {
      throw new RegistryDocsError(
        `${source}: @include '${path}': no such partial (${DOCS_PARTIALS_DIR}/${path}); ` +
          `the generated configuration partial is '${partialRel}'`,
      );
    }
    return text;
  };

  const readme = input.files.readFile(`${DOCS_SOURCE_DIR}/README.md`);
  if (readme !== undefined) {
    out.set(`${WEB_DOCS_DIR}/README.md`, renderIncludes(readme, `${DOCS_SOURCE_DIR}/README.md`, partialText));
  }
  for (const file of builders) {
    const source = `${DOCS_SOURCE_DIR}/builders/${file}`;
    const text = input.files.readFile(source) ?? '';
    const component = file.slice(0, -'.mdx'.length);
    out.set(
      `${WEB_DOCS_DIR}/components/builder/${component}/README.md`,
      stripFrontMatter(renderIncludes(text, source, partialText)),
    );
  }
  return out;
}

/**
 * The configuration partial: docs/configuration.md's field sections (from its first `## `
 * heading to the closing `---`), one heading level down so they sit under the page's own
 * `## Configuration` heading, between struct-markdown's generated-code comments.
 */
function configPartial(input: RegistryDocsInput): string {
  const lines = input.configDocs.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## '));
  let end = lines.lastIndexOf('---');
  if (end < start) end = lines.length;
  const body = (start < 0 ? [] : lines.slice(start, end))
    .map((l) => (/^#{2,5} /.test(l) ? `#${l}` : l))
    .join('\n')
    .trim();
  const from = `the JSDoc of ${input.configType} in ${input.configFile}`;
  return [
    `<!-- Code generated from ${from} by "packer-builder regenerate-spec"; DO NOT EDIT MANUALLY -->`,
    '',
    body,
    '',
    `<!-- End of code generated from ${from}; -->`,
    '',
  ].join('\n');
}

/** renderdocs' substitution: every `@include 'PATH'` becomes the partial's text. */
function renderIncludes(text: string, source: string, partial: (path: string, source: string) => string): string {
  return text.replace(/@include '([^']*)'/g, (_, path: string) => partial(path, source));
}

/** Drops a leading YAML front matter block (`---` … `---`) and the blank lines after it. */
function stripFrontMatter(text: string): string {
  if (!text.startsWith('---\n')) return text;
  const end = text.indexOf('\n---\n', 4);
  if (end < 0) return text;
  return text.slice(end + 5).replace(/^\n+/, '');
}

/** The part of ts-morph's FileSystemHost the registry docs read. */
interface HostFs {
  fileExistsSync(path: string): boolean;
  readFileSync(path: string, encoding?: string): string;
  directoryExistsSync(path: string): boolean;
  readDirSync(path: string): { name: string; isFile: boolean }[];
}

/**
 * {@link registryDocsFiles} over the files of the plugin at `rootDir` in `fs` (the spec project's
 * file system: the disk for regenerate-spec, memory for the generator). Empty when there is no
 * package.json naming the plugin.
 */
export function registryDocsFromHost(
  fs: HostFs,
  rootDir: string,
  configDocs: string,
  configFile: string,
  configType: string,
): Map<string, string> {
  const abs = (rel: string): string => `${rootDir.replace(/\/$/, '')}/${rel}`;
  const readFile = (rel: string): string | undefined =>
    fs.fileExistsSync(abs(rel)) ? fs.readFileSync(abs(rel), 'utf8') : undefined;
  const pkgText = readFile('package.json');
  if (pkgText === undefined) return new Map();
  let name: unknown;
  try {
    name = (JSON.parse(pkgText) as { name?: unknown }).name;
  } catch {
    return new Map(); // paths.ts reports a broken package.json
  }
  if (typeof name !== 'string' || name === '') return new Map();
  return registryDocsFiles({
    pluginName: name.replace(/^packer-plugin-/, ''),
    configDocs,
    configFile,
    configType,
    files: {
      readFile,
      listFiles: (rel) =>
        fs.directoryExistsSync(abs(rel))
          ? fs
              .readDirSync(abs(rel))
              .filter((e) => e.isFile)
              .map((e) => e.name.split('/').pop() as string)
          : [],
    },
  });
}
