import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCommunicator } from '../../src/communicator/local.js';
import { Collector, SlowHasher, isDead, tempDir } from './helpers.js';
import { createHash } from 'node:crypto';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function run(comm: LocalCommunicator, command: string, stdin?: Readable) {
  const stdout = new Collector();
  const stderr = new Collector();
  const running = await comm.start({ command, stdout, stderr, ...(stdin ? { stdin } : {}) });
  const status = await running.exitStatus;
  return { status, stdout: stdout.text, stderr: stderr.text, stdoutStream: stdout, stderrStream: stderr };
}

describe('LocalCommunicator.start', () => {
  it('returns exit codes', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    expect((await run(comm, 'true')).status).toBe(0);
    expect((await run(comm, 'exit 3')).status).toBe(3);
    expect((await run(comm, 'exit 255')).status).toBe(255);
  });

  it("reports death by a signal as -1, like Go's WaitStatus.ExitStatus()", async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    expect((await run(comm, 'kill -KILL $$')).status).toBe(-1);
  });

  it("keeps stdout and stderr apart, and does not end the caller's streams", async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const result = await run(comm, 'printf "to out\\n"; printf "to err\\n" >&2; printf "more out"');
    expect(result.stdout).toBe('to out\nmore out');
    expect(result.stderr).toBe('to err\n');
    expect(result.stdoutStream.writableEnded).toBe(false);
    expect(result.stderrStream.writableEnded).toBe(false);
  });

  it('feeds stdin and closes it at its end', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const result = await run(comm, 'tr a-z A-Z', Readable.from(['hello\n', 'world\n']));
    expect(result).toMatchObject({ status: 0, stdout: 'HELLO\nWORLD\n', stderr: '' });
  });

  it('gives an empty stdin when none is passed, and discards output nobody wants', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const running = await comm.start({ command: 'cat; echo ignored; echo ignored >&2' });
    expect(await running.exitStatus).toBe(0);
  });

  it('does not wait for a stdin that never ends once the command exited, and leaves it usable', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const stdin = new PassThrough();
    stdin.write('first line\n');
    const result = await run(comm, 'head -n 1', stdin);
    expect(result).toMatchObject({ status: 0, stdout: 'first line\n' });
    expect(stdin.destroyed).toBe(false);
  });

  it("runs in workingDir with the env option merged over this process's environment", async () => {
    process.env['GPB_TEST_INHERITED'] = 'inherited';
    process.env['GPB_TEST_REMOVED'] = 'should be gone';
    try {
      const comm = new LocalCommunicator({
        workingDir: dir.path,
        env: { GPB_TEST_ADDED: 'added', GPB_TEST_REMOVED: undefined },
      });
      const result = await run(
        comm,
        'pwd; echo "$GPB_TEST_ADDED $GPB_TEST_INHERITED ${GPB_TEST_REMOVED-unset}"',
      );
      expect(result.stdout).toBe(`${dir.path}\nadded inherited unset\n`);
    } finally {
      delete process.env['GPB_TEST_INHERITED'];
      delete process.env['GPB_TEST_REMOVED'];
    }
  });

  it('uses the configured shell', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path, shell: ['/usr/bin/env', 'sh', '-c'] });
    expect((await run(comm, 'echo "$0"')).stdout).toBe('sh\n');
  });

  it('rejects with a clear error when the shell cannot start or workingDir is missing', async () => {
    await expect(
      new LocalCommunicator({ workingDir: dir.path, shell: ['/nonexistent/shell', '-c'] }).start({
        command: 'true',
      }),
    ).rejects.toThrow(
      'LocalCommunicator: could not start "/nonexistent/shell": spawn /nonexistent/shell ENOENT (check the shell option)',
    );
    const missing = join(dir.path, 'nope');
    await expect(new LocalCommunicator({ workingDir: missing }).start({ command: 'true' })).rejects.toThrow(
      `LocalCommunicator: workingDir "${missing}" is not an existing directory; create it or pass another workingDir`,
    );
    expect(() => new LocalCommunicator({ shell: [] })).toThrow(
      'LocalCommunicator: the shell option must name a program, e.g. ["/bin/sh", "-c"]',
    );
  });

  it('honours backpressure on stdout and resolves only after every byte was written', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const stdout = new SlowHasher(16 * 1024);
    const running = await comm.start({ command: 'head -c 4000000 /dev/zero', stdout });
    expect(await running.exitStatus).toBe(0);
    expect(stdout.bytes).toBe(4_000_000);
    expect(stdout.hash.digest('hex')).toBe(
      createHash('sha256').update(Buffer.alloc(4_000_000)).digest('hex'),
    );
    // the writer waited for 'drain': at most one pipe read (64 KiB) beyond the high-water mark was queued
    expect(stdout.maxQueued).toBeLessThanOrEqual(16 * 1024 + 64 * 1024);
  });

  it('rejects exitStatus naming the stream when writing the output fails', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const broken = new PassThrough();
    broken.destroy(new Error('connection reset'));
    broken.on('error', () => undefined);
    const running = await comm.start({ command: 'echo hi', stdout: broken });
    await expect(running.exitStatus).rejects.toThrow('command "echo hi": writing its stdout failed:');
  });

  it('an abort kills the whole process group, children included', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    const controller = new AbortController();
    const stdout = new Collector();
    // the background sleep holds stdout open: exitStatus must wait for it, and the abort must kill it
    const running = await comm.start(
      { command: 'sleep 60 & echo $! > child.pid; echo started; wait', stdout },
      controller.signal,
    );
    for (let i = 0; i < 500 && !stdout.text.includes('started'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stdout.text).toBe('started\n');
    const childPid = Number((await readFile(join(dir.path, 'child.pid'), 'utf8')).trim());
    expect(await isDead(childPid)).toBe(false);
    controller.abort();
    expect(await running.exitStatus).toBe(-1);
    expect(await isDead(childPid)).toBe(true);
  });

  it('refuses to start when the signal already aborted', async () => {
    const comm = new LocalCommunicator({ workingDir: dir.path });
    await expect(comm.start({ command: 'true' }, AbortSignal.abort())).rejects.toThrow(
      'This operation was aborted',
    );
  });
});
