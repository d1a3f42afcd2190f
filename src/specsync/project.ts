/**
 * The ts-morph project regenerate-spec reads types with: no lib files, no @types, and only
 * relative imports resolved (so `generator-packer-builder` and other packages are never loaded:
 * the SDK's types are recognised by name, and results do not depend on node_modules).
 */
import { Project, ts, type ProjectOptions } from 'ts-morph';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  noLib: true,
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: false,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
};

/**
 * The few global types the checker needs to compute a type from a value (`(typeof MODES)[number]`
 * of a `const MODES = ['a', 'b'] as const`): TypeScript's lib is not loaded (noLib), so without
 * these an array's element type is `any`. Names declared here still count as globals.
 */
export const SPEC_LIB_PATH = '/__regenerate_spec__/lib.d.ts';
const SPEC_LIB = `interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {}
interface Function {}
interface CallableFunction {}
interface NewableFunction {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
`;

/** A project over the real file system, or an in-memory one (for `renderSpecFiles`). */
export function createSpecProject(inMemory: boolean): Project {
  const options: ProjectOptions = {
    compilerOptions: COMPILER_OPTIONS,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    useInMemoryFileSystem: inMemory,
    resolutionHost: (host, getCompilerOptions) => ({
      resolveModuleNames: (moduleNames, containingFile) =>
        moduleNames.map((name) =>
          name.startsWith('./') || name.startsWith('../')
            ? ts.resolveModuleName(name, containingFile, getCompilerOptions(), host).resolvedModule
            : undefined,
        ),
    }),
  };
  const project = new Project(options);
  project.createSourceFile(SPEC_LIB_PATH, SPEC_LIB, { overwrite: true });
  return project;
}
