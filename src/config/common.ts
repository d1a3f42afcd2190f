/**
 * The fields Packer itself fills in every builder's configuration
 * (Go: packer-plugin-sdk/common.PackerConfig). A plugin's `Config` extends this interface;
 * regenerate-spec flattens it into the spec like Go's `mapstructure:",squash"`.
 */
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';

/** Packer's `-on-error` choices as a builder sees them ("" means the default, cleanup). */
export type OnErrorMode = '' | 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

export interface PackerCommonConfig {
  /** The build's name (the source name in HCL2, `name` or the type in JSON). */
  packerBuildName?: string;
  /** The builder type, e.g. `mybuilder`. */
  packerBuilderType?: string;
  /** Packer's version, e.g. `1.6.6` (JSON templates only). */
  packerCoreVersion?: string;
  /** `packer build -debug`: pause between steps. */
  packerDebug?: boolean;
  /** `packer build -force`: replace existing artifacts. */
  packerForce?: boolean;
  /** `packer build -on-error=…`. */
  packerOnError?: OnErrorMode;
  /** User variables (JSON templates). */
  packerUserVariables?: Record<string, string>;
  /** Names of user variables whose values are secrets. */
  packerSensitiveVariables?: string[];
}

/** The spec entries for PackerCommonConfig, keyed by HCL name (all optional). */
export const commonSpecEntries: Readonly<Record<string, Spec>> = {
  packer_build_name: spec.attr('packer_build_name', cty.string, { property: 'packerBuildName' }),
  packer_builder_type: spec.attr('packer_builder_type', cty.string, { property: 'packerBuilderType' }),
  packer_core_version: spec.attr('packer_core_version', cty.string, { property: 'packerCoreVersion' }),
  packer_debug: spec.attr('packer_debug', cty.bool, { property: 'packerDebug' }),
  packer_force: spec.attr('packer_force', cty.bool, { property: 'packerForce' }),
  packer_on_error: spec.attr('packer_on_error', cty.string, {
    property: 'packerOnError',
    enum: ['', 'cleanup', 'abort', 'ask', 'run-cleanup-provisioner'],
  }),
  packer_user_variables: spec.attr('packer_user_variables', cty.map(cty.string), {
    property: 'packerUserVariables',
  }),
  packer_sensitive_variables: spec.attr('packer_sensitive_variables', cty.list(cty.string), {
    property: 'packerSensitiveVariables',
  }),
};
