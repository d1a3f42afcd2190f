/** The result of a build (Go: packersdk.Artifact). Methods may be sync or async. */
export interface Artifact {
  /** Stable id of the builder that made this artifact, e.g. `myorg.mybuilder`. */
  builderId(): string;
  /** Files this artifact consists of, if any. */
  files(): readonly string[] | Promise<readonly string[]>;
  /** Unique id of the artifact (an image id, a path, …). */
  id(): string | Promise<string>;
  /** Human description shown as `--> build: <string>`. */
  string(): string | Promise<string>;
  /** Builder-specific state; `generated_data` feeds HCL2 `build.*` in post-processors. */
  state(name: string): unknown;
  /** Removes the artifact (called when no post-processor keeps it). */
  destroy(): Promise<void>;
}
