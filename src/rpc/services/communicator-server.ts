import type { Communicator } from '../../sdk/communicator.js';
import type { MuxBroker } from '../broker.js';
import { encodeCommandFinished } from '../gob/index.js';
import { errorText, type LogFn } from '../log.js';
import { isRecord } from '../netrpc/codec.js';
import type { YamuxStream } from '../yamux/stream.js';
import { fileInfoFromWire } from './fileinfo.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function streamId(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function fields(args: unknown, method: string): Record<string, unknown> {
  if (!isRecord(args)) throw new Error(`Communicator.${method}: expected an argument struct, got ${JSON.stringify(args)}`);
  return args;
}

/** Ends a writable side and resolves once everything written was handed to the session. */
function endAndFlush(stream: YamuxStream): Promise<void> {
  if (stream.writableFinished || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('finish', resolve);
    stream.once('close', resolve);
    if (!stream.writableEnded) stream.end();
  });
}

/**
 * Serves an SDK {@link Communicator} as Packer's `Communicator` RPC service
 * (packer-plugin-sdk/rpc/communicator.go). Every `*StreamId` is a core broker id we dial.
 *
 * `commands` is passed to every `start`: it aborts when nobody waits for the commands any more
 * (the hook was cancelled or has returned), so no command outlives the build.
 */
export class CommunicatorService {
  constructor(
    private readonly comm: Communicator,
    private readonly broker: MuxBroker,
    private readonly log: LogFn,
    private readonly commands?: AbortSignal,
  ) {}

  /**
   * Dials stdin, stdout, stderr and the response stream at once (Go order), starts the
   * command and replies without waiting for it. When it ends: the gob CommandFinished on
   * the response stream, FIN, then FIN on stdout, stderr and stdin.
   */
  async Start(args: unknown): Promise<null> {
    const a = fields(args, 'Start');
    const dialed: YamuxStream[] = [];
    const dial = async (id: number): Promise<YamuxStream | undefined> => {
      if (id === 0) return undefined;
      const s = await this.broker.dial(id);
      dialed.push(s);
      return s;
    };
    let stdin: YamuxStream | undefined;
    let stdout: YamuxStream | undefined;
    let stderr: YamuxStream | undefined;
    let response: YamuxStream | undefined;
    let running;
    try {
      stdin = await dial(streamId(a.StdinStreamId));
      stdout = await dial(streamId(a.StdoutStreamId));
      stderr = await dial(streamId(a.StderrStreamId));
      response = await dial(streamId(a.ResponseStreamId));
      running = await this.comm.start(
        {
          command: str(a.Command),
          ...(stdin ? { stdin } : {}),
          ...(stdout ? { stdout } : {}),
          ...(stderr ? { stderr } : {}),
        },
        this.commands,
      );
    } catch (err) {
      for (const s of dialed) s.destroy();
      throw err;
    }
    const resp = response;
    void running.exitStatus
      .then(
        (status) => status,
        (err: unknown) => {
          this.log(`[ERR] Communicator.Start: command ${JSON.stringify(str(a.Command))} failed: ${errorText(err)}`);
          return 1;
        },
      )
      .then(async (status) => {
        this.log(`[INFO] RPC endpoint: Communicator ended with: ${status}`);
        if (resp !== undefined) resp.end(Buffer.from(encodeCommandFinished(status)));
        if (stdout) await endAndFlush(stdout);
        if (stderr) await endAndFlush(stderr);
        if (stdin) {
          stdin.resume();
          stdin.end();
        }
      });
    return null;
  }

  /** Dials ReaderStreamId and uploads what the core sends to `Path`; FIN when done, RST on failure. */
  async Upload(args: unknown): Promise<null> {
    const a = fields(args, 'Upload');
    const stream = await this.broker.dial(streamId(a.ReaderStreamId));
    try {
      await this.comm.upload(str(a.Path), stream, fileInfoFromWire(a.FileInfo));
    } catch (err) {
      stream.destroy();
      throw err;
    }
    stream.end();
    return null;
  }

  /** Copies the local `Src` to the remote `Dst` (no streams involved). */
  async UploadDir(args: unknown): Promise<null> {
    const a = fields(args, 'UploadDir');
    await this.comm.uploadDir(str(a.Dst), str(a.Src), strings(a.Exclude));
    return null;
  }

  /** Dials WriterStreamId, writes the remote file into it, and replies once all of it was sent (FIN). */
  async Download(args: unknown): Promise<null> {
    const a = fields(args, 'Download');
    const stream = await this.broker.dial(streamId(a.WriterStreamId));
    try {
      await this.comm.download(str(a.Path), stream);
    } catch (err) {
      stream.destroy();
      throw err;
    }
    await endAndFlush(stream);
    return null;
  }

  /** Copies the remote `Src` to the local `Dst`. */
  async DownloadDir(args: unknown): Promise<null> {
    const a = fields(args, 'DownloadDir');
    await this.comm.downloadDir(str(a.Src), str(a.Dst), strings(a.Exclude));
    return null;
  }
}
