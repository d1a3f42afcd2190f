import { pipeline, Transform, type Readable } from 'node:stream';
import type { Ui } from '../../sdk/ui.js';
import { errorText, type LogFn } from '../log.js';
import type { RpcClient } from '../netrpc/client.js';
import { mask } from './mask.js';

/**
 * The Ui a builder gets under Packer: each call is an RPC to the core's `Ui` service
 * (on the Run stream c1). Secrets are masked in everything sent. Like Go's client,
 * failures of Say/Message/Error/Machine are logged, not thrown; Ask rejects
 * (`no available tty`, `interrupted`).
 */
export class RemoteUi implements Ui {
  constructor(
    private readonly client: RpcClient,
    private readonly log: LogFn,
  ) {}

  /** The Adds and Closes of this Ui's progress bars, its own and those it forwards. */
  private readonly progress = new ProgressForwarder((serviceMethod, args) => this.client.call(serviceMethod, args), (line) => this.log(line));

  say(message: string): Promise<void> {
    return this.notify('Ui.Say', mask(message));
  }

  message(message: string): Promise<void> {
    return this.notify('Ui.Message', mask(message));
  }

  error(message: string): Promise<void> {
    return this.notify('Ui.Error', mask(message));
  }

  machine(category: string, ...args: string[]): Promise<void> {
    return this.notify('Ui.Machine', { Category: category, Args: args.map(mask) });
  }

  ask(query: string): Promise<string> {
    return this.client.call<unknown>('Ui.Ask', mask(query)).then((answer) => (typeof answer === 'string' ? answer : ''));
  }

  /**
   * Returns a Readable that passes `source` through and reports the bytes read to a
   * progress bar in Packer (`Ui.NewTrackProgress`, then `Ui<id>.Add` and `Ui<id>.Close`).
   * The bytes are summed and sent every {@link PROGRESS_FORWARD_MS} ms, and before `Close`.
   */
  trackProgress(src: string, currentSize: number, totalSize: number, source: Readable): Readable {
    const bar = new ProgressReporter(this.progress, this.client, this.log, src, currentSize, totalSize);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bar.add(chunk.length);
        cb(null, chunk);
      },
    });
    counter.on('close', () => bar.close());
    return pipeline(source, counter, () => bar.close());
  }

  /**
   * Forwards any `Ui*` call to the core (the transparent proxy a hook's Ui server uses),
   * masking the texts of Say/Message/Error/Machine/Ask.
   *
   * A progress bar's `Ui<id>.Add(bytes)` is the exception: it is answered at once with `null`
   * (what Go's `ProgressTrackingServer.Add` always answers) and the bytes are summed and sent
   * on at most every {@link PROGRESS_FORWARD_MS} ms, in order, before that bar's `Close`.
   * Packer's file provisioner calls `Add` synchronously for every 32 KiB it reads; forwarding
   * each one before answering put two RPC round trips on the data path of every upload.
   */
  forward(serviceMethod: string, args: unknown): Promise<unknown> {
    const dot = serviceMethod.lastIndexOf('.');
    const service = serviceMethod.slice(0, dot);
    if (service !== 'Ui' && service.startsWith('Ui')) {
      const method = serviceMethod.slice(dot + 1);
      if (method === 'Add' && typeof args === 'number' && Number.isSafeInteger(args)) return Promise.resolve(this.progress.add(service, args));
      if (method === 'Close') return this.progress.close(service, args);
    }
    return this.client.call(serviceMethod, maskUiArgs(serviceMethod, args));
  }

  private notify(method: string, args: unknown): Promise<void> {
    return this.client.call(method, args).then(
      () => undefined,
      // Packer may be gone (a cleanup after a lost connection): keep what the Ui was told in the log
      (err: unknown) =>
        this.log(`Error in ${method} RPC call: ${errorText(err)}; it said: ${typeof args === 'string' ? args : JSON.stringify(args)}`),
    );
  }
}

/** Masks secrets in the arguments of the Ui methods that carry user-visible text. */
export function maskUiArgs(serviceMethod: string, args: unknown): unknown {
  switch (serviceMethod) {
    case 'Ui.Say':
    case 'Ui.Message':
    case 'Ui.Error':
    case 'Ui.Ask':
      return typeof args === 'string' ? mask(args) : args;
    case 'Ui.Machine': {
      if (typeof args !== 'object' || args === null) return args;
      const a = args as { Category?: unknown; Args?: unknown };
      return { ...a, Args: Array.isArray(a.Args) ? a.Args.map((x) => (typeof x === 'string' ? mask(x) : x)) : a.Args };
    }
    default:
      return args;
  }
}

/** How long (ms) a forwarded progress bar sums `Add` bytes before passing them on. */
export const PROGRESS_FORWARD_MS = 100;

/**
 * The `Ui<id>.Add` calls of progress bars (those a hook's Ui server forwards and those of
 * {@link RemoteUi.trackProgress}): summed per bar, sent every {@link PROGRESS_FORWARD_MS} ms
 * (in order, one after the other), and flushed before the bar's `Close`.
 */
class ProgressForwarder {
  private readonly bars = new Map<string, { bytes: number; timer?: NodeJS.Timeout; sent: Promise<unknown> }>();

  constructor(
    private readonly call: (serviceMethod: string, args: unknown) => Promise<unknown>,
    private readonly log: LogFn,
  ) {}

  add(service: string, bytes: number): null {
    let bar = this.bars.get(service);
    if (bar === undefined) {
      bar = { bytes: 0, sent: Promise.resolve() };
      this.bars.set(service, bar);
    }
    bar.bytes += bytes;
    if (bar.timer === undefined) {
      const b = bar;
      b.timer = setTimeout(() => {
        b.timer = undefined;
        this.flush(service, b);
      }, PROGRESS_FORWARD_MS);
      b.timer.unref();
    }
    return null;
  }

  /** Sends what is summed for the bar, then its `Close`; resolves with the core's answer to `Close`. */
  close(service: string, args: unknown): Promise<unknown> {
    const bar = this.bars.get(service);
    if (bar === undefined) return this.call(`${service}.Close`, args);
    this.bars.delete(service);
    clearTimeout(bar.timer);
    bar.timer = undefined;
    this.flush(service, bar);
    return bar.sent.then(() => this.call(`${service}.Close`, args));
  }

  private flush(service: string, bar: { bytes: number; sent: Promise<unknown> }): void {
    if (bar.bytes === 0) return;
    const n = bar.bytes;
    bar.bytes = 0;
    bar.sent = bar.sent.then(() =>
      this.call(`${service}.Add`, n).catch((err: unknown) => {
        this.log(`Error in ProgressTrackingClient.Read RPC call: ${errorText(err)}`);
      }),
    );
  }
}

/**
 * The progress bar of {@link RemoteUi.trackProgress}: `Ui.NewTrackProgress`, then the bytes read
 * and the `Close` through the same {@link ProgressForwarder} the hook's Ui proxy uses (summed,
 * in order). Bytes read before Packer answered with the bar's id wait for it.
 */
class ProgressReporter {
  /** `Ui<id>` once Packer answered; undefined when it failed; null while asked. */
  private service: string | undefined | null = null;
  private early = 0;
  private closing = false;

  constructor(
    private readonly forwarder: ProgressForwarder,
    client: RpcClient,
    private readonly log: LogFn,
    src: string,
    currentSize: number,
    totalSize: number,
  ) {
    void client.call<unknown>('Ui.NewTrackProgress', { Src: src, TotalSize: totalSize, CurrentSize: currentSize }).then(
      (id) => {
        this.service = typeof id === 'string' ? `Ui${id}` : undefined;
        if (this.service === undefined) return;
        if (this.early > 0) this.forwarder.add(this.service, this.early);
        if (this.closing) this.sendClose(this.service);
      },
      (err: unknown) => {
        this.service = undefined;
        log(`Error in Ui.NewTrackProgress RPC call: ${errorText(err)}`);
      },
    );
  }

  add(n: number): void {
    if (this.service === null) this.early += n;
    else if (this.service !== undefined) this.forwarder.add(this.service, n);
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (typeof this.service === 'string') this.sendClose(this.service);
  }

  private sendClose(service: string): void {
    this.forwarder.close(service, null).catch((err: unknown) => {
      this.log(`Error in ProgressTrackingClient.Close RPC call: ${errorText(err)}`);
    });
  }
}
