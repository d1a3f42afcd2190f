import { createHash, randomBytes } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import { spec, type ObjectSpec } from '../../src/hcl/spec.js';
import type { MuxBroker } from '../../src/rpc/broker.js';
import { decodeConfigSpec, encodeCommandFinished, encodeConfigSpec, OBJECTSPEC_NAME_DEBIAN } from '../../src/rpc/gob/index.js';
import { decodeValue } from '../../src/rpc/netrpc/codec.js';
import { RpcServer } from '../../src/rpc/netrpc/server.js';
import { BuilderService } from '../../src/rpc/services/builder-server.js';
import { PROGRESS_FORWARD_MS } from '../../src/rpc/services/ui-client.js';
import { fileInfoFromWire, goTimeFromWire } from '../../src/rpc/services/fileinfo.js';
import type { Artifact } from '../../src/sdk/artifact.js';
import type { Builder, PrepareResult } from '../../src/sdk/builder.js';
import type { Communicator, FileInfo, RemoteCmd, RunningCommand } from '../../src/sdk/communicator.js';
import type { Hook } from '../../src/sdk/hook.js';
import type { Ui } from '../../src/sdk/ui.js';
import { clearSecrets, registerSecrets } from '../../src/secrets/index.js';
import { connectFakeCore, coreDownload, coreStart, coreUpload, readAllOf, type FakeCore } from './fake-core.js';
import { duplexPair, readVector, rpcVector, vectorBytes } from './helpers.js';

const testSpec: ObjectSpec = spec.object({
  target: spec.attr('target', cty.string, { required: true, property: 'target' }),
  opts: spec.block('opts', spec.object({ a: spec.attr('a', cty.number, { property: 'a' }) }), { property: 'opts' }),
} as never);

class FakeBuilder implements Builder {
  prepared: unknown[][] = [];
  prepareError: Error | undefined;
  runImpl: (ui: Ui, hook: Hook, signal: AbortSignal) => Promise<Artifact | undefined> = async () => undefined;
  configSpec(): ObjectSpec {
    return testSpec;
  }
  async prepare(...raws: unknown[]): Promise<PrepareResult> {
    this.prepared.push(raws);
    if (this.prepareError) throw this.prepareError;
    return { generatedData: ['NodefakeVar', 'ID'], warnings: [] };
  }
  run(ui: Ui, hook: Hook, signal: AbortSignal): Promise<Artifact | undefined> {
    return this.runImpl(ui, hook, signal);
  }
}

/** An in-memory "remote machine". */
class MemoryComm implements Communicator {
  signals: Array<AbortSignal | undefined> = [];
  files = new Map<string, Buffer>();
  uploads: Array<{ path: string; info: FileInfo | undefined }> = [];
  dirCalls: string[] = [];
  async start(cmd: RemoteCmd, signal?: AbortSignal): Promise<RunningCommand> {
    this.signals.push(signal);
    const [verb, ...rest] = cmd.command.split(' ');
    const arg = rest.join(' ');
    const exitStatus = (async () => {
      if (verb === 'echo') cmd.stdout?.write(`${arg}\n`);
      else if (verb === 'warn') cmd.stderr?.write(`${arg}\n`);
      else if (verb === 'cat' && cmd.stdin) cmd.stdout?.write(await readAllOf(cmd.stdin));
      else if (verb === 'big') {
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let i = 0; i < Number(arg); i++) {
          if (!cmd.stdout?.write(chunk)) await new Promise((r) => cmd.stdout?.once('drain', r));
        }
      } else if (verb === 'exit') return Number(arg);
      return 0;
    })();
    return { exitStatus };
  }
  async upload(path: string, source: Readable, info?: FileInfo): Promise<void> {
    this.files.set(path, await readAllOf(source));
    this.uploads.push({ path, info });
  }
  async uploadDir(dst: string, src: string, exclude?: readonly string[]): Promise<void> {
    this.dirCalls.push(`up ${src} -> ${dst} ${JSON.stringify(exclude)}`);
  }
  async download(path: string, destination: Writable): Promise<void> {
    const data = this.files.get(path);
    if (data === undefined) throw new Error(`open ${path}: no such file or directory`);
    for (let off = 0; off < data.length; off += 100_000) {
      if (!destination.write(data.subarray(off, off + 100_000))) await new Promise((r) => destination.once('drain', r));
    }
  }
  async downloadDir(src: string, dst: string, exclude?: readonly string[]): Promise<void> {
    this.dirCalls.push(`down ${src} -> ${dst} ${JSON.stringify(exclude)}`);
  }
}

function artifactOf(partial: Partial<Artifact> = {}): Artifact {
  return {
    builderId: () => 'acme.tsb',
    files: () => ['/tmp/a.img'],
    id: () => 'image-1',
    string: () => 'An image',
    state: (name) => (name === 'generated_data' ? { NodefakeVar: 'v1' } : undefined),
    destroy: async () => undefined,
    ...partial,
  };
}

/** BuilderService on a bare net/rpc connection (no yamux), for byte-exact replies. */
function bareBuilder(builder: Builder) {
  const [core, plugin] = duplexPair();
  const server = new RpcServer();
  const logs: string[] = [];
  server.register(
    'Builder',
    new BuilderService(builder, {} as MuxBroker, { objectSpecName: OBJECTSPEC_NAME_DEBIAN, log: (l) => logs.push(l) }),
  );
  void server.serve(plugin);
  const parts: Buffer[] = [];
  core.on('data', (c: Buffer) => parts.push(c));
  return { core, out: () => Buffer.concat(parts), logs };
}
const tick = () => new Promise((r) => setTimeout(r, 10));

let core: FakeCore | undefined;
afterEach(() => {
  core?.close();
  core = undefined;
  clearSecrets();
});

describe('Builder service, byte level', () => {
  it('passes the captured JSON-template configs as plain objects and replies the captured error bytes', async () => {
    const b = new FakeBuilder();
    b.prepareError = new Error('1 error(s) occurred:\n\n* target required');
    const { core: c, out } = bareBuilder(b);
    c.write(vectorBytes(rpcVector('builder-prepare-json-req')));
    await tick();
    expect(b.prepared[0]).toEqual([
      { content: 'hi {{user `who`}}', target: 'out.txt' },
      expect.objectContaining({ packer_build_name: 'f1', packer_debug: false, packer_user_variables: { who: 'world', '': '' } }),
    ]);
    const resp = rpcVector('builder-prepare-resp-error');
    expect(out().toString('hex')).toBe(resp.headerHex + resp.bodyHex);
  });

  it('passes the captured HCL2 cty-JSON as a Uint8Array and replies the captured GeneratedVars bytes', async () => {
    const b = new FakeBuilder();
    const { core: c, out } = bareBuilder(b);
    c.write(vectorBytes(rpcVector('builder-prepare-hcl2-nodefake-req')));
    await tick();
    const [vars, blob] = b.prepared[0] as [Record<string, string>, Uint8Array];
    expect(vars.packer_debug).toBe('false');
    expect(blob).toBeInstanceOf(Uint8Array);
    const raw = readVector<unknown>('misc/cty-json-prepare-nodefake.json');
    expect(JSON.parse(Buffer.from(blob).toString())).toEqual(raw);
    const resp = rpcVector('builder-prepare-resp-generatedvars');
    expect(out().toString('hex')).toBe(resp.headerHex + resp.bodyHex);
  });

  it('replies ConfigSpec as a bin holding the gob of the spec, nested blocks under the given name', async () => {
    const { core: c, out } = bareBuilder(new FakeBuilder());
    c.write(vectorBytes(rpcVector('builder-configspec-req')));
    await tick();
    const bytes = out();
    const resp = rpcVector('builder-configspec-resp');
    const headerLen = resp.headerHex.length / 2;
    expect(bytes.subarray(0, headerLen).toString('hex')).toBe(resp.headerHex);
    const gob = encodeConfigSpec(testSpec, { objectSpecName: OBJECTSPEC_NAME_DEBIAN });
    // 81 aa "ConfigSpec" then bin8/bin16 + gob, like the captured reply
    expect(bytes.subarray(headerLen, headerLen + 12).toString('hex')).toBe('81aa436f6e66696753706563');
    const body = decodeValue(bytes.subarray(headerLen)) as { ConfigSpec: Uint8Array };
    expect(Buffer.from(body.ConfigSpec).equals(Buffer.from(gob))).toBe(true);
    expect(Buffer.from(body.ConfigSpec).toString('latin1')).toContain(OBJECTSPEC_NAME_DEBIAN);
    expect(Object.keys(decodeConfigSpec(body.ConfigSpec).entries).sort()).toEqual(['opts', 'target']);
  });

  it('masks registered secrets in Prepare errors and warnings', async () => {
    registerSecrets(['hunter2']);
    const b = new FakeBuilder();
    b.prepareError = new Error('password hunter2 is too short');
    const { core: c, out } = bareBuilder(b);
    c.write(vectorBytes(rpcVector('builder-prepare-json-req')));
    await tick();
    expect(out().toString()).toContain('password <sensitive> is too short');
    expect(out().toString()).not.toContain('hunter2');
  });
});

describe('Builder.Run against a fake core', () => {
  it('drives Ui, Hook (Communicator + proxied Ui) and Artifact, and FINs c1 before replying', async () => {
    registerSecrets(['s3cret']);
    const b = new FakeBuilder();
    const comm = new MemoryComm();
    b.runImpl = async (ui, hook) => {
      await ui.say('Starting with s3cret');
      await ui.message('msg');
      await ui.error('err');
      await ui.machine('artifact', '0', 'id s3cret');
      expect(await ui.ask('Continue?')).toBe('yes');
      await hook.run('packer_provision', ui, comm, { ID: 'image-1', Host: '' });
      return artifactOf();
    };
    core = await connectFakeCore(b);
    const c = core;
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    let fromHook: Record<string, unknown> = {};
    const result = await c.run(
      async (args, p1) => {
        await p1.call('Ui.Say', 'Provisioning with s3cret');
        await coreUpload(c.broker, p1, '/remote/a.bin', payload, { N: 'a.bin', S: payload.length, M: 420, T: new Date('2024-01-02T03:04:05Z') });
        const back = await coreDownload(c.broker, p1, '/remote/a.bin');
        const started = await coreStart(c.broker, p1, 'echo hello');
        const failed = await coreStart(c.broker, p1, 'exit 127');
        const catted = await coreStart(c.broker, p1, 'cat', 'from stdin');
        const warned = await coreStart(c.broker, p1, 'warn oops');
        await p1.call('Communicator.UploadDir', { Dst: '/remote/dir', Src: 'updir/', Exclude: null });
        await p1.call('Communicator.DownloadDir', { Dst: 'local', Src: '/remote/dir', Exclude: ['*.tmp'] });
        await expect(coreDownload(c.broker, p1, '/missing')).rejects.toThrow('open /missing: no such file or directory');
        fromHook = { back, started, failed, catted, warned, args };
      },
      { Ask: () => 'yes' },
    );
    await result.c1Closed;
    expect(result.uiCalls.map((u) => [u.method, u.args])).toEqual([
      ['Ui.Say', 'Starting with <sensitive>'],
      ['Ui.Message', 'msg'],
      ['Ui.Error', 'err'],
      ['Ui.Machine', { Category: 'artifact', Args: ['0', 'id <sensitive>'] }],
      ['Ui.Ask', 'Continue?'],
      ['Ui.Say', 'Provisioning with <sensitive>'],
    ]);
    expect(result.hookCalls).toEqual([{ Name: 'packer_provision', Data: { ID: 'image-1', Host: '' }, StreamId: 1 }]);
    const f = fromHook as {
      back: Buffer;
      started: { stdout: string; stderr: string; exitStatus: number; responseBytes: Buffer };
      failed: { exitStatus: number; responseBytes: Buffer };
      catted: { stdout: string };
      warned: { stdout: string; stderr: string };
    };
    expect(createHash('sha256').update(f.back).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(comm.files.get('/remote/a.bin')?.equals(payload)).toBe(true);
    expect(comm.uploads[0]?.info).toEqual({ name: 'a.bin', size: payload.length, mode: 420, mtime: new Date('2024-01-02T03:04:05Z') });
    expect(f.started).toMatchObject({ stdout: 'hello\n', stderr: '', exitStatus: 0 });
    // exit 0: the exact gob stream captured from Go (misc/streams.json)
    expect(f.started.responseBytes.toString('hex')).toBe(readVector<{ commandFinishedGobExit0: string }>('misc/streams.json').commandFinishedGobExit0);
    expect(f.failed.exitStatus).toBe(127);
    expect(f.failed.responseBytes.equals(Buffer.from(encodeCommandFinished(127)))).toBe(true);
    expect(f.catted.stdout).toBe('from stdin');
    expect(f.warned).toMatchObject({ stdout: '', stderr: 'oops\n' });
    expect(comm.dirCalls).toEqual(['up updir/ -> /remote/dir []', 'down /remote/dir -> local ["*.tmp"]']);
    // every command got the hook's signal, aborted once the core closed the hook connection
    expect(comm.signals).toHaveLength(4);
    expect(new Set(comm.signals).size).toBe(1);
    expect(comm.signals[0]?.aborted).toBe(true);

    expect(result.artifactId).toBe(2);
    const art = await (await import('../../src/rpc/endpoints.js')).dialClient(c.broker, result.artifactId);
    expect(await art.call('Artifact.State', 'generated_data')).toEqual({ NodefakeVar: 'v1' });
    expect(await art.call('Artifact.State', 'nothing')).toBeNull();
    expect(await art.call('Artifact.Files', null)).toEqual(['/tmp/a.img']);
    expect(await art.call('Artifact.Id', null)).toBe('image-1');
    expect(await art.call('Artifact.String', null)).toBe('An image');
    expect(await art.call('Artifact.BuilderId', null)).toBe('acme.tsb');
    expect(await art.call('Artifact.Destroy', null)).toBeNull();
  });

  it('reports a failed run as an RPC error with the message, secrets masked', async () => {
    registerSecrets(['tok3n']);
    const b = new FakeBuilder();
    b.runImpl = async () => {
      throw new Error('login with tok3n failed');
    };
    core = await connectFakeCore(b);
    await expect(core.run()).rejects.toThrow('login with <sensitive> failed');
  });

  it('replies 0 without an artifact and reports Artifact.Destroy failures as RPC errors', async () => {
    const b = new FakeBuilder();
    core = await connectFakeCore(b);
    expect((await core.run()).artifactId).toBe(0);
    b.runImpl = async () => artifactOf({ destroy: async () => Promise.reject(new Error('image in use')) });
    const r = await core.run();
    const art = await (await import('../../src/rpc/endpoints.js')).dialClient(core.broker, r.artifactId);
    await expect(art.call('Artifact.Destroy', null)).rejects.toThrow('image in use');
  });

  it('aborts the run signal on Builder.Cancel and sends Hook.Cancel while a hook runs', async () => {
    const b = new FakeBuilder();
    let hookError: unknown;
    b.runImpl = async (ui, hook, signal) => {
      try {
        await hook.run('packer_provision', ui, undefined, null, signal);
      } catch (err) {
        hookError = err;
      }
      expect(signal.aborted).toBe(true);
      throw new Error('build was cancelled');
    };
    core = await connectFakeCore(b);
    const c = core;
    let releaseHook: () => void = () => undefined;
    const hookStarted = new Promise<void>((started) => {
      void c
        .run(async () => {
          started();
          await new Promise<void>((r) => {
            releaseHook = r;
          });
          throw new Error('interrupted');
        })
        .catch((err: Error) => {
          runError = err;
        });
    });
    let runError: Error | undefined;
    await hookStarted;
    expect(await c.main.call('Builder.Cancel', null)).toBeNull();
    // Hook.Cancel reaches the core while Hook.Run is still in flight
    await new Promise((r) => setTimeout(r, 50));
    expect(c.hookCancels).toBe(1);
    releaseHook();
    await new Promise((r) => setTimeout(r, 50));
    expect(runError?.message).toBe('build was cancelled');
    expect(String(hookError)).toContain('interrupted');
    expect(c.pluginLog).toContain('Cancelling builder after receiving Builder.Cancel');
  });

  it('reports progress with NewTrackProgress, summed Add calls and Close', async () => {
    const b = new FakeBuilder();
    const data = Buffer.alloc(200_000, 1);
    b.runImpl = async (ui) => {
      const tracked = ui.trackProgress('image.iso', 0, data.length, Readable.from([data.subarray(0, 50_000), data.subarray(50_000)]));
      expect((await readAllOf(tracked)).length).toBe(data.length);
      await new Promise((r) => setTimeout(r, 50));
      return undefined;
    };
    core = await connectFakeCore(b);
    const r = await core.run();
    const progress = r.uiCalls.filter((u) => u.method !== 'Ui.Say');
    expect(progress[0]).toEqual({ method: 'Ui.NewTrackProgress', args: { Src: 'image.iso', TotalSize: 200_000, CurrentSize: 0 } });
    const adds = progress.filter((u) => u.method === 'Uiprog1.Add').map((u) => u.args as number);
    expect(adds.reduce((x, y) => x + y, 0)).toBe(200_000);
    expect(progress.at(-1)).toEqual({ method: 'Uiprog1.Close', args: null });
  });

  it('keeps the bytes read and the Close that come before Packer names the progress bar', async () => {
    const b = new FakeBuilder();
    const data = Buffer.alloc(100_000, 2);
    b.runImpl = async (ui) => {
      expect((await readAllOf(ui.trackProgress('late.iso', 0, data.length, Readable.from([data])))).length).toBe(data.length);
      await new Promise((r) => setTimeout(r, 150));
      return undefined;
    };
    core = await connectFakeCore(b);
    const r = await core.run(undefined, { NewTrackProgress: () => new Promise((res) => setTimeout(() => res('prog1'), 50)) });
    const progress = r.uiCalls.filter((u) => u.method !== 'Ui.Say').map((u) => [u.method, u.args]);
    expect(progress).toEqual([
      ['Ui.NewTrackProgress', { Src: 'late.iso', TotalSize: 100_000, CurrentSize: 0 }],
      ['Uiprog1.Add', 100_000],
      ['Uiprog1.Close', null],
    ]);
  });

  it("answers a provisioner's progress Add at once and forwards the bytes summed, before Close", async () => {
    const b = new FakeBuilder();
    b.runImpl = async (ui, hook) => {
      await hook.run('packer_provision', ui, new MemoryComm(), null);
      return undefined;
    };
    core = await connectFakeCore(b);
    let adds = 0;
    const r = await core.run(async (_args, p1) => {
      expect(await p1.call('Ui.NewTrackProgress', { Src: 'big.iso', TotalSize: 250_000, CurrentSize: 0 })).toBe('prog1');
      for (let i = 0; i < 200; i++) {
        expect(await p1.call('Uiprog1.Add', 1000)).toBeNull();
        adds++;
      }
      await new Promise((r) => setTimeout(r, PROGRESS_FORWARD_MS * 2)); // a forward happens while the bar is open
      await p1.call('Uiprog1.Add', 50_000);
      expect(await p1.call('Uiprog1.Close', null)).toBeNull();
    });
    await r.c1Closed;
    const calls = r.uiCalls.map((u) => u.method);
    expect(adds).toBe(200);
    expect(calls[0]).toBe('Ui.NewTrackProgress');
    expect(calls.at(-1)).toBe('Uiprog1.Close');
    const forwarded = r.uiCalls.filter((u) => u.method === 'Uiprog1.Add').map((u) => u.args as number);
    expect(forwarded.reduce((x, y) => x + y, 0)).toBe(250_000);
    // 201 Adds reached the plugin; the core saw a few sums (one per 100 ms, the last before Close)
    expect(forwarded.length).toBeGreaterThanOrEqual(2);
    expect(forwarded.length).toBeLessThan(20);
    expect(forwarded.at(-1)).toBe(50_000);
  });

  it('exits the connection when the core closes the main stream', async () => {
    core = await connectFakeCore(new FakeBuilder());
    core.main.close();
    await core.served;
  });
});

describe('FileInfo from the wire', () => {
  it('reads the Debian timestamp extension and the official 15-byte MarshalBinary time', () => {
    const body = decodeValue(Buffer.from(rpcVector('communicator-upload-req-fileinfo').bodyHex, 'hex')) as { FileInfo: unknown };
    const fi = fileInfoFromWire(body.FileInfo);
    expect(fi).toMatchObject({ name: 'a.txt', size: 6, mode: 420 });
    expect(fi?.mtime).toBeInstanceOf(Date);
    // Go: time.Date(2024, 1, 2, 3, 4, 5, 600_000_000, time.UTC).MarshalBinary()
    const sec = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000) + 62135596800n;
    const bin = Buffer.alloc(15);
    bin[0] = 1;
    bin.writeBigInt64BE(sec, 1);
    bin.writeInt32BE(600_000_000, 9);
    bin.writeInt16BE(-1, 13);
    expect(goTimeFromWire(bin)?.toISOString()).toBe('2024-01-02T03:04:05.600Z');
    expect(goTimeFromWire(new Date(-62135596800000))).toBeUndefined();
    expect(fileInfoFromWire(null)).toBeUndefined();
  });
});
