/**
 * regenerate-spec and the SDK's shared configs: spreads, docs sections, decoding through the
 * generated spec (defaults), and the refusals (a field clashing with a shared config, BootConfig
 * with VNCConfig, a shared config extended by a nested block, an unknown SDK type).
 */
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../src/config/decode.js';
import { formatProblem, renderSpecFiles, SpecSyncError } from '../../src/specsync/index.js';
import { configExtending, specOf } from './helpers.js';

async function problems(config: string): Promise<string[]> {
  try {
    await renderSpecFiles(new Map([['src/config.ts', config], ['src/generated-data.ts', 'export interface GeneratedData {}\n']]));
  } catch (e) {
    if (e instanceof SpecSyncError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe('regenerate-spec with the shared VM configs', () => {
  it('spreads the entries after the common ones, imports them, documents each config', async () => {
    const { configSpec, text } = await specOf(configExtending(['ISOConfig', 'ShutdownConfig'], '  memory?: number;'));
    const module = text.get('src/config.hcl2spec.ts') ?? '';
    expect(module).toMatch(/import \{[^}]*commonSpecEntries,\s*isoConfigSpecEntries,\s*shutdownConfigSpecEntries,[^}]*\} from 'generator-packer-builder'/);
    expect(module).toMatch(/\.\.\.commonSpecEntries,\s*\.\.\.isoConfigSpecEntries,\s*\.\.\.shutdownConfigSpecEntries,\s*memory:/);
    expect(Object.keys(configSpec.entries)).toContain('iso_checksum');
    const docs = text.get('docs/configuration.md') ?? '';
    expect(docs).toContain('## Shared `ISOConfig` fields');
    expect(docs).toContain("From the SDK's `ISOConfig` (Go: `commonsteps.ISOConfig`), which `Config` extends.");
    expect(docs).toContain('- `shutdown_timeout` (duration string, e.g. "1h5m2s") - How long to wait for the machine to be off after `shutdown_command`. Defaults to `"5m"`.');
  });

  it('decodes through the generated spec into the TS properties, with the static defaults', async () => {
    const { configSpec } = await specOf(configExtending(['ISOConfig', 'HTTPConfig', 'VNCConfig', 'ShutdownConfig']));
    const { config } = decodeConfig<Record<string, unknown>>(configSpec, [{ iso_url: 'a.iso', iso_checksum: 'none', boot_command: ['<enter>'], http_port_max: 8100 }]);
    expect(config).toMatchObject({
      isoUrl: 'a.iso',
      isoChecksum: 'none',
      isoTargetExtension: 'iso',
      bootCommand: ['<enter>'],
      bootWait: '10s',
      httpPortMin: 8000,
      httpPortMax: 8100,
      httpBindAddress: '0.0.0.0',
      shutdownTimeout: '5m',
    });
    expect(() => decodeConfig(configSpec, [{ boot_wait: 'soon' }])).toThrow(/boot_wait: "soon" is not a duration/);
  });

  it('refuses a field whose HCL name a shared config declares, naming both and the fix', async () => {
    const out = await problems(configExtending(['ISOConfig'], '  isoUrl?: string;'));
    expect(out).toEqual([
      'src/config.ts:3:3: Config.isoUrl: HCL name "iso_url" is already declared by `ISOConfig`, which the config extends\n    hint: remove the property (the SDK config provides it) or rename it',
    ]);
  });

  it('refuses BootConfig together with VNCConfig (VNCConfig includes it)', async () => {
    const out = await problems(configExtending(['VNCConfig', 'BootConfig']));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('`BootConfig` and `VNCConfig` both declare "boot_keygroup_interval"');
    expect(out[0]).toContain('hint: VNCConfig already includes BootConfig: extend only VNCConfig');
  });

  it('refuses a shared config in a nested block and an SDK type that is not a shared config', async () => {
    const nested = await problems(
      "import type { PackerCommonConfig, ISOConfig } from 'generator-packer-builder';\ninterface Disk extends ISOConfig { size: number }\nexport interface Config extends PackerCommonConfig {\n  disk?: Disk;\n}\n",
    );
    expect(nested.join('\n')).toContain('only the config type itself can extend ISOConfig');
    const unknown = await problems("import type { PackerCommonConfig, StepDownload } from 'generator-packer-builder';\nexport interface Config extends PackerCommonConfig, StepDownload {}\n");
    expect(unknown.join('\n')).toContain('offers only PackerCommonConfig, CommunicatorConfig and its shared VM configs (ISOConfig, HTTPConfig');
  });
});
