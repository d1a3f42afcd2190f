/**
 * The communicator settings: the same HCL names and cty types as Go's communicator.Config in
 * Packer 1.6.6's `null` builder (its captured ConfigSpec gob, decoded), Go's Prepare defaults and
 * messages through the all-problems-at-once ConfigError, and regenerate-spec flattening
 * `extends CommunicatorConfig` into a plugin's spec and docs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commonSpecEntries } from '../../src/config/common.js';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { prepareCommunicatorConfig, type CommunicatorConfig } from '../../src/communicator/ssh/config.js';
import { ACCEPTED_WITHOUT_EFFECT, communicatorSpecEntries } from '../../src/communicator/ssh/spec.js';
import { spec } from '../../src/hcl/spec.js';
import { decodeConfigSpec, encodeConfigSpec, OBJECTSPEC_NAME_DEBIAN } from '../../src/rpc/gob/config-spec.js';
import { keygen } from '../support/sshd.js';
import { vectorBytes } from '../gob/vectors.js';
import { evaluateSpecModule, render } from '../specsync/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-sshcfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the communicator spec entries', () => {
  it("equal Go's: common + communicator entries encode to the same spec as Packer 1.6.6's null builder", () => {
    const go = decodeConfigSpec(vectorBytes('configspec/configspec-builder-null.gob'));
    const ours = decodeConfigSpec(
      encodeConfigSpec(spec.object({ ...commonSpecEntries, ...communicatorSpecEntries }), { objectSpecName: OBJECTSPEC_NAME_DEBIAN }),
    );
    const sorted = (s: typeof go): [string, unknown][] => Object.entries(s.entries).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(ours)).toEqual(sorted(go));
  });

  it('mark the passwords and the private key sensitive', () => {
    const sensitive = Object.entries(communicatorSpecEntries)
      .filter(([, s]) => s.kind === 'attr' && s.meta?.sensitive)
      .map(([n]) => n)
      .sort();
    expect(sensitive).toEqual(['ssh_bastion_password', 'ssh_password', 'ssh_private_key', 'ssh_proxy_password', 'winrm_password']);
  });

  it('name only real settings as accepted-without-effect', () => {
    for (const name of Object.keys(ACCEPTED_WITHOUT_EFFECT)) expect(communicatorSpecEntries).toHaveProperty(name);
  });
});

async function prepared(raw: Record<string, unknown>) {
  const configSpec = spec.object({ ...commonSpecEntries, ...communicatorSpecEntries });
  const { config } = decodeConfig<CommunicatorConfig>(configSpec, [raw]);
  return prepareCommunicatorConfig(config);
}

describe("Go's Prepare", () => {
  it('defaults: ssh, port 22, 5m and 10 attempts when neither is set, keep-alive 5s, scp', async () => {
    const { problems, prepared: p } = await prepared({ ssh_username: 'u' });
    expect(problems).toEqual([]);
    expect(p).toMatchObject({ type: 'ssh', port: 22, timeoutMs: 300_000, handshakeAttempts: 10, keepAliveIntervalMs: 5000, fileTransferMethod: 'scp' });
  });

  it('S6: only ssh_timeout set → attempts unlimited; only attempts set → no timeout', async () => {
    expect((await prepared({ ssh_username: 'u', ssh_timeout: '3m' })).prepared).toMatchObject({ timeoutMs: 180_000, handshakeAttempts: 0 });
    expect((await prepared({ ssh_username: 'u', ssh_handshake_attempts: 3 })).prepared).toMatchObject({ timeoutMs: 0, handshakeAttempts: 3 });
    expect((await prepared({ ssh_username: 'u', ssh_wait_timeout: '7s' })).prepared.timeoutMs).toBe(7000);
  });

  it('reports every problem at once with Go\'s texts', async () => {
    const { problems } = await prepared({
      ssh_file_transfer_method: 'rsync',
      ssh_certificate_file: '/x.pub',
      ssh_private_key_file: join(dir, 'missing'),
      ssh_bastion_host: 'b',
      ssh_local_tunnels: ['nonsense'],
      temporary_key_pair_type: 'dsa',
    });
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".');
    expect(messages).toContain("ssh_file_transfer_method ('rsync') is invalid, valid methods: sftp, scp");
    expect(messages.some((m) => m.startsWith(`ssh_private_key_file is invalid: stat ${join(dir, 'missing')}: no such file or directory`))).toBe(true);
    expect(messages.some((m) => m.startsWith("ssh_local_tunnels ('nonsense') is invalid"))).toBe(true);
    expect(messages.some((m) => m.startsWith("temporary_key_pair_type ('dsa') is invalid"))).toBe(true);
    // the bastion inherits ssh_private_key_file (Go), so no "must be specified" for it, but its key is checked
    expect(messages.some((m) => m.startsWith('ssh_bastion_private_key_file is invalid'))).toBe(true);
    const error = new ConfigError(problems);
    expect(error.message).toMatch(/^6 error\(s\) occurred:/);
  });

  it('a key file that does not parse, and a public key given as the private one', async () => {
    const junk = join(dir, 'junk');
    writeFileSync(junk, 'not a key');
    const key = keygen(dir, 'k', 'ed25519');
    expect((await prepared({ ssh_username: 'u', ssh_private_key_file: junk })).problems[0]?.message).toMatch(/^ssh_private_key_file is invalid: ssh: cannot parse private key/);
    expect((await prepared({ ssh_username: 'u', ssh_private_key_file: `${key}.pub` })).problems[0]?.message).toMatch(/holds a public key/);
    expect((await prepared({ ssh_username: 'u', ssh_private_key_file: key })).problems).toEqual([]);
  });

  it('an unsupported communicator is a named error listing the choices; none needs no username', async () => {
    const { problems } = await prepared({ communicator: 'winrm', winrm_username: 'x' });
    expect(problems).toEqual([{ path: 'communicator', message: expect.stringMatching(/^Communicator type winrm is invalid: communicator must be one of "ssh", "none"/) }]);
    expect((await prepared({ communicator: 'none' })).problems).toEqual([]);
  });

  it('a typo in communicator lists the choices without claiming the typo is a communicator', async () => {
    const { problems } = await prepared({ communicator: 'sshh', ssh_username: 'u' });
    expect(problems.map((p) => p.message)).toEqual(['Communicator type sshh is invalid: communicator must be one of "ssh", "none"']);
    const winrm = await prepared({ communicator: 'winrm' });
    expect(winrm.problems[0]?.message).toContain('(this plugin\'s SDK supports no "winrm" communicator)');
  });

  it('a port that cannot exist is named at prepare, not retried until ssh_timeout', async () => {
    for (const [setting, port] of [
      ['ssh_port', 70000],
      ['ssh_port', -1],
      ['ssh_bastion_port', 65536],
      ['ssh_proxy_port', 99999],
    ] as const) {
      const { problems } = await prepared({ ssh_username: 'u', ssh_password: 'port-test-secret', [setting]: port });
      expect(problems).toEqual([{ path: setting, message: `${setting} (${port}) is invalid: a TCP port is 1 to 65535 (0 or unset: the default)` }]);
    }
    expect((await prepared({ ssh_username: 'u', ssh_password: 'port-test-secret', ssh_port: 65535, ssh_bastion_port: 0 })).problems).toEqual([]);
  });

  it('bastion without a way to authenticate', async () => {
    const { problems } = await prepared({ ssh_username: 'u', ssh_bastion_host: 'b', ssh_proxy_host: 'p' });
    expect(problems.map((p) => p.message)).toEqual([
      'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
      'please specify either ssh_bastion_host or ssh_proxy_host, not both',
    ]);
  });

  it('a malformed duration is a decode problem naming the field', () => {
    expect(() => decodeConfig(spec.object({ ...communicatorSpecEntries }), [{ ssh_timeout: '5 minutes' }])).toThrow(/ssh_timeout/);
  });
});

describe('regenerate-spec and `extends CommunicatorConfig`', () => {
  const config = [
    "import type { PackerCommonConfig, CommunicatorConfig } from 'generator-packer-builder';",
    'export interface Config extends PackerCommonConfig, CommunicatorConfig {',
    '  /** The machine name. */',
    '  machineName: string;',
    '}',
    '',
  ].join('\n');

  it('spreads communicatorSpecEntries into the spec and documents the settings', async () => {
    const files = await render(config);
    const specText = files.get('src/config.hcl2spec.ts') ?? '';
    expect(specText).toContain('...communicatorSpecEntries');
    const { configSpec } = await evaluateSpecModule(specText);
    expect(Object.keys(configSpec.entries)).toEqual(expect.arrayContaining(['ssh_username', 'ssh_timeout', 'machine_name', 'packer_debug']));
    const docs = files.get('docs/configuration.md') ?? '';
    expect(docs).toContain('## Communicator settings');
    expect(docs).toMatch(/`ssh_file_transfer_method` \(string\)/);
  });

  it('refuses a property that takes a communicator setting\'s name', async () => {
    const clash = config.replace('machineName: string;', 'sshUsername: string;');
    await expect(render(clash)).rejects.toThrow(/HCL name "ssh_username" is one of the communicator settings CommunicatorConfig brings/);
  });
});
