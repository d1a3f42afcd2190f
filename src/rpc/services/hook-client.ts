import type { Communicator } from '../../sdk/communicator.js';
import { HOOK_CLEANUP_PROVISION, type Hook } from '../../sdk/hook.js';
import type { Ui } from '../../sdk/ui.js';
import type { MuxBroker } from '../broker.js';
import { serveOn } from '../endpoints.js';
import { errorText, type LogFn } from '../log.js';
import type { RpcClient } from '../netrpc/client.js';
import { RpcServer } from '../netrpc/server.js';
import { CommunicatorService } from './communicator-server.js';
import { checkGeneratedData } from './generated-data.js';
import { registerUi } from './ui-server.js';

/**
 * The Hook a builder gets under Packer (Go: rpc.hook). `run` serves the Communicator and
 * the Ui on a fresh broker id, then calls the core's `Hook.Run` with that id; if `signal`
 * aborts while the hook runs, it sends `Hook.Cancel` so the core stops the provisioners.
 *
 * Commands the provisioners started are aborted (their process killed, for the local
 * communicator) when the hook is cancelled or once the core is done with the hook's
 * connection: Packer no longer waits for them, and they must not outlive the build.
 */
export class RemoteHook implements Hook {
  constructor(
    private readonly client: RpcClient,
    private readonly broker: MuxBroker,
    private readonly log: LogFn,
  ) {}

  /**
   * Throws GeneratedDataError (before anything is sent) when `data` holds a value Packer cannot
   * use as a build variable; `undefined` values are left out (see checkGeneratedData).
   */
  async run(name: string, ui: Ui, communicator: Communicator | undefined, data: unknown, signal?: AbortSignal): Promise<void> {
    // the cleanup provisioner runs after a failure: it gets what is usable rather than failing again
    const checked = checkGeneratedData(data, `the ${name} hook's data`, this.log, name === HOOK_CLEANUP_PROVISION);
    const id = this.broker.nextId();
    const server = new RpcServer();
    const commands = new AbortController();
    if (communicator !== undefined) {
      server.register('Communicator', new CommunicatorService(communicator, this.broker, this.log, commands.signal));
    }
    registerUi(server, ui);
    void serveOn(this.broker, id, server, this.log).finally(() => commands.abort(new Error('provisioning hook finished')));

    let cancelSent = false;
    const cancel = (): void => {
      if (cancelSent) return;
      cancelSent = true;
      commands.abort(new Error('build was cancelled'));
      this.log(`Cancelling hook after context cancellation ${signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason ?? 'context canceled')}`);
      this.client.call('Hook.Cancel', null).catch((err: unknown) => this.log(`Error cancelling hook: ${errorText(err)}`));
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const done = this.client.call('Hook.Run', { Name: name, Data: checked, StreamId: id });
      if (signal?.aborted) cancel();
      await done;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}
