/**
 * A stand-in for Packer core built from our own client-side pieces (yamux client role,
 * broker, net/rpc), driving a plugin connection in-process the way packer 1.6.6 does.
 */
import { Readable, Writable } from 'node:stream';
import type { Builder } from '../../src/sdk/builder.js';
import { MuxBroker } from '../../src/rpc/broker.js';
import { dialClient, serveOn } from '../../src/rpc/endpoints.js';
import { RpcClient } from '../../src/rpc/netrpc/client.js';
import { RpcServer } from '../../src/rpc/netrpc/server.js';
import { serveBuilderConnection } from '../../src/rpc/services/serve-builder.js';
import { YamuxSession } from '../../src/rpc/yamux/session.js';
import { decodeCommandFinished, OBJECTSPEC_NAME_DEBIAN } from '../../src/rpc/gob/index.js';
import { socketPair } from './helpers.js';

export interface UiCall {
  method: string;
  args: unknown;
}

export interface FakeCore {
  broker: MuxBroker;
  main: RpcClient;
  pluginLog: string[];
  served: Promise<void>;
  /** Hook.Cancel calls the core received, over all runs. */
  hookCancels: number;
  /** Runs `Builder.Run`, serving Ui (recorded) and Hook (`onHook`) on c1. */
  run(onHook?: (args: HookRunArgs, p1: RpcClient) => Promise<void>, ui?: Partial<Record<string, (args: unknown) => unknown>>): Promise<RunResult>;
  close(): void;
}

export interface HookRunArgs {
  Name: string;
  Data: unknown;
  StreamId: number;
}

export interface RunResult {
  artifactId: number;
  uiCalls: UiCall[];
  hookCalls: HookRunArgs[];
  hookCancels: number;
  /** resolves when the plugin closed its c1 client (FIN) */
  c1Closed: Promise<void>;
}

export async function connectFakeCore(builder: Builder, options: { cleanupBoundMs?: number } = {}): Promise<FakeCore> {
  const { a, b, cleanup } = await socketPair();
  const pluginLog: string[] = [];
  const served = serveBuilderConnection(a, builder, {
    objectSpecName: OBJECTSPEC_NAME_DEBIAN,
    log: (l) => pluginLog.push(l),
    keepAliveIntervalMs: 0,
    ...options,
  });
  const session = new YamuxSession(b, { role: 'client', keepAliveIntervalMs: 0 });
  const broker = new MuxBroker(session);
  const main = await dialClient(broker, 0);
  const fake: FakeCore = {
    broker,
    main,
    pluginLog,
    served,
    hookCancels: 0,
    async run(onHook, ui = {}) {
      const uiCalls: UiCall[] = [];
      const hookCalls: HookRunArgs[] = [];
      let hookCancels = 0;
      const server = new RpcServer();
      const uiService: Record<string, (args: unknown) => unknown> = {};
      for (const m of ['Say', 'Message', 'Error', 'Machine', 'Ask', 'NewTrackProgress']) {
        uiService[m] = (args: unknown) => {
          uiCalls.push({ method: `Ui.${m}`, args });
          const f = ui[m];
          return f ? f(args) : m === 'NewTrackProgress' ? 'prog1' : null;
        };
      }
      server.register('Ui', uiService);
      server.setResolver((service, method) =>
        service.startsWith('Ui') ? (args: unknown) => (uiCalls.push({ method: `${service}.${method}`, args }), null) : undefined,
      );
      server.register('Hook', {
        Run: async (args: unknown) => {
          const h = args as HookRunArgs;
          hookCalls.push(h);
          const p1 = await dialClient(broker, h.StreamId);
          try {
            if (onHook) await onHook(h, p1);
          } finally {
            p1.close();
          }
          return null;
        },
        Cancel: () => {
          hookCancels++;
          fake.hookCancels++;
          return null;
        },
      });
      const c1 = broker.nextId();
      const c1Closed = serveOn(broker, c1, server, () => undefined);
      const artifactId = await main.call<number>('Builder.Run', c1);
      return { artifactId, uiCalls, hookCalls, get hookCancels() { return hookCancels; }, c1Closed };
    },
    close() {
      session.close();
      cleanup();
    },
  };
  return fake;
}

/** Core side of Communicator.Upload: serves `data` on a fresh id and calls Upload. */
export async function coreUpload(broker: MuxBroker, p1: RpcClient, path: string, data: Buffer, fileInfo: unknown = null): Promise<void> {
  const id = broker.nextId();
  const accepted = broker.accept(id);
  const call = p1.call('Communicator.Upload', { Path: path, ReaderStreamId: id, FileInfo: fileInfo });
  const s = await accepted;
  s.end(data);
  s.resume();
  await call;
}

/** Core side of Communicator.Download: returns what the plugin sent. */
export async function coreDownload(broker: MuxBroker, p1: RpcClient, path: string): Promise<Buffer> {
  const id = broker.nextId();
  const accepted = broker.accept(id);
  const call = p1.call('Communicator.Download', { Path: path, WriterStreamId: id });
  const s = await accepted;
  const parts: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    s.on('data', (c: Buffer) => parts.push(c));
    s.on('end', () => resolve());
  });
  await call;
  await ended;
  s.end();
  return Buffer.concat(parts);
}

export interface StartResult {
  stdout: string;
  stderr: string;
  exitStatus: number;
  responseBytes: Buffer;
}

/** Core side of Communicator.Start with stdout, stderr and (optionally) stdin streams. */
export async function coreStart(broker: MuxBroker, p1: RpcClient, command: string, stdin?: string): Promise<StartResult> {
  const ids = {
    StdinStreamId: stdin !== undefined ? broker.nextId() : 0,
    StdoutStreamId: broker.nextId(),
    StderrStreamId: broker.nextId(),
    ResponseStreamId: broker.nextId(),
  };
  const collect = async (id: number): Promise<Buffer> => {
    const s = await broker.accept(id);
    const parts: Buffer[] = [];
    for await (const c of s) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };
  const stdinDone =
    stdin !== undefined
      ? broker.accept(ids.StdinStreamId).then((s) => {
          s.end(stdin);
          s.resume();
        })
      : Promise.resolve();
  const out = collect(ids.StdoutStreamId);
  const err = collect(ids.StderrStreamId);
  const resp = collect(ids.ResponseStreamId);
  await p1.call('Communicator.Start', { Command: command, ...ids });
  await stdinDone;
  const [o, e, r] = await Promise.all([out, err, resp]);
  return { stdout: o.toString(), stderr: e.toString(), exitStatus: decodeCommandFinished(r), responseBytes: r };
}

/** Collects a Writable's bytes. */
export class Sink extends Writable {
  readonly parts: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.parts.push(chunk);
    cb();
  }
  text(): string {
    return Buffer.concat(this.parts).toString();
  }
}

/** Reads a Readable fully. */
export async function readAllOf(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
