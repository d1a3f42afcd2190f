/**
 * SSHCommunicator against a real sshd on 127.0.0.1 (test/support/sshd.ts): commands, exit
 * statuses (E1), pty (E3), scp and sftp transfers with Go's directory rules (F4), boundary
 * sizes and short copies (F5), a machine without scp / without sftp (F1), keys (S1), the
 * password via keyboard-interactive (S5).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMD_DISCONNECT, SSHCommunicator, type SSHConnectOptions } from '../../src/communicator/ssh/index.js';
import { keygen, startAgent, startSshd, TEST_PASSWORD, TEST_USER, type Sshd } from '../support/sshd.js';
import { Collector, tempDir } from './helpers.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let sshd: Sshd;
let keys: { path: string; cleanup: () => Promise<void> };
let ed25519: string;
let rsa: string;

beforeAll(async () => {
  keys = await tempDir();
  ed25519 = keygen(keys.path, 'id_ed25519', 'ed25519');
  rsa = keygen(keys.path, 'id_rsa', 'rsa', 3072);
  sshd = await startSshd({
    authorizedKeys: [readFileSync(`${ed25519}.pub`, 'utf8'), readFileSync(`${rsa}.pub`, 'utf8')],
  });
});

afterAll(async () => {
  await sshd?.stop();
  await keys?.cleanup();
});

function options(extra: Partial<SSHConnectOptions> = {}): SSHConnectOptions {
  return {
    host: '127.0.0.1',
    port: sshd.port,
    username: TEST_USER,
    auth: [{ type: 'publickey', key: readFileSync(ed25519) }],
    ...extra,
  };
}

async function run(comm: SSHCommunicator, command: string, stdin?: Readable): Promise<{ code: number; out: string; err: string }> {
  const out = new Collector();
  const err = new Collector();
  const running = await comm.start({ command, stdout: out, stderr: err, ...(stdin ? { stdin } : {}) });
  const code = await running.exitStatus;
  return { code, out: out.text, err: err.text };
}

describe('SSHCommunicator commands', () => {
  let comm: SSHCommunicator;
  beforeAll(async () => {
    comm = await SSHCommunicator.connect(options());
  });
  afterAll(() => comm?.close());

  it('streams stdout and stderr and reports the exit status', async () => {
    const r = await run(comm, 'echo out; echo err >&2; exit 3');
    expect(r).toEqual({ code: 3, out: 'out\n', err: 'err\n' });
    expect((await run(comm, 'whoami')).out).toBe(`${TEST_USER}\n`);
  });

  it('the test machine has its own /tmp: a root-owned script left in the host /tmp does not block the login user', async () => {
    // Packer's shell provisioner writes /tmp/script_<rand>.sh; other tests' interrupted local builds leave root-owned ones
    const name = `/tmp/script_pb${process.pid}.sh`;
    writeFileSync(name, 'root leftover\n', { mode: 0o755 });
    try {
      const r = await run(comm, `test ! -e ${name} && echo mine > ${name} && cat ${name} && rm ${name}`);
      expect(r).toEqual({ code: 0, out: 'mine\n', err: '' });
      expect(readFileSync(name, 'utf8')).toBe('root leftover\n');
    } finally {
      rmSync(name, { force: true });
    }
  });

  it('E3: remote stdin is EOF without stdin (cat returns at once); given stdin is streamed', async () => {
    expect(await run(comm, 'cat; echo done')).toEqual({ code: 0, out: 'done\n', err: '' });
    const r = await run(comm, 'wc -c', Readable.from([Buffer.alloc(100_000, 1)]));
    expect(r.out.trim()).toBe('100000');
  });

  it('E1: a signal gives 128 + its number (kill -9 $$ → 137)', async () => {
    expect((await run(comm, 'kill -9 $$')).code).toBe(137);
    expect((await run(comm, 'kill -TERM $$')).code).toBe(143);
  });

  it('a quick command keeps its exit status (it can arrive with the exec reply)', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => run(comm, `exit ${i}`).then((r) => r.code)));
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('E1: a lost connection gives 2300218, and the next command reconnects', async () => {
    // kill the sshd process serving this connection: no exit status, no signal
    const r = await run(comm, 'kill -9 $PPID; sleep 5');
    expect(r.code).toBe(CMD_DISCONNECT);
    expect((await run(comm, 'echo again')).out).toBe('again\n');
  });

  it('E3: no pty unless asked; with pty the command sees a terminal of 40×80', async () => {
    expect((await run(comm, 'tty -s && echo tty || echo notty')).out).toBe('notty\n');
    const ptyComm = await SSHCommunicator.connect(options({ pty: true }));
    try {
      const r = await run(ptyComm, 'tty -s && echo tty; stty size; echo $TERM');
      expect(r.out.replace(/\r/g, '')).toBe('tty\n40 80\nxterm\n');
    } finally {
      ptyComm.close();
    }
  });

  it('aborting the signal kills the remote command', async () => {
    const marker = `pb-abort-${process.pid}-${Date.now()}`;
    const ac = new AbortController();
    const running = await comm.start({ command: `sleep 300 # ${marker}` }, ac.signal);
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    const code = await running.exitStatus;
    expect(code).toBe(137); // KILL reached the remote command
    await new Promise((r) => setTimeout(r, 300));
    expect((await run(comm, `pgrep -f '${marker}' | grep -v $$ || true`)).out).toBe('');
  });

  it('an abort that comes while the session is still opening kills the command once it starts', async () => {
    const marker = `pb-abort-early-${process.pid}-${Date.now()}`;
    const ac = new AbortController();
    const starting = comm.start({ command: `sleep 300 # ${marker}` }, ac.signal);
    ac.abort(); // the exec request is on the wire: start() has not resolved yet
    const running = await starting;
    expect(await running.exitStatus).not.toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect((await run(comm, `pgrep -f '${marker}' | grep -v $$ || true`)).out).toBe('');
  }, 20_000);
});

describe.each(['scp', 'sftp'] as const)('SSHCommunicator files over %s', (method) => {
  let comm: SSHCommunicator;
  let local: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    comm = await SSHCommunicator.connect(options({ fileTransferMethod: method }));
    local = await tempDir();
  });
  afterAll(async () => {
    comm?.close();
    await local?.cleanup();
  });

  it('F5: boundary sizes go up and down unchanged (0, 32768, 65536, 65537, 50 MB)', async () => {
    const remote = sshd.userDir(`sizes-${method}`);
    for (const size of [0, 32768, 65536, 65537, 50 * 1024 * 1024 + 3]) {
      const data = randomBytes(size);
      const path = `${remote}/f${size}`;
      await comm.upload(path, Readable.from([data]), { name: `f${size}`, size, mode: 0o640 });
      expect(sha(readFileSync(path))).toBe(sha(data));
      expect(statSync(path).mode & 0o777).toBe(0o640);
      const back = new Collector();
      await comm.download(path, back);
      expect(sha(Buffer.concat(back.chunks))).toBe(sha(data));
    }
  }, 120_000);

  it('reports upload progress through the Ui (trackProgress)', async () => {
    const seen: { name: string; total: number; bytes: number }[] = [];
    const ui = {
      trackProgress(name: string, _current: number, total: number, source: Readable): Readable {
        // like Packer's Ui: a new stream that counts what passes through
        const entry = { name, total, bytes: 0 };
        seen.push(entry);
        const counted = new PassThrough();
        counted.on('data', (c: Buffer) => (entry.bytes += c.length));
        const out = new PassThrough();
        source.pipe(counted).pipe(out);
        return out;
      },
    } as unknown as import('../../src/sdk/ui.js').Ui;
    const withUi = await SSHCommunicator.connect(options({ fileTransferMethod: method, progressUi: ui }));
    try {
      const remote = sshd.userDir(`progress-${method}`);
      await withUi.upload(`${remote}/p.bin`, Readable.from([randomBytes(300_000)]), { name: 'p.bin', size: 300_000, mode: 0o644 });
      expect(seen).toEqual([{ name: 'p.bin', total: 300_000, bytes: 300_000 }]);
    } finally {
      withUi.close();
    }
  });

  it('uploads a stream of unknown size', async () => {
    const remote = sshd.userDir(`stream-${method}`);
    const pass = new PassThrough();
    const done = comm.upload(`${remote}/s`, pass);
    pass.write('abc');
    pass.end('def');
    await done;
    expect(readFileSync(`${remote}/s`, 'utf8')).toBe('abcdef');
  });

  it('F5: a source of many odd-sized chunks arrives unchanged (gathered into full requests)', async () => {
    const remote = sshd.userDir(`chunks-${method}`);
    const data = randomBytes(3 * 1024 * 1024 + 11);
    const sizes = [1, 7, 32739, 65536, 229347, 229348, 100_000, 3, 500_000];
    const chunks: Buffer[] = [];
    for (let off = 0, i = 0; off < data.length; i++) {
      const n = Math.min(sizes[i % sizes.length]!, data.length - off);
      chunks.push(Buffer.from(data.subarray(off, off + n))); // copies: the SDK must not rely on chunk identity
      off += n;
    }
    await comm.upload(`${remote}/c.bin`, Readable.from(chunks), { name: 'c.bin', size: data.length, mode: 0o644 });
    expect(sha(readFileSync(`${remote}/c.bin`))).toBe(sha(data));
  });

  it('F4: `dir` makes dst/dir, `dir/` copies its contents; modes are kept (0750)', async () => {
    const src = join(local.path, `files-${method}`);
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'A');
    writeFileSync(join(src, 'sub', 'b.txt'), 'B');
    statSync(join(src, 'sub'));
    await import('node:fs/promises').then((fs) => fs.chmod(join(src, 'sub'), 0o750));
    const t1 = sshd.userDir(`tree1-${method}`);
    await comm.uploadDir(t1, src);
    expect(readFileSync(join(t1, `files-${method}`, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(t1, `files-${method}`, 'sub', 'b.txt'), 'utf8')).toBe('B');
    expect(statSync(join(t1, `files-${method}`, 'sub')).mode & 0o777).toBe(0o750);
    const t2 = sshd.userDir(`tree2-${method}`);
    await comm.uploadDir(t2, `${src}/`);
    expect(readFileSync(join(t2, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(t2, 'sub', 'b.txt'), 'utf8')).toBe('B');

    const down = join(local.path, `down-${method}`);
    await comm.downloadDir(`${t2}/`, down);
    expect(readFileSync(join(down, 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(down, 'sub', 'b.txt'), 'utf8')).toBe('B');
    const down2 = join(local.path, `down2-${method}`);
    await comm.downloadDir(`${t1}/files-${method}`, down2);
    expect(readFileSync(join(down2, `files-${method}`, 'sub', 'b.txt'), 'utf8')).toBe('B');
  });

  it('a missing remote file or directory is a named error', async () => {
    await expect(comm.download('/nonexistent/x', new Collector())).rejects.toThrow(/download of "\/nonexistent\/x" from 127\.0\.0\.1:\d+ failed/);
    await expect(comm.upload('/nonexistent/x', Readable.from([Buffer.from('x')]), { name: 'x', size: 1, mode: 0o644 })).rejects.toThrow(
      /upload to "\/nonexistent\/x" on 127\.0\.0\.1:\d+ failed/,
    );
  });
});

describe('SSHCommunicator transfer failures (F5)', () => {
  it('scp: a source shorter than its stat size fails the upload', async () => {
    const comm = await SSHCommunicator.connect(options());
    try {
      const remote = sshd.userDir('short');
      await expect(
        comm.upload(`${remote}/short`, Readable.from([Buffer.alloc(1000)]), { name: 'short', size: 5000, mode: 0o644 }),
      ).rejects.toThrow(/short copy of short: 1000 of 5000 bytes/);
    } finally {
      comm.close();
    }
  });

  it.each(['scp', 'sftp'] as const)('%s: a connection cut mid-copy fails the upload', async (method) => {
    const comm = await SSHCommunicator.connect(options({ fileTransferMethod: method }));
    const remote = sshd.userDir(`cut-${method}`);
    let sent = 0;
    const source = new Readable({
      read() {
        sent += 1 << 20;
        if (sent === 4 << 20) comm.close();
        this.push(Buffer.alloc(1 << 20));
        if (sent >= 64 << 20) this.push(null);
      },
    });
    await expect(comm.upload(`${remote}/cut`, source, { name: 'cut', size: 64 << 20, mode: 0o644 })).rejects.toThrow(/upload to .* failed/);
  });
});

describe('F1: a machine without scp, a server without sftp', () => {
  it('without scp on the PATH, scp fails with Go\'s message and sftp works', async () => {
    const noScp = await startSshd({
      authorizedKeys: [readFileSync(`${ed25519}.pub`, 'utf8')],
      extra: ['SetEnv PATH=/nonexistent'],
    });
    try {
      const dir = noScp.userDir('noscp');
      const scp = await SSHCommunicator.connect({ ...options(), port: noScp.port });
      await expect(scp.upload(`${dir}/f`, Readable.from([Buffer.from('x')]), { name: 'f', size: 1, mode: 0o644 })).rejects.toThrow(
        /SCP failed to start\. This usually means that SCP is not\nproperly installed on the remote system\./,
      );
      scp.close();
      const sftp = await SSHCommunicator.connect({ ...options(), port: noScp.port, fileTransferMethod: 'sftp' });
      await sftp.upload(`${dir}/f`, Readable.from([Buffer.from('x')]), { name: 'f', size: 1, mode: 0o644 });
      sftp.close();
      expect(readFileSync(`${dir}/f`, 'utf8')).toBe('x');
    } finally {
      await noScp.stop();
    }
  });

  it('without the sftp subsystem, sftp fails with a subsystem error', async () => {
    const noSftp = await startSshd({ authorizedKeys: [readFileSync(`${ed25519}.pub`, 'utf8')], sftp: false });
    try {
      const comm = await SSHCommunicator.connect({ ...options(), port: noSftp.port, fileTransferMethod: 'sftp' });
      await expect(comm.upload('/tmp/x', Readable.from([Buffer.from('x')]), { name: 'x', size: 1, mode: 0o644 })).rejects.toThrow(
        /sftpSession error: .*subsystem/,
      );
      comm.close();
    } finally {
      await noSftp.stop();
    }
  });
});

describe('authentication', () => {
  it('S1: an RSA-3072 key connects to OpenSSH 9 by file and through the agent, signed with rsa-sha2', async () => {
    const byFile = await SSHCommunicator.connect(options({ auth: [{ type: 'publickey', key: readFileSync(rsa) }] }));
    byFile.close();
    const agent = await startAgent([rsa]);
    try {
      const byAgent = await SSHCommunicator.connect(options({ auth: [{ type: 'agent', socket: agent.socket }] }));
      byAgent.close();
    } finally {
      await agent.stop();
    }
    const log = sshd.log();
    expect(log).not.toMatch(/not in PubkeyAcceptedAlgorithms/);
    expect(log).toMatch(/Accepted publickey for pbsshtest .* RSA SHA256/);
  });

  it('a refused login is an authentication error naming host:port and what was tried', async () => {
    const error = await SSHCommunicator.connect(options({ auth: [{ type: 'password', password: 'wrong' }] })).catch((e: unknown) => e);
    expect((error as { level?: string }).level).toBe('client-authentication');
    expect(String(error)).toMatch(new RegExp(`${TEST_USER}@127\\.0\\.0\\.1:${sshd.port}: .*tried: password, keyboard-interactive`));
  });

  it('S5: with only keyboard-interactive enabled, the password connects', async () => {
    const kbd = await startSshd({ password: false, keyboardInteractive: true, pam: true });
    try {
      const comm = await SSHCommunicator.connect({ ...options(), port: kbd.port, auth: [{ type: 'password', password: TEST_PASSWORD }] });
      comm.close();
      // sshd writes the line just after the client is in; give it a moment
      for (let i = 0; i < 40 && !/Accepted keyboard-interactive/.test(kbd.log()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(kbd.log()).toMatch(/Accepted keyboard-interactive/);
    } finally {
      await kbd.stop();
    }
  });
});
