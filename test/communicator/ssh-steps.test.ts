/**
 * The communicator steps against a real sshd: StepSSHKeyGen (ed25519, rsa; an existing key
 * file), StepConnect (S6: only ssh_timeout set → authentication failures do not end the wait, so
 * a key authorized later connects; Ctrl-C stops the wait at once; pause_before_connecting
 * connects twice; cleanup closes the connection).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCommunicatorConfig } from '../../src/communicator/ssh/config.js';
import { SSHCommunicator } from '../../src/communicator/ssh/communicator.js';
import { generateKeyPair, parseKey } from '../../src/communicator/ssh/keys.js';
import { StepConnect, StepSSHKeyGen, type SSHState } from '../../src/communicator/ssh/steps.js';
import { StateBag } from '../../src/multistep/state-bag.js';
import type { Ui } from '../../src/sdk/ui.js';
import { TEST_USER, type Sshd } from '../support/sshd.js';
import { sshdWithKey } from './helpers.js';

function recordingUi(): Ui & { lines: string[] } {
  const lines: string[] = [];
  const say = async (m: string): Promise<void> => {
    lines.push(m);
  };
  return {
    lines,
    say,
    message: say,
    error: async (m: string) => {
      lines.push(`error: ${m}`);
    },
    machine: async () => undefined,
    ask: async () => '',
    trackProgress: (_s, _c, _t, source) => source,
  };
}

let sshd: Sshd;
let key: string;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ sshd, key, stop } = await sshdWithKey({}, false));
});
afterAll(() => stop?.());

describe('StepSSHKeyGen', () => {
  it.each([
    ['ed25519', 'ssh-ed25519'],
    ['rsa', 'ssh-rsa'],
  ])('generates a %s pair, says so, and puts both keys in state', async (type, prefix) => {
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: 'u', temporaryKeyPairType: type, temporaryKeyPairBits: 2048, temporaryKeyPairName: 'packer_tmp' });
    const ui = recordingUi();
    const state = new StateBag<SSHState>({ ui });
    expect(await new StepSSHKeyGen(prepared).run(state)).toBe('continue');
    expect(ui.lines).toEqual([`Creating temporary ${type.toUpperCase()} SSH key for instance...`]);
    expect(state.require('ssh_public_key')).toMatch(new RegExp(`^${prefix} \\S+ packer_tmp$`));
    expect((await parseKey(state.require('ssh_private_key'))).type).toBe(prefix);
  });

  it('every ed25519 pair parses back, the one in 256 whose public key starts with a zero byte too', async () => {
    // ssh2 1.17 alone: about 12 of 3000 pairs are malformed (leading zero bytes stripped)
    for (let i = 0; i < 3000; i++) {
      const pair = await generateKeyPair('ed25519');
      const parsed = await parseKey(pair.privateKey);
      expect(parsed.getPublicSSH().length, pair.publicKey).toBe(4 + 11 + 4 + 32);
      expect(pair.publicKey).toBe(`ssh-ed25519 ${parsed.getPublicSSH().toString('base64')}`);
    }
  });

  it('uses an existing ssh_private_key_file instead', async () => {
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: 'u', sshPrivateKeyFile: key });
    const ui = recordingUi();
    const state = new StateBag<SSHState>({ ui });
    await new StepSSHKeyGen(prepared).run(state);
    expect(ui.lines).toEqual(['Using existing SSH private key']);
    expect(state.require('ssh_public_key')).toBe(readFileSync(`${key}.pub`, 'utf8').split(' ').slice(0, 2).join(' '));
  });
});

describe('StepConnect', () => {
  it('S6: with only ssh_timeout set, authentication failures keep it waiting until the key is authorized', async () => {
    sshd.authorize([]);
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: TEST_USER, sshHost: '127.0.0.1', sshPort: sshd.port, sshPrivateKeyFile: key, sshTimeout: '3m' });
    expect(prepared.handshakeAttempts).toBe(0);
    const ui = recordingUi();
    const state = new StateBag<SSHState>({ ui });
    const step = new StepConnect<SSHState>({ config: prepared, retryDelayMs: 200 });
    setTimeout(() => sshd.authorize([readFileSync(`${key}.pub`, 'utf8')]), 3000);
    const started = Date.now();
    expect(await step.run(state, new AbortController().signal)).toBe('continue');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(ui.lines).toEqual(['Using SSH communicator to connect: 127.0.0.1', 'Waiting for SSH to become available...', 'Connected to SSH!']);
    const comm = state.require('communicator') as SSHCommunicator;
    expect((await comm.run('echo ok')).stdout).toBe('ok\n');
    expect(state.require('communicator_config')).toMatchObject({ type: 'ssh', host: '127.0.0.1', port: sshd.port, user: TEST_USER });
    await step.cleanup();
    await expect(comm.run('echo again')).rejects.toThrow(/the communicator was closed/);
    expect(sshd.log().match(/Failed publickey|Connection closed by authenticating user/g)?.length ?? 0).toBeGreaterThan(1);
  }, 30_000);

  it('Ctrl-C while waiting halts at once, without an error in state', async () => {
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: TEST_USER, sshHost: '127.0.0.1', sshPort: 1, sshPassword: 'x' });
    const state = new StateBag<SSHState>({ ui: recordingUi() });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const started = Date.now();
    expect(await new StepConnect<SSHState>({ config: prepared }).run(state, ac.signal)).toBe('halt');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(state.has('error')).toBe(false);
  });

  it('Ctrl-C that lands while "Waiting for SSH" is being said (the abort event fired before the wait began) still halts at once', async () => {
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: TEST_USER, sshHost: '127.0.0.1', sshPort: 1, sshPassword: 'x' });
    const ac = new AbortController();
    const ui = recordingUi();
    const say = ui.say;
    // Packer answers the Say RPC after the user pressed Ctrl-C: the signal aborts during the await
    ui.say = async (m: string) => {
      if (m === 'Waiting for SSH to become available...') ac.abort();
      await say(m);
    };
    const state = new StateBag<SSHState>({ ui });
    const started = Date.now();
    expect(await new StepConnect<SSHState>({ config: prepared, retryDelayMs: 200 }).run(state, ac.signal)).toBe('halt');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(state.has('error')).toBe(false);
  });

  it('pause_before_connecting: connects, says it pauses, connects again', async () => {
    sshd.authorize([readFileSync(`${key}.pub`, 'utf8')]);
    const { prepared } = await prepareCommunicatorConfig({ sshUsername: TEST_USER, sshHost: '127.0.0.1', sshPort: sshd.port, sshPrivateKeyFile: key, pauseBeforeConnecting: '1s' });
    const ui = recordingUi();
    const state = new StateBag<SSHState>({ ui });
    const step = new StepConnect<SSHState>({ config: prepared });
    expect(await step.run(state, new AbortController().signal)).toBe('continue');
    expect(ui.lines.filter((l) => l === 'Connected to SSH!')).toHaveLength(2);
    expect(ui.lines).toContain('Pausing 1s before connecting...');
    await step.cleanup();
  });
});
