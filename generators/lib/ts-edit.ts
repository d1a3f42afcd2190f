/**
 * Source edits of the sub-generators, done with ts-morph on in-memory text (the result goes
 * back through mem-fs, so Yeoman's conflict handling still applies):
 * adding config fields to `Config` and wiring a step into `buildSteps()`.
 */
import type { ArrayLiteralExpression, SourceFile } from 'ts-morph';
import { configInterfaces, interfaceText, propText, usesDuration } from './config-model.js';
import type { Field } from './model.js';
import { camelCase } from './names.js';

/** The SDK module the generated sources import. */
export const SDK_MODULE = 'generator-packer-builder';

/** Thrown when a file does not have the shape an edit needs; the message says what to do. */
export class EditError extends Error {}

async function sourceFile(path: string, text: string): Promise<SourceFile> {
  const { Project } = await import('ts-morph');
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  return project.createSourceFile(`/plugin/${path}`, text, { overwrite: true });
}

/** TS property names the `Config` interface of `configTs` already declares. */
export async function configPropertyNames(configTs: string, path = 'src/config.ts'): Promise<string[]> {
  const file = await sourceFile(path, configTs);
  const config = file.getInterface('Config');
  if (!config) throw new EditError(`${path}: no \`interface Config\`; add the field by hand and run npm run regenerate-spec`);
  return config.getProperties().map((p) => p.getName());
}

/**
 * Every property of `Config` in `configTs`, over all its declarations in the file (TypeScript
 * merges them; `declare module` blocks included), with its HCL name (`@hclName` or the
 * snake_case regenerate-spec derives).
 */
export async function configProperties(
  configTs: string,
  path = 'src/config.ts',
): Promise<{ property: string; hclName: string }[]> {
  const { hclNameOf } = await import('../../src/specsync/hcl-name.js');
  const { SyntaxKind } = await import('ts-morph');
  const file = await sourceFile(path, configTs);
  const decls = file
    .getDescendantsOfKind(SyntaxKind.InterfaceDeclaration)
    .filter((i) => i.getName() === 'Config');
  if (!decls.length) throw new EditError(`${path}: no \`interface Config\`; add the field by hand and run npm run regenerate-spec`);
  return decls.flatMap((d) =>
    d.getProperties().map((p) => {
      const tag = p
        .getJsDocs()
        .at(-1)
        ?.getTags()
        .find((t) => t.getTagName() === 'hclName');
      const hclName = tag?.getCommentText()?.trim() || hclNameOf(p.getName());
      return { property: p.getName(), hclName };
    }),
  );
}

/**
 * `configTs` with `fields` added as properties of `Config` (JSDoc included), their block
 * interfaces appended and `Duration` imported when needed. Refuses a property that exists.
 */
export async function addConfigFields(
  configTs: string,
  fields: readonly Field[],
  builderName: string,
  path = 'src/config.ts',
): Promise<string> {
  const file = await sourceFile(path, configTs);
  const config = file.getInterface('Config');
  if (!config) {
    throw new EditError(
      `${path}: no \`interface Config\` found; declare \`export interface Config extends PackerCommonConfig { … }\` or add the field by hand`,
    );
  }
  const existing = new Set(config.getProperties().map((p) => p.getName()));
  const clash = fields.map((f) => camelCase(f.name)).filter((p) => existing.has(p));
  if (clash.length) {
    throw new EditError(
      `${path}: Config already has ${clash.map((c) => `"${c}"`).join(', ')}; choose another field name`,
    );
  }
  const taken = new Set<string>([
    ...file.getInterfaces().map((i) => i.getName()),
    ...file.getTypeAliases().map((t) => t.getName()),
    'PackerCommonConfig',
    'Duration',
  ]);
  const [root, ...nested] = configInterfaces(fields, builderName, taken);
  // Inserted as text (the app's own rendering) before the closing brace; prettier re-indents.
  const props = (root?.props ?? []).map(propText).join('\n\n');
  const closeBrace = config.getEnd() - 1;
  const lead = config.getMembers().length ? '\n' : '';
  file.insertText(closeBrace, `${lead}${props}\n`);
  if (nested.length) file.insertText(file.getEnd(), `\n${nested.map(interfaceText).join('\n')}`);
  if (usesDuration(fields)) ensureTypeImport(file, 'Duration');
  return file.getFullText();
}

/** Adds `import type { name } from SDK_MODULE` unless the name is imported already. */
function ensureTypeImport(file: SourceFile, name: string): void {
  const decls = file.getImportDeclarations().filter((d) => d.getModuleSpecifierValue() === SDK_MODULE);
  if (decls.some((d) => d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name))) {
    return;
  }
  const decl = decls[0];
  if (!decl) {
    file.addImportDeclaration({ isTypeOnly: true, namedImports: [name], moduleSpecifier: SDK_MODULE });
    return;
  }
  // Keep the names sorted, as the app writes them.
  const names = decl.getNamedImports().map((n) => n.getName());
  const at = names.findIndex((n) => n.localeCompare(name) > 0);
  const index = at < 0 ? names.length : at;
  decl.insertNamedImport(index, decl.isTypeOnly() ? name : { name, isTypeOnly: true });
}

/** Where to insert a step: before or after another step (its name; `provision` too), or at the end. */
export interface StepPosition {
  readonly before?: string;
  readonly after?: string;
}

/**
 * `builderTs` with `new <className>()` inserted into the array `buildSteps()` returns and the
 * step module imported. `classOf` maps a step name to the class its array element constructs.
 */
export async function addStepToBuilder(
  builderTs: string,
  step: { name: string; className: string },
  position: StepPosition,
  classOf: (stepName: string) => string,
  path = 'src/builder.ts',
): Promise<string> {
  const { SyntaxKind } = await import('ts-morph');
  const file = await sourceFile(path, builderTs);
  const fn = file.getFunction('buildSteps');
  const ret = fn?.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0];
  const array = ret?.getExpressionIfKind(SyntaxKind.ArrayLiteralExpression) as ArrayLiteralExpression | undefined;
  if (!array) {
    throw new EditError(
      `${path}: cannot find the steps array (\`return [ … ]\` in \`function buildSteps()\`); add \`new ${step.className}()\` to your steps yourself`,
    );
  }
  const elements = array.getElements();
  const indexOf = (name: string): number => {
    const cls = classOf(name);
    const i = elements.findIndex((e) => new RegExp(`^new\\s+${cls}\\b`).test(e.getText()));
    if (i < 0) {
      throw new EditError(`${path}: step "${name}" (new ${cls}(…)) is not in buildSteps(); pick a step that is, or drop --before/--after`);
    }
    return i;
  };
  let index = elements.length;
  if (position.before) index = indexOf(position.before);
  else if (position.after) index = indexOf(position.after) + 1;
  array.insertElement(index, `new ${step.className}()`);

  const spec = `./steps/${step.name}.js`;
  if (!file.getImportDeclaration((d) => d.getModuleSpecifierValue() === spec)) {
    const imports = file.getImportDeclarations();
    const lastStep = [...imports].reverse().find((d) => d.getModuleSpecifierValue().startsWith('./steps/'));
    const at = lastStep ? lastStep.getChildIndex() + 1 : imports.length;
    file.insertImportDeclaration(at, { namedImports: [step.className], moduleSpecifier: spec });
  }
  return file.getFullText();
}
