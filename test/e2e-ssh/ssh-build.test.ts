/**
 * The SSH communicator through real Packer (Debian's 1.6.6 and the newest modern one), HCL2 and
 * JSON, with the SSH test builder `sshb` (Go's `null` builder in TypeScript) against real sshd
 * servers on 127.0.0.1 started here: password / key / agent / temporary-key authentication,
 * Packer's own shell and file provisioners over scp and sftp (≥ 50 MB), a bastion hop, named
 * connect failures after `ssh_timeout` (S3, S6), E1 (expect_disconnect), E4 (environment
 * quoting by Packer's shell provisioner), F4 through the file provisioner, and Ctrl-C while
 * waiting and mid-command leaving nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPackers } from '../e2e/packers.js';
import { buildAndInterrupt, groupMembers } from '../e2e/interrupt.js';
import { runPackerAt, show, tmpLeftovers } from '../e2e/run-packer.js';
import { removeBundle } from '../e2e-modern/harness.js';
import { ensureTestUser, freePort, keygen, startAgent, startSshd, TEST_PASSWORD, TEST_USER, type Sshd } from '../support/sshd.js';
import { makeSshWorkspace, type SshWorkspace } from './workspace.js';

const all = allPackers();
/** Debian's 1.6.6 and the oldest modern Packer, 1.11.2 (keeps the suite to a few minutes). */
const PACKERS = [all.find((p) => p.version === '1.6.6'), all.find((p) => p.version !== '1.6.6')].filter((p) => p !== undefined);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let sshd: Sshd;
let bastion: Sshd;
let keyDir: string;
let ed25519: string;
let rsa: string;

beforeAll(async () => {
  const user = ensureTestUser();
  keyDir = join(user.home, `.pb-e2e-keys-${process.pid}`);
  mkdirSync(keyDir, { recursive: true });
  ed25519 = keygen(keyDir, 'id_ed25519', 'ed25519');
  rsa = keygen(keyDir, 'id_rsa', 'rsa', 3072);
  const keys = [readFileSync(`${ed25519}.pub`, 'utf8'), readFileSync(`${rsa}.pub`, 'utf8')];
  sshd = await startSshd({ authorizedKeys: keys });
  bastion = await startSshd({ authorizedKeys: keys });
});

afterAll(async () => {
  await sshd?.stop();
  await bastion?.stop();
  spawnSync('rm', ['-rf', keyDir]);
  removeBundle();
});

function hcl(settings: string, provisioners: string): string {
  return `source "sshb" "m" {\n  ssh_host = "127.0.0.1"\n  ssh_port = ${sshd.port}\n  ssh_username = "${TEST_USER}"\n${settings}\n}\nbuild {\n  sources = ["source.sshb.m"]\n${provisioners}\n}\n`;
}

describe.each(PACKERS)('SSH builds with Packer $version', (packer) => {
  let ws: SshWorkspace;
  beforeAll(async () => {
    ws = await makeSshWorkspace(packer);
  });
  afterAll(() => ws?.cleanup());
  const run = (args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000) =>
    runPackerAt({ packerPath: packer.path, version: packer.version, root: ws.root, env: ws.env }, args, { env, timeoutMs });

  it('HCL2, password, scp: shell inline/script/stderr and file up/down (file ≥ 50 MB, directories with F4 rules)', async () => {
    const remote = sshd.userDir('hcl-scp');
    const big = randomBytes(50 * 1024 * 1024 + 7);
    ws.file('big.bin', big);
    mkdirSync(join(ws.root, 'files', 'sub'), { recursive: true });
    writeFileSync(join(ws.root, 'files', 'a.txt'), 'A');
    writeFileSync(join(ws.root, 'files', 'sub', 'b.txt'), 'B');
    chmodSync(join(ws.root, 'files', 'sub'), 0o750);
    ws.file('script.sh', '#!/bin/sh\necho "from script $(whoami)"\n');
    mkdirSync(join(remote, 'contents'));
    chownSync(join(remote, 'contents'), statSync(remote).uid, statSync(remote).gid);
    ws.file(
      'b.pkr.hcl',
      hcl(
        `  ssh_password = "${TEST_PASSWORD}"\n  ssh_timeout = "30s"`,
        `  provisioner "shell" {\n    inline = ["echo hello-from-remote", "echo to-stderr >&2"]\n  }\n` +
          `  provisioner "shell" {\n    script = "script.sh"\n  }\n` +
          `  provisioner "file" {\n    source = "big.bin"\n    destination = "${remote}/"\n  }\n` +
          `  provisioner "file" {\n    source = "files"\n    destination = "${remote}"\n  }\n` +
          `  provisioner "file" {\n    source = "files/"\n    destination = "${remote}/contents"\n  }\n` +
          `  provisioner "file" {\n    direction = "download"\n    source = "${remote}/big.bin"\n    destination = "back.bin"\n  }\n`,
      ),
    );
    const r = await run(['build', 'b.pkr.hcl']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/Using SSH communicator to connect: 127\.0\.0\.1/);
    expect(r.stdout).toMatch(/Waiting for SSH to become available\.\.\./);
    expect(r.stdout).toMatch(/Connected to SSH!/);
    expect(r.stdout).toMatch(/hello-from-remote/);
    expect(r.stdout + r.stderr).toMatch(/to-stderr/);
    expect(r.stdout).toMatch(new RegExp(`from script ${TEST_USER}`));
    expect(sha(readFileSync(join(remote, 'big.bin')))).toBe(sha(big));
    expect(sha(readFileSync(join(ws.root, 'back.bin')))).toBe(sha(big));
    expect(readFileSync(join(remote, 'files', 'sub', 'b.txt'), 'utf8')).toBe('B');
    expect(statSync(join(remote, 'files', 'sub')).mode & 0o777).toBe(0o750);
    expect(readFileSync(join(remote, 'contents', 'a.txt'), 'utf8')).toBe('A');
    expect(existsSync(join(remote, 'contents', 'files'))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(TEST_PASSWORD);
    expect(tmpLeftovers(ws)).toEqual([]);
  }, 180_000);

  it('JSON, ed25519 key, sftp: file provisioner up and down, a non-zero exit fails the build', async () => {
    const remote = sshd.userDir('json-sftp');
    const data = randomBytes(65537);
    ws.file('mid.bin', data);
    const template = (inline: string[]) =>
      JSON.stringify({
        builders: [
          { type: 'sshb', ssh_host: '127.0.0.1', ssh_port: sshd.port, ssh_username: TEST_USER, ssh_private_key_file: ed25519, ssh_file_transfer_method: 'sftp' },
        ],
        provisioners: [
          { type: 'file', source: 'mid.bin', destination: `${remote}/mid.bin` },
          { type: 'file', direction: 'download', source: `${remote}/mid.bin`, destination: 'mid-back.bin' },
          { type: 'shell', inline },
        ],
      });
    ws.file('ok.json', template(['test -f ' + remote + '/mid.bin']));
    const ok = await run(['build', 'ok.json']);
    expect(ok.code, show(ok)).toBe(0);
    expect(sha(readFileSync(join(remote, 'mid.bin')))).toBe(sha(data));
    expect(sha(readFileSync(join(ws.root, 'mid-back.bin')))).toBe(sha(data));
    ws.file('fail.json', template(['exit 7']));
    const fail = await run(['build', 'fail.json']);
    expect(fail.code).toBe(1);
    expect(fail.stdout + fail.stderr).toMatch(/Script exited with non-zero exit status: 7/);
  }, 120_000);

  it('temporary RSA key (StepSSHKeyGen) and agent auth with an RSA-3072 key (S1)', async () => {
    const auth = join(sshd.dir, 'authorized_keys');
    const before = readFileSync(auth, 'utf8');
    try {
      ws.file('tmpkey.pkr.hcl', hcl(`  authorized_keys_file = "${auth}"\n  temporary_key_pair_type = "rsa"\n  temporary_key_pair_bits = 2048`, '  provisioner "shell" {\n    inline = ["echo via-temp-key"]\n  }'));
      const r = await run(['build', 'tmpkey.pkr.hcl']);
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toMatch(/Creating temporary RSA SSH key for instance\.\.\./);
      expect(r.stdout).toMatch(/via-temp-key/);
      expect(r.stdout + r.stderr).not.toMatch(/PRIVATE KEY/);
    } finally {
      writeFileSync(auth, before);
    }
    const agent = await startAgent([rsa]);
    try {
      ws.file('agent.pkr.hcl', hcl('  ssh_agent_auth = true', '  provisioner "shell" {\n    inline = ["echo via-agent"]\n  }'));
      const r = await run(['build', 'agent.pkr.hcl'], { SSH_AUTH_SOCK: agent.socket });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toMatch(/via-agent/);
    } finally {
      await agent.stop();
    }
    expect(sshd.log()).not.toMatch(/not in PubkeyAcceptedAlgorithms/);
  }, 120_000);

  it('a bastion hop', async () => {
    ws.file(
      'bastion.pkr.hcl',
      hcl(
        `  ssh_private_key_file = "${ed25519}"\n  ssh_bastion_host = "127.0.0.1"\n  ssh_bastion_port = ${bastion.port}\n  ssh_bastion_username = "${TEST_USER}"`,
        '  provisioner "shell" {\n    inline = ["echo through-bastion"]\n  }',
      ),
    );
    const r = await run(['build', 'bastion.pkr.hcl']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/through-bastion/);
    expect(bastion.log()).toMatch(/Accepted publickey for pbsshtest/);
  }, 60_000);

  it('E4: environment_vars with quotes, spaces and $() print back unchanged; E1: expect_disconnect survives a dropped connection', async () => {
    ws.file(
      'env.pkr.hcl',
      hcl(
        `  ssh_private_key_file = "${ed25519}"`,
        `  provisioner "shell" {\n    environment_vars = ["A=it's", "B=two words", "C=$(id)"]\n    inline = ["printf '[%s][%s][%s]\\\\n' \\"$A\\" \\"$B\\" \\"$C\\""]\n  }\n` +
          '  provisioner "shell" {\n    expect_disconnect = true\n    inline = ["kill -9 $(ps -o ppid= -p $PPID); sleep 5"]\n  }\n' +
          '  provisioner "shell" {\n    inline = ["echo after-reconnect"]\n  }',
      ),
    );
    const r = await run(['build', 'env.pkr.hcl'], { PACKER_LOG: '1' }, 40_000);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain("[it's][two words][$(id)]");
    expect(r.stdout).toMatch(/after-reconnect/);

    ws.file('drop.pkr.hcl', hcl(`  ssh_private_key_file = "${ed25519}"`, '  provisioner "shell" {\n    inline = ["kill -9 $(ps -o ppid= -p $PPID); sleep 5"]\n  }'));
    const dropped = await run(['build', 'drop.pkr.hcl'], { PACKER_LOG: '1' }, 40_000);
    expect(dropped.code, show(dropped)).toBe(1);
    expect(dropped.stdout + dropped.stderr).toMatch(/2300218/);
  }, 100_000);

  it('named failures after ssh_timeout: wrong password, unreachable port, agent auth without an agent (S3)', async () => {
    ws.file('wrong.pkr.hcl', hcl('  ssh_password = "wrong-password"\n  ssh_timeout = "6s"', ''));
    const wrong = await run(['build', 'wrong.pkr.hcl']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout + wrong.stderr).toMatch(
      new RegExp(`Timeout waiting for SSH\\. Last attempt: ssh: ${TEST_USER}@127\\.0\\.0\\.1:${sshd.port}: All configured authentication methods failed \\(tried: password, keyboard-interactive\\)`),
    );
    expect(wrong.stdout + wrong.stderr).not.toContain('wrong-password');

    const closed = await freePort();
    ws.file('closed.pkr.hcl', hcl(`  ssh_port = ${closed}\n  ssh_password = "x"\n  ssh_timeout = "4s"`, '').replace(`  ssh_port = ${sshd.port}\n`, ''));
    const refused = await run(['build', 'closed.pkr.hcl']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(new RegExp(`Timeout waiting for SSH\\. Last attempt: .*127\\.0\\.0\\.1:${closed}.*ECONNREFUSED`));

    ws.file('noagent.pkr.hcl', hcl('  ssh_agent_auth = true\n  ssh_timeout = "4s"', ''));
    const started = Date.now();
    const noAgent = await run(['build', 'noagent.pkr.hcl'], { SSH_AUTH_SOCK: '' });
    expect(noAgent.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    expect(noAgent.stdout + noAgent.stderr).toMatch(/Timeout waiting for SSH\. Last attempt: Cannot connect to SSH Agent: SSH_AUTH_SOCK is not set/);
  }, 90_000);

  it('S6: ssh_handshake_attempts alone fails after that many authentication failures', async () => {
    ws.file('attempts.pkr.hcl', hcl('  ssh_password = "wrong-password"\n  ssh_handshake_attempts = 2', ''));
    const r = await run(['build', 'attempts.pkr.hcl']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/Packer experienced an authentication error when trying to connect via SSH/);
    expect(sshd.log().match(/Failed password for pbsshtest/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('an invalid transfer method and a missing username fail validation with Go\'s messages', async () => {
    ws.file('invalid.pkr.hcl', 'source "sshb" "m" {\n  ssh_host = "127.0.0.1"\n  ssh_file_transfer_method = "rsync"\n  communicator = "ssh"\n}\nbuild {\n  sources = ["source.sshb.m"]\n}\n');
    const r = await run(['validate', 'invalid.pkr.hcl']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/ssh_file_transfer_method \('rsync'\) is invalid, valid methods: sftp, scp/);
    expect(r.stdout + r.stderr).toMatch(/An ssh_username must be specified/);
    ws.file('winrm.pkr.hcl', 'source "sshb" "m" {\n  communicator = "winrm"\n  winrm_username = "a"\n}\nbuild {\n  sources = ["source.sshb.m"]\n}\n');
    const w = await run(['validate', 'winrm.pkr.hcl']);
    expect(w.code).toBe(1);
    expect(w.stdout + w.stderr).toMatch(/Communicator type winrm is invalid: communicator must be one of "ssh", "none"/);
  }, 60_000);

  it('Ctrl-C while waiting for SSH and in the middle of a remote command: nothing is left behind', async () => {
    const closed = await freePort();
    ws.file('wait.pkr.hcl', hcl(`  ssh_port = ${closed}\n  ssh_password = "x"`, '').replace(`  ssh_port = ${sshd.port}\n`, ''));
    const waiting = await buildAndInterrupt(packer.path, ws, ['build', 'wait.pkr.hcl'], 'Waiting for SSH to become available...');
    expect(waiting.code).not.toBe(0);
    expect(waiting.stdout).toMatch(/cancelled|Interrupt/i);
    expect(groupMembers(waiting.pgid)).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);

    const marker = `pb-mid-${process.pid}-${Date.now()}`;
    ws.file('mid.pkr.hcl', hcl(`  ssh_private_key_file = "${ed25519}"`, `  provisioner "shell" {\n    inline = ["echo started-${marker}", "sleep 300 # ${marker}"]\n  }`));
    const mid = await buildAndInterrupt(packer.path, ws, ['build', 'mid.pkr.hcl'], `started-${marker}`);
    expect(mid.code).not.toBe(0);
    expect(groupMembers(mid.pgid)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    const remoteLeft = spawnSync('pgrep', ['-f', `sleep 300 # ${marker}`], { encoding: 'utf8' }).stdout.trim();
    expect(remoteLeft).toBe('');
    expect(tmpLeftovers(ws)).toEqual([]);
  }, 120_000);
});
