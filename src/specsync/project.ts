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
  return new Project(options);
}
