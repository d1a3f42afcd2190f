import { PassThrough } from 'node:stream';
import type { Ui } from '../../sdk/ui.js';
import type { RpcServer } from '../netrpc/server.js';
import { isRecord } from '../netrpc/codec.js';
import { RemoteUi } from './ui-client.js';

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphaNum(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n)); // global Web Crypto: loaded on first use
  let out = '';
  for (const b of bytes) out += ALPHANUM[b % ALPHANUM.length];
  return out;
}

/**
 * Serves `ui` as the `Ui` service (and the `Ui<id>` progress services) on `server`, the
 * way a hook's Communicator server exposes the build's Ui to provisioners.
 *
 * When `ui` is the {@link RemoteUi} of the Run stream, every `Ui*` call is forwarded to the
 * core unchanged (a transparent proxy, progress-bar ids included). Any other Ui object is
 * served method by method like Go's UiServer.
 */
export function registerUi(server: RpcServer, ui: Ui): void {
  if (ui instanceof RemoteUi) {
    server.setResolver((service, method) =>
      service.startsWith('Ui') ? (args: unknown) => ui.forward(`${service}.${method}`, args) : undefined,
    );
    return;
  }
  server.register('Ui', new UiService(ui, server));
}

/** Go's UiServer for a local Ui object. */
class UiService {
  constructor(
    private readonly ui: Ui,
    private readonly server: RpcServer,
  ) {}

  async Say(message: unknown): Promise<null> {
    await this.ui.say(String(message ?? ''));
    return null;
  }

  async Message(message: unknown): Promise<null> {
    await this.ui.message(String(message ?? ''));
    return null;
  }

  async Error(message: unknown): Promise<null> {
    await this.ui.error(String(message ?? ''));
    return null;
  }

  async Machine(args: unknown): Promise<null> {
    const a = isRecord(args) ? args : {};
    const list = Array.isArray(a.Args) ? a.Args.map((x) => String(x)) : [];
    await this.ui.machine(String(a.Category ?? ''), ...list);
    return null;
  }

  Ask(query: unknown): Promise<string> {
    return this.ui.ask(String(query ?? ''));
  }

  NewTrackProgress(params: unknown): string {
    const p = isRecord(params) ? params : {};
    const src = String(p.Src ?? '');
    const id = src + randomAlphaNum(6);
    const feed = new PassThrough();
    const tracked = this.ui.trackProgress(src, Number(p.CurrentSize ?? 0), Number(p.TotalSize ?? 0), feed);
    tracked.on('error', () => undefined);
    tracked.resume();
    this.server.register(`Ui${id}`, {
      Add(n: unknown): null {
        const size = Number(n);
        if (Number.isInteger(size) && size > 0) feed.write(Buffer.alloc(size));
        return null;
      },
      Close(): null {
        feed.end();
        return null;
      },
    });
    return id;
  }
}
