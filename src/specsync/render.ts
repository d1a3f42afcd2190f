/**
 * The one code path that turns a plugin's Config / GeneratedData types into the formatted spec
 * module and configuration docs, for files in memory (the generator) or on disk
 * (regenerate-spec).
 */
import { posix } from 'node:path';
import { ts, type Project, type SourceFile } from 'ts-morph';
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
  return renderProject(project, MEMORY_ROOT, resolved);
}

/** The parsed model and outputs of one project (shared by both entry points). */
export async function renderProject(
  project: Project,
  rootDir: string,
  paths: SpecSyncPaths,
): Promise<Map<string, string>> {
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
  // Type problems found in a file that does not parse are noise: report the syntax first.
  for (const file of [configFile, dataFile]) if (file) reportSyntaxErrors(project, file, problems);
  if (problems.problems.length) throw new SpecSyncError(sortProblems(problems.problems));
  let model: ConfigModel | undefined;
  const sources = new Set<string>();
  if (configFile) {
    const decl =
      configFile.getInterface(paths.configType) ?? configFile.getTypeAlias(paths.configType);
    if (!decl) {
      problems.at(
        configFile,
        '',
        `no interface or type alias named \`${paths.configType}\``,
        `declare \`export interface ${paths.configType} extends PackerCommonConfig { … }\`, or set "packerBuilder.configType" in package.json`,
      );
    } else {
      const reader = new ShapeReader(project.getTypeChecker(), problems);
      const root = reader.readRoot(decl, paths.configType);
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
