/** Descriptions of PackerCommonConfig's fields for the generated docs (keyed by HCL name). */
export const COMMON_FIELD_DOCS: Readonly<Record<string, string>> = {
  packer_build_name:
    'The name of the build: the source name in HCL2, `name` (else the type) in JSON templates.',
  packer_builder_type: 'The builder type, as written in the template.',
  packer_core_version: 'The version of Packer running the build.',
  packer_debug: '`true` under `packer build -debug`: the builder pauses between steps.',
  packer_force: '`true` under `packer build -force`: existing artifacts may be replaced.',
  packer_on_error: 'The `packer build -on-error` choice (`""` means the default, cleanup).',
  packer_user_variables: 'The user variables of a JSON template.',
  packer_sensitive_variables:
    'The names of the user variables whose values are masked in the output.',
};
