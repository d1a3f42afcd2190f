/**
 * Serves `http_directory` or `http_content` to the machine during the build (Go: packer-plugin-sdk
 * multistep/commonsteps/step_http_server.go). Listens on `http_bind_address` at a free port in
 * `http_port_min`–`http_port_max`, puts state `http_port` (and `http_ip` when the address the
 * machine reaches is known) for boot commands and the `PackerHTTP*` build variables, and closes
 * the server (and every open connection) on cleanup.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { posix, resolve, sep } from 'node:path';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';
import type { HTTPConfig } from './http-config.js';

export interface StepHTTPServerOptions {
  httpDirectory?: string;
  httpContent?: Readonly<Record<string, string>>;
  /** Default 8000. */
  httpPortMin?: number;
  /** Default 9000. */
  httpPortMax?: number;
  /** Default `0.0.0.0`. */
  httpBindAddress?: string;
  /**
   * The address the machine reaches the server on (state `http_ip`, `{{ .HTTPIP }}`). Default: the
   * bind address unless it is a wildcard (`0.0.0.0`, `::`), where only the builder knows it
   * (e.g. qemu's user network: `10.0.2.2`); then `http_ip` is not set, as in Go.
   */
  httpIP?: string;
}

/** Options from a prepared HTTPConfig (Go: HTTPServerFromHTTPConfig). */
export function httpServerOptionsFromConfig(c: HTTPConfig): StepHTTPServerOptions {
  return {
    ...(c.httpDirectory ? { httpDirectory: c.httpDirectory } : {}),
    ...(c.httpContent ? { httpContent: c.httpContent } : {}),
    ...(c.httpPortMin !== undefined ? { httpPortMin: c.httpPortMin } : {}),
    ...(c.httpPortMax !== undefined ? { httpPortMax: c.httpPortMax } : {}),
    ...(c.httpBindAddress ? { httpBindAddress: c.httpBindAddress } : {}),
  };
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

export class StepHTTPServer implements Step<BaseState> {
  readonly name = 'StepHTTPServer';
  private server: Server | undefined;
  private port = 0;

  constructor(readonly options: StepHTTPServerOptions) {}

  /** The port listened on (0 before run or when nothing is served). */
  get listeningPort(): number {
    return this.port;
  }

  async run(state: StateBag<BaseState>, signal: AbortSignal): Promise<StepAction> {
    const ui = state.require('ui');
    const { httpDirectory, httpContent } = this.options;
    if (!httpDirectory && Object.keys(httpContent ?? {}).length === 0) {
      state.put('http_port', 0);
      return 'continue';
    }
    if (httpDirectory) {
      try {
        await stat(httpDirectory);
      } catch (e) {
        const err = new Error(`Error finding ${JSON.stringify(httpDirectory)}: ${(e as Error).message}`);
        state.put('error', err);
        await tell(ui, 'error', err.message);
        return 'halt';
      }
    }
    const address = this.options.httpBindAddress || '0.0.0.0';
    const min = this.options.httpPortMin || 8000;
    const max = this.options.httpPortMax || 9000;
    const server = createServer((req, res) => void this.handle(req, res));
    try {
      this.port = await listenInRange(server, address, min, max, signal);
    } catch (e) {
      const err = new Error(`Error finding port: ${(e as Error).message}`);
      state.put('error', err);
      await tell(ui, 'error', err.message);
      return 'halt';
    }
    this.server = server;
    await tell(ui, 'say', `Starting HTTP server on port ${this.port}`);
    state.put('http_port', this.port);
    const ip = this.options.httpIP ?? (WILDCARDS.has(address) ? undefined : address);
    if (ip !== undefined) state.put('http_ip', ip);
    return 'continue';
  }

  async cleanup(state: StateBag<BaseState>): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((done) => {
      server.close((err) => {
        if (err) void tell(state.require('ui'), 'error', `Failed closing http server on port ${this.port}: ${err.message}`);
        done();
      });
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const urlPath = posix.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    log(`http: ${req.method ?? 'GET'} ${urlPath}`);
    const { httpDirectory, httpContent } = this.options;
    if (!httpDirectory) {
      const content = httpContent?.[urlPath];
      if (content === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`${urlPath} not found.\n`);
        return;
      }
      res.writeHead(200, { 'content-length': Buffer.byteLength(content) }).end(content);
      return;
    }
    // Go's http.FileServer: never outside the directory; a directory serves its index.html.
    const root = resolve(httpDirectory);
    let file = resolve(root, `.${urlPath}`);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404).end('404 page not found\n');
      return;
    }
    try {
      let st = await stat(file);
      if (st.isDirectory()) {
        file = resolve(file, 'index.html');
        st = await stat(file);
      }
      res.writeHead(200, { 'content-length': st.size });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    }
  }
}

/**
 * Listens on a free port in [min, max], trying them from a random start (Go: net.ListenRangeConfig).
 * Rejects with the last error when every port is taken, or when `signal` aborts.
 */
export async function listenInRange(server: Server, address: string, min: number, max: number, signal?: AbortSignal): Promise<number> {
  const count = max - min + 1;
  const start = Math.floor(Math.random() * count);
  let last: Error = new Error(`no free port in ${min}-${max}`);
  for (let i = 0; i < count; i++) {
    signal?.throwIfAborted();
    const port = min + ((start + i) % count);
    try {
      await new Promise<void>((ok, fail) => {
        const onError = (e: Error): void => fail(e);
        server.once('error', onError);
        server.listen({ port, host: address, exclusive: true }, () => {
          server.off('error', onError);
          ok();
        });
      });
      return port;
    } catch (e) {
      last = e as Error;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
    }
  }
  throw last;
}
