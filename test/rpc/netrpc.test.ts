import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeMessage, encodeValue } from '../../src/rpc/netrpc/codec.js';
import { RpcClient, RpcError } from '../../src/rpc/netrpc/client.js';
import { RpcServer } from '../../src/rpc/netrpc/server.js';
import { duplexPair, rpcVector, vectorBytes, vectorPath, type RpcVector } from './helpers.js';
import type { Duplex } from 'node:stream';

const allVectors = readdirSync(vectorPath('rpc'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));

function collect(stream: Duplex): { bytes: () => Buffer; ended: Promise<void> } {
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  return { bytes: () => Buffer.concat(parts), ended: new Promise((r) => stream.on('end', () => r())) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('msgpack codec against the captured vectors', () => {
  it.each(allVectors)('decodes %s and re-encodes the header byte for byte', (name) => {
    const v = rpcVector(name);
    const header = decodeValue(Buffer.from(v.headerHex, 'hex')) as Record<string, unknown>;
    expect(header.ServiceMethod).toBe(v.method.replace(/ \(error\)$/, ''));
    expect(header.Seq).toBe(v.seq);
    expect(Buffer.from(encodeValue(header)).toString('hex')).toBe(v.headerHex);
    expect(() => decodeValue(Buffer.from(v.bodyHex, 'hex'))).not.toThrow();
  });

  const ourBodies: Array<[string, unknown, unknown]> = [
    ['builder-configspec-req', { ServiceMethod: 'Builder.ConfigSpec', Seq: 0 }, null],
    ['builder-run-req', { ServiceMethod: 'Builder.Run', Seq: 1 }, 1],
    ['builder-run-resp', { ServiceMethod: 'Builder.Run', Seq: 1, Error: '' }, 2],
    [
      'builder-prepare-json-resp',
      { ServiceMethod: 'Builder.Prepare', Seq: 0, Error: '' },
      { GeneratedVars: null, Warnings: [], Error: null },
    ],
    [
      'builder-run-resp-error',
      { ServiceMethod: 'Builder.Run', Seq: 1, Error: 'open /nonexistent/zzz: no such file or directory' },
      {},
    ],
    ['ui-say-req-plugin-to-core', { ServiceMethod: 'Ui.Say', Seq: 1 }, 'Provisioning with shell script: /tmp/packer-shell4132612138'],
    ['ui-say-resp', { ServiceMethod: 'Ui.Say', Seq: 1, Error: '' }, null],
    ['artifact-builderid-resp', { ServiceMethod: 'Artifact.BuilderId', Seq: 4, Error: '' }, 'packer.file'],
    ['hook-cancel-req', { ServiceMethod: 'Hook.Cancel', Seq: 3 }, null],
  ];
  it.each(ourBodies)('encodes %s exactly like Go', (name, header, body) => {
    const v = rpcVector(name);
    expect(encodeMessage(header as never, body).toString('hex')).toBe(v.headerHex + v.bodyHex);
  });

  it('keeps str and bin apart in the HCL2 Prepare payload', () => {
    const body = decodeValue(Buffer.from(rpcVector('builder-prepare-hcl2-req').bodyHex, 'hex')) as { Configs: unknown[] };
    const [vars, cty] = body.Configs as [Record<string, unknown>, unknown];
    expect(vars).toEqual({
      packer_build_name: 'f1',
      packer_builder_type: 'file',
      packer_debug: 'false',
      packer_force: 'false',
      packer_on_error: '',
    });
    expect(cty).toBeInstanceOf(Uint8Array);
    const doc = JSON.parse(Buffer.from(cty as Uint8Array).toString('utf8')) as { value: { content: string } };
    expect(doc.value.content).toBe('hi world');
    // a bin re-encodes as bin, a string as str
    expect(Buffer.from(encodeValue(new Uint8Array([1, 2]))).toString('hex')).toBe('c4020102');
    expect(Buffer.from(encodeValue('ab')).toString('hex')).toBe('a26162');
  });

  it('decodes the Debian timestamp extension in FileInfo.T and any int width', () => {
    const body = decodeValue(Buffer.from(rpcVector('communicator-upload-req-fileinfo').bodyHex, 'hex')) as {
      FileInfo: { N: string; S: number; M: number; T: Date };
    };
    expect(body.FileInfo.N).toBe('a.txt');
    expect(body.FileInfo.S).toBe(6);
    expect(body.FileInfo.M).toBe(420);
    expect(body.FileInfo.T).toBeInstanceOf(Date);
    expect(body.FileInfo.T.getUTCFullYear()).toBeGreaterThanOrEqual(2024);
    const track = decodeValue(Buffer.from(rpcVector('ui-newtrackprogress-req').bodyHex, 'hex')) as Record<string, unknown>;
    expect(typeof track.TotalSize).toBe('number');
    for (const hex of ['cd8000', 'd200008000', 'ce00008000', 'd30000000000008000', 'cf0000000000008000']) {
      expect(decodeValue(Buffer.from(hex, 'hex'))).toBe(32768);
    }
  });
});

function serverWith(services: Record<string, object>): { client: Duplex; server: RpcServer; served: Promise<void> } {
  const [client, serverEnd] = duplexPair();
  const server = new RpcServer();
  for (const [n, s] of Object.entries(services)) server.register(n, s);
  const served = server.serve(serverEnd);
  return { client, server, served };
}

describe('RpcServer', () => {
  it('answers the captured Artifact.BuilderId request with the captured response bytes', async () => {
    const { client } = serverWith({ Artifact: { BuilderId: () => 'packer.file' } });
    const out = collect(client);
    client.write(vectorBytes(rpcVector('artifact-builderid-req')));
    await tick();
    const resp = rpcVector('artifact-builderid-resp');
    expect(out.bytes().toString('hex')).toBe(resp.headerHex + resp.bodyHex);
  });

  it('puts a handler error in the header with the empty-map body (captured Run error)', async () => {
    const { client } = serverWith({
      Builder: {
        Run: () => {
          throw new Error('open /nonexistent/zzz: no such file or directory');
        },
      },
    });
    const out = collect(client);
    client.write(vectorBytes(rpcVector('builder-run-req')));
    await tick();
    const resp = rpcVector('builder-run-resp-error');
    expect(out.bytes().toString('hex')).toBe(resp.headerHex + resp.bodyHex);
  });

  it('reports unknown services and methods with Go\'s texts', async () => {
    const { client } = serverWith({ Builder: { Run: () => 0, helper: () => 1 } });
    const rpc = new RpcClient(client);
    await expect(rpc.call('Nope.Run', null)).rejects.toThrow(new RpcError("rpc: can't find service Nope.Run", 'Nope.Run'));
    await expect(rpc.call('Builder.Stop', null)).rejects.toThrow("rpc: can't find method Builder.Stop");
    await expect(rpc.call('Builder.helper', null)).rejects.toThrow("rpc: can't find method Builder.helper");
    await expect(rpc.call('Builder.toString', null)).rejects.toThrow("rpc: can't find method Builder.toString");
    await expect(rpc.call('NoDot', null)).rejects.toThrow('rpc: service/method request ill-formed: NoDot');
  });

  it('splits service and method at the last dot (progress-bar services are named Ui<src><id>)', async () => {
    const { client, server } = serverWith({});
    const adds: unknown[] = [];
    server.register('Uia.txt1XH1Sl', { Add: (n: unknown) => adds.push(n) });
    const out = collect(client);
    const req = rpcVector('ui-progress-add-req');
    client.write(vectorBytes(req));
    await tick();
    expect(adds).toHaveLength(1);
    const header = decodeValue(out.bytes().subarray(0, out.bytes().length - 1)) as Record<string, unknown>;
    expect(header).toEqual({ ServiceMethod: 'Uia.txt1XH1Sl.Add', Seq: req.seq, Error: '' });
  });

  it('consults the resolver for unregistered services', async () => {
    const { client, server } = serverWith({});
    server.setResolver((service, method) => (service.startsWith('Ui') ? (args) => `${service}|${method}|${String(args)}` : undefined));
    const rpc = new RpcClient(client);
    expect(await rpc.call('Uix.Add', 5)).toBe('Uix|Add|5');
    await expect(rpc.call('Hook.Run', null)).rejects.toThrow("rpc: can't find service Hook.Run");
  });

  it('serves calls concurrently, replies out of order, and decodes requests fed byte by byte', async () => {
    const release: Array<() => void> = [];
    const { client, served } = serverWith({
      Svc: {
        Slow: (x: unknown) => new Promise((r) => release.push(() => r(`slow ${String(x)}`))),
        Fast: (x: unknown) => `fast ${String(x)}`,
      },
    });
    const rpc = new RpcClient(client);
    const order: string[] = [];
    const slow = rpc.call<string>('Svc.Slow', 1).then((v) => order.push(v));
    const fast = rpc.call<string>('Svc.Fast', 2).then((v) => order.push(v));
    await fast;
    expect(order).toEqual(['fast 2']);
    // client half-closes with a call in flight: the reply still arrives, then the server ends
    rpc.close();
    await tick();
    release.forEach((f) => f());
    await slow;
    expect(order).toEqual(['fast 2', 'slow 1']);
    await served;
    await rpc.done;
  });

  it('decodes a request that arrives one byte at a time', async () => {
    const { client } = serverWith({ Ui: { Say: (m: unknown) => `said ${String(m)}` } });
    const out = collect(client);
    const bytes = vectorBytes(rpcVector('ui-say-req-plugin-to-core'));
    for (const b of bytes) {
      client.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    await tick();
    const reply = out.bytes();
    expect(reply.length).toBeGreaterThan(0);
    expect(reply.toString()).toContain('said Provisioning with shell script');
  });
});

describe('RpcClient', () => {
  it('sends the captured request bytes, numbering calls from 0', async () => {
    const [client, server] = duplexPair();
    const out = collect(server);
    const rpc = new RpcClient(client);
    void rpc.call('Builder.ConfigSpec', null);
    await tick();
    const v: RpcVector = rpcVector('builder-configspec-req');
    expect(out.bytes().toString('hex')).toBe(v.headerHex + v.bodyHex);
    void rpc.call('Hook.Cancel', null);
    await tick();
    expect(out.bytes().toString('hex')).toContain(
      Buffer.from(encodeMessage({ ServiceMethod: 'Hook.Cancel', Seq: 1 }, null)).toString('hex'),
    );
  });

  it('resolves replies matched by Seq and rejects with the server error text', async () => {
    const [client, server] = duplexPair();
    const rpc = new RpcClient(client);
    const a = rpc.call('Ui.Say', 'x');
    const b = rpc.call('Ui.Ask', 'q');
    server.write(encodeMessage({ ServiceMethod: 'Ui.Ask', Seq: 1, Error: 'no available tty' }, {}));
    server.write(encodeMessage({ ServiceMethod: 'Ui.Say', Seq: 0, Error: '' }, null));
    await expect(b).rejects.toThrow('no available tty');
    await expect(a).resolves.toBeNull();
  });

  it('fails calls in flight with "unexpected EOF" when the server closes, later calls with "connection is shut down"', async () => {
    const [client, server] = duplexPair();
    const rpc = new RpcClient(client);
    const pending = rpc.call('Builder.Run', 1);
    server.end();
    await expect(pending).rejects.toThrow('unexpected EOF');
    await expect(rpc.call('Builder.Run', 1)).rejects.toThrow('connection is shut down');
  });
});
