/**
 * The SDK's shared configs a plugin's `Config` may extend besides PackerCommonConfig (Go:
 * the structs VM builders squash in: commonsteps.ISOConfig, HTTPConfig, CDConfig, FloppyConfig,
 * bootcommand.BootConfig / VNCConfig, shutdowncommand.ShutdownConfig, plus the output directory).
 * regenerate-spec does not read the SDK's sources: it knows these by name and spreads their
 * hand-written spec entries (exported by the SDK under `entriesExport`).
 */
import { bootConfigSpecEntries, vncConfigSpecEntries } from '../bootcommand/config.js';
import { cdConfigSpecEntries, floppyConfigSpecEntries } from '../commonsteps/cd-floppy-config.js';
import { httpConfigSpecEntries } from '../commonsteps/http-config.js';
import { isoConfigSpecEntries } from '../commonsteps/iso-config.js';
import { outputDirConfigSpecEntries } from '../commonsteps/output-dir.js';
import type { Spec } from '../hcl/spec.js';
import { shutdownConfigSpecEntries } from '../shutdowncommand/index.js';

export interface SdkConfig {
  /** The name of the spec-entries constant the SDK exports. */
  readonly entriesExport: string;
  readonly entries: Readonly<Record<string, Spec>>;
  /** Go's source, for the docs. */
  readonly go: string;
}

export const SDK_CONFIGS: Readonly<Record<string, SdkConfig>> = {
  ISOConfig: { entriesExport: 'isoConfigSpecEntries', entries: isoConfigSpecEntries, go: 'commonsteps.ISOConfig' },
  HTTPConfig: { entriesExport: 'httpConfigSpecEntries', entries: httpConfigSpecEntries, go: 'commonsteps.HTTPConfig' },
  CDConfig: { entriesExport: 'cdConfigSpecEntries', entries: cdConfigSpecEntries, go: 'commonsteps.CDConfig' },
  FloppyConfig: { entriesExport: 'floppyConfigSpecEntries', entries: floppyConfigSpecEntries, go: 'commonsteps.FloppyConfig' },
  OutputDirConfig: { entriesExport: 'outputDirConfigSpecEntries', entries: outputDirConfigSpecEntries, go: 'output_directory' },
  BootConfig: { entriesExport: 'bootConfigSpecEntries', entries: bootConfigSpecEntries, go: 'bootcommand.BootConfig' },
  VNCConfig: { entriesExport: 'vncConfigSpecEntries', entries: vncConfigSpecEntries, go: 'bootcommand.VNCConfig' },
  ShutdownConfig: { entriesExport: 'shutdownConfigSpecEntries', entries: shutdownConfigSpecEntries, go: 'shutdowncommand.ShutdownConfig' },
};

export function isSdkConfig(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(SDK_CONFIGS, name);
}
