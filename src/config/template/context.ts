/** What a template can see: Go's interpolate.Context as a Packer builder receives it. */

/** A function added with `InterpolateContext.funcs`: string arguments (as many as `fn.length`), string result. */
export type CustomTemplateFunction = (...args: string[]) => string;

export interface InterpolateContext {
  /** `{{build_name}}`: `packer_build_name`. Empty = not available (an error, as in Go). */
  readonly buildName: string;
  /** `{{build_type}}`: `packer_builder_type`. */
  readonly buildType: string;
  /** `{{packer_version}}`: `packer_core_version`. */
  readonly packerVersion: string;
  /** `packer_template_path`; `{{template_dir}}` is its absolute directory. */
  readonly templatePath: string;
  /** `{{user `name`}}`: `packer_user_variables`; undefined = no user variables at all (an error). */
  readonly userVariables?: Readonly<Record<string, string>>;
  /**
   * The template's data: `{{ .Name }}` and `{{ build `Name` }}` read it. A builder's
   * configuration gets an empty map (Go: a nil map), so `{{ .HTTPIP }}` renders `<no value>`
   * unless the field is excluded from interpolation. Undefined = no data at all.
   */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Extra or replacement functions (Go: `Context.Funcs`), e.g. a builder's `clean_resource_name`. */
  readonly funcs?: Readonly<Record<string, CustomTemplateFunction>>;
  /** The build's clock: `{{timestamp}}`, `{{isotime}}`, `{{strftime}}` (Go: InitTime, fixed per process). */
  readonly now: Date;
  /** `{{uuid}}`. */
  readonly uuid: () => string;
  /** `{{pwd}}`. */
  readonly cwd: () => string;
}
