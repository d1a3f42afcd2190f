/**
 * (a) The ConfigSpec entries of a TypeScript Config that extends each shared SDK config equal
 * those of Packer 1.6.6's Go qemu builder (asked through the plugin RPC, gob-decoded): same HCL
 * names, cty types, kinds and optionality. Our side goes through regenerate-spec and our gob
 * encoder, then the same decoder, so the comparison is of what Packer receives.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeConfigSpec, encodeConfigSpec } from '../../src/rpc/gob/config-spec.js';
import type { HcldecObjectSpec } from '../../src/rpc/gob/hcldec-spec.js';
import { SDK_CONFIGS } from '../../src/specsync/sdk-configs.js';
import { goBuilderConfigSpec } from './go-builder-spec.js';
import { configExtending, specOf } from './helpers.js';

const PACKER = '/usr/bin/packer';

/** Fields Packer 1.6.6's SDK did not have yet (added in packer-plugin-sdk 0.x): checked by name and type below. */
const NEWER_THAN_166 = ['http_content', 'http_network_protocol', 'cd_content', 'floppy_content'];

let qemu: HcldecObjectSpec;
beforeAll(async () => {
  expect(existsSync(PACKER), `Debian's packer 1.6.6 is needed at ${PACKER} (apt-get install packer)`).toBe(true);
  qemu = await goBuilderConfigSpec(PACKER, 'qemu');
}, 60_000);

describe.each(['ISOConfig', 'HTTPConfig', 'CDConfig', 'FloppyConfig', 'VNCConfig', 'ShutdownConfig', 'OutputDirConfig'])('%s', (name) => {
  it('spreads into the Config spec exactly the entries of Go qemu (Packer 1.6.6)', async () => {
    const { configSpec, text } = await specOf(configExtending([name]));
    expect(text.get('src/config.hcl2spec.ts')).toContain(`...${SDK_CONFIGS[name]?.entriesExport}`);
    const ours = decodeConfigSpec(encodeConfigSpec(configSpec));
    const names = Object.keys(SDK_CONFIGS[name]?.entries ?? {});
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      if (NEWER_THAN_166.includes(n)) {
        expect(qemu.entries[n], `${n} is not in 1.6.6`).toBeUndefined();
        continue;
      }
      expect(ours.entries[n], n).toEqual(qemu.entries[n]);
    }
  });
});

it('the newer fields are optional attributes of the types Go declares (map[string]string → map(string), string)', async () => {
  const { configSpec } = await specOf(configExtending(['HTTPConfig', 'CDConfig', 'FloppyConfig']));
  const ours = decodeConfigSpec(encodeConfigSpec(configSpec));
  for (const n of ['http_content', 'cd_content', 'floppy_content']) {
    expect(ours.entries[n]).toEqual({ kind: 'attr', name: n, type: { kind: 'map', element: { kind: 'string' } }, required: false });
  }
  expect(ours.entries['http_network_protocol']).toEqual({ kind: 'attr', name: 'http_network_protocol', type: { kind: 'string' }, required: false });
});

it('a Config extending all of them has every qemu entry of those configs, and the own fields after them', async () => {
  const all = ['ISOConfig', 'HTTPConfig', 'CDConfig', 'FloppyConfig', 'VNCConfig', 'ShutdownConfig', 'OutputDirConfig'];
  const { configSpec } = await specOf(configExtending(all, '  /** Memory in MiB. */\n  memory?: number;'));
  const ours = decodeConfigSpec(encodeConfigSpec(configSpec));
  const shared = all.flatMap((c) => Object.keys(SDK_CONFIGS[c]?.entries ?? {})).filter((n) => !NEWER_THAN_166.includes(n));
  expect(shared).toHaveLength(23);
  for (const n of [...shared, 'memory']) expect(ours.entries[n], n).toEqual(qemu.entries[n]);
});
