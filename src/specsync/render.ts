/**
 * The one code path that turns a plugin's Config / GeneratedData types into the formatted spec
 * module and configuration docs, for files in memory (the generator) or on disk
 * (regenerate-spec).
 */
import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type Project, type SourceFile } from 'ts-morph';
import { docsText } from './emit-docs.js';
import { specModuleText } from './emit-spec.js';
import { registryDocsFromHost } from './emit-registry-docs.js';
import { SpecSyncError, type SpecSyncProblem } from './errors.js';
import { formatText } from './format.js';
import { readGeneratedData, type GeneratedDataEntry } from './generated-data.js';
import {
  normalizeRelative,
  pathsFromPackageJson,
  resolvePaths,
  type SpecSyncPaths,
} from './paths.js';
import { ProblemCollector } from './problems.js';
import { createSpecProject } from './project.js';
import { ShapeReader } from './shapes.js';
import { SpecBuilder, type ConfigModel } from './to-spec.js';

/** Where in-memory sources are placed. */
const MEMORY_ROOT = '/plugin';

/**
 * Renders the spec module and docs from sources held in memory.
 * @param sources relative path (`src/config.ts`) → file text; must hold the config and
 *   generated-data files and whatever local files they import (`package.json`, if present,
 *   supplies `packerBuilder` path overrides).
 * @param paths overrides (win over package.json).
 * @returns relative path → formatted text, for exactly the spec module and the docs.
 * @throws SpecSyncError listing every problem.
 */
export async function renderSpecFiles(
  sources: ReadonlyMap<string, string>,
  paths?: Partial<SpecSyncPaths>,
): Promise<Map<string, string>> {
  const { project, resolved } = memoryProject(sources, paths);
  return renderProject(project, MEMORY_ROOT, resolved);
}

function memoryProject(
  sources: ReadonlyMap<string, string>,
  paths?: Partial<SpecSyncPaths>,
): { project: Project; resolved: SpecSyncPaths } {
  const normalized = new Map<string, string>();
  for (const [file, text] of sources) {
    const rel = normalizeRelative(file);
    if (rel === undefined)
      throw new Error(`renderSpecFiles: "${file}" is not a relative path inside the plugin`);
    normalized.set(rel, text);
  }
  const pkg = normalized.get('package.json');
  const resolved = resolvePaths({
    ...(pkg !== undefined ? pathsFromPackageJson(pkg) : {}),
    ...paths,
  });
  const project = createSpecProject(true);
  const fs = project.getFileSystem();
  for (const [rel, text] of normalized) fs.writeFileSync(`${MEMORY_ROOT}/${rel}`, text);
  return { project, resolved };
}

/**
 * What specsync reads from a plugin's types: the model every derived file is made from (the
 * spec module, the docs, and, in the generator, the example templates).
 */
export interface SpecModel {
  /** The config's entries (Packer's own `packer_*` entries are not among them). */
  readonly config: ConfigModel;
  readonly generatedData: readonly GeneratedDataEntry[];
  /** Relative paths of the files the types were read from, other than config and generated data. */
  readonly sources: ReadonlySet<string>;
}

/**
 * The model of sources held in memory (same arguments as {@link renderSpecFiles}).
 * @throws SpecSyncError listing every problem.
 */
export async function readSpecModel(
  sources: ReadonlyMap<string, string>,
  paths?: Partial<SpecSyncPaths>,
): Promise<SpecModel> {
  const { project, resolved } = memoryProject(sources, paths);
  return modelOfProject(project, MEMORY_ROOT, resolved);
}

/** The model of one project (shared by every entry point). */
export function modelOfProject(project: Project, rootDir: string, paths: SpecSyncPaths): SpecModel {
  const problems = new ProblemCollector(rootDir);
  const abs = (rel: string): string => posix.join(rootDir, rel);
  const configFile = project.addSourceFileAtPathIfExists(abs(paths.config));
  if (!configFile) {
    problems.atFile(
      paths.config,
      `file not found (it should declare the \`${paths.configType}\` type)`,
      'create it, or set "packerBuilder.config" in package.json',
    );
  }
  const dataFile = project.addSourceFileAtPathIfExists(abs(paths.generatedData));
  if (!dataFile) {
    problems.atFile(
      paths.generatedData,
      `file not found (it should declare \`export interface ${paths.generatedDataType} { … }\`)`,
      'create it (empty braces when the builder provides no build variables), or set "packerBuilder.generatedData" in package.json',
    );
  }
  // Files that may augment the config type (`declare module './config.js' { interface Config … }`)
  // are part of the user's program even when nothing imports them: load them too.
  const augmentations = configFile
    ? loadAugmentationFiles(project, rootDir, [configFile, dataFile])
    : [];
  // Type problems found in a file that does not parse are noise: report the syntax first.
  for (const file of [configFile, dataFile, ...augmentations])
    if (file) reportSyntaxErrors(project, file, problems);
  if (problems.problems.length) throw new SpecSyncError(sortProblems(problems.problems));
  let model: ConfigModel | undefined;
  const sources = new Set<string>();
  if (configFile) {
    const decl =
      configFile.getInterface(paths.configType) ?? configFile.getTypeAlias(paths.configType);
    const declarations = decl ? configDeclarations(decl, paths.configType, augmentations, problems) : [];
    if (!decl) {
      problems.at(
        configFile,
        '',
        `no interface or type alias named \`${paths.configType}\``,
        `declare \`export interface ${paths.configType} extends PackerCommonConfig { … }\`, or set "packerBuilder.configType" in package.json`,
      );
    } else {
      const reader = new ShapeReader(project.getTypeChecker(), problems);
      const root = reader.readRoot(declarations, paths.configType);
      if (root) model = new SpecBuilder(problems).config(root);
      for (const f of reader.files) {
        sources.add(problems.relative(f));
        const sf = project.getSourceFile(f);
        if (sf && sf !== configFile && sf !== dataFile) reportSyntaxErrors(project, sf, problems);
      }
    }
  }
  let generatedData: GeneratedDataEntry[] = [];
  if (dataFile) generatedData = readGeneratedData(dataFile, paths.generatedDataType, problems);
  if (problems.problems.length || !model) throw new SpecSyncError(sortProblems(problems.problems));
  return { config: model, generatedData, sources };
}

/** The formatted spec module and docs of one project (shared by both entry points). */
export async function renderProject(
  project: Project,
  rootDir: string,
  paths: SpecSyncPaths,
): Promise<Map<string, string>> {
  const { config: model, generatedData, sources } = modelOfProject(project, rootDir, paths);

  const sourcesText = describeSources(paths, sources);
  const [specText, docs] = await Promise.all([
    formatText(
      specModuleText({
        model,
        generatedDataNames: generatedData.map((g) => g.name),
        generatedDataImport: importPath(paths.spec, paths.generatedData),
        generatedDataType: paths.generatedDataType,
        sourcesText,
      }),
      'typescript',
    ),
    formatText(
      docsText({
        model,
        generatedData,
        configFile: paths.config,
        configType: paths.configType,
        sourcesText,
      }),
      'markdown',
    ),
  ]);
  return new Map([
    [paths.spec, specText],
    [paths.docs, docs],
    // The integration-registry layout (docs-partials/, .web-docs/) when the plugin has docs/builders/.
    ...registryDocsFromHost(project.getFileSystem(), rootDir, docs, paths.config, paths.configType),
  ]);
}

/** Directories never searched for augmentations. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', 'out']);
/** How many directory levels below the plugin root are searched for augmentations. */
const MAX_SEARCH_DEPTH = 8;

/**
 * Adds to the project the plugin's TypeScript files (outside node_modules, dist and dot
 * folders) that contain a `declare module` block declaring an interface: TypeScript merges
 * those into the config type (or a nested interface), so regenerate-spec must read them.
 */
function loadAugmentationFiles(
  project: Project,
  rootDir: string,
  loaded: readonly (SourceFile | undefined)[],
): SourceFile[] {
  const fs = project.getFileSystem();
  const skip = new Set<string>(loaded.filter((f) => f).map((f) => (f as SourceFile).getFilePath()));
  // Any interface: a nested interface of the config (`Disk`) can be augmented as well.
  const declares = /\bdeclare\s+module\b[\s\S]*\binterface\s+[A-Za-z_$]/;
  const out: SourceFile[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: ReturnType<typeof fs.readDirSync>;
    try {
      entries = fs.readDirSync(dir);
    } catch {
      return;
    }
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const base = posix.basename(e.name);
      const full = e.name.startsWith('/') ? e.name : posix.join(dir, e.name);
      if (e.isDirectory) {
        if (depth < MAX_SEARCH_DEPTH && !base.startsWith('.') && !SKIP_DIRS.has(base))
          walk(full, depth + 1);
        continue;
      }
      if (!e.isFile || !/\.(m|c)?ts$/.test(base) || skip.has(full)) continue;
      let text: string;
      try {
        text = fs.readFileSync(full);
      } catch {
        continue;
      }
      if (!declares.test(text)) continue;
      const sf = project.addSourceFileAtPath(full);
      out.push(sf);
    }
  };
  walk(rootDir, 0);
  return out;
}

/**
 * All declarations of the config type (its own file's and every module augmentation's, as
 * the checker merged them). An augmentation naming a relative module that does not resolve
 * would be dropped silently by TypeScript: it is reported.
 */
function configDeclarations(
  decl: Node,
  typeName: string,
  augmentations: readonly SourceFile[],
  problems: ProblemCollector,
): Node[] {
  const symbol = decl.getSymbol();
  const all = symbol ? [...symbol.getDeclarations()] : [decl];
  const merged = new Set(all);
  for (const file of augmentations) {
    for (const mod of file.getDescendantsOfKind(SyntaxKind.ModuleDeclaration)) {
      const nameNode = mod.getNameNode();
      if (!Node.isStringLiteral(nameNode)) continue;
      const spec = nameNode.getLiteralValue();
      for (const iface of mod.getDescendantsOfKind(SyntaxKind.InterfaceDeclaration)) {
        if (iface.getName() !== typeName || merged.has(iface)) continue;
        if (!spec.startsWith('./') && !spec.startsWith('../')) continue;
        // Resolving to another file's own `Config` is that file's business; not resolving at all
        // is a typo TypeScript would report while regenerate-spec silently dropped the fields.
        if (mod.getSymbol()?.getDeclarations().some((d) => Node.isSourceFile(d))) continue;
        problems.at(
          nameNode,
          typeName,
          `this augmentation of \`${typeName}\` names "${spec}", which does not resolve to a file, so its properties would be ignored`,
          `write \`declare module '${relativeSpecifier(file.getFilePath(), decl.getSourceFile().getFilePath())}'\``,
        );
      }
    }
  }
  return all;
}

/** The ESM specifier of `target` from the file `from` (`./config.js`). */
function relativeSpecifier(from: string, target: string): string {
  let rel = posix
    .relative(posix.dirname(from), target)
    .replace(/\.(m|c)?ts$/, (_, m: string | undefined) => `.${m ?? ''}js`);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

/** TypeScript syntax errors in a file the types were read from. */
function reportSyntaxErrors(project: Project, file: SourceFile, problems: ProblemCollector): void {
  const program = project.getProgram().compilerObject;
  for (const d of program.getSyntacticDiagnostics(file.compilerNode)) {
    const { line, character } = file.compilerNode.getLineAndCharacterOfPosition(d.start ?? 0);
    problems.problems.push({
      file: problems.fileOf(file),
      line: line + 1,
      column: character + 1,
      path: '',
      message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    });
  }
}

/** Sorted by file, line, column; exact duplicates (a type used twice) removed. */
function sortProblems(list: readonly SpecSyncProblem[]): SpecSyncProblem[] {
  const seen = new Set<string>();
  const out: SpecSyncProblem[] = [];
  for (const p of list) {
    const key = JSON.stringify([p.file, p.line, p.column, p.path, p.message]);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
}

/** "src/config.ts (Config), src/disk.ts and src/generated-data.ts (GeneratedData)". */
function describeSources(paths: SpecSyncPaths, files: ReadonlySet<string>): string {
  const others = [...files].filter((f) => f !== paths.config && f !== paths.generatedData).sort();
  const list = [
    `${paths.config} (${paths.configType})`,
    ...others,
    `${paths.generatedData} (${paths.generatedDataType})`,
  ];
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list.join('');
}

/** The ESM import specifier of `target` from the module `from` (`./generated-data.js`). */
function importPath(from: string, target: string): string {
  let rel = posix
    .relative(posix.dirname(from), target)
    .replace(/\.(m|c)?ts$/, (_, m: string | undefined) => `.${m ?? ''}js`);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}
