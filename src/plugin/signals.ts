import type { LogFn } from '../rpc/log.js';

let installed = false;

/**
 * Ignores SIGINT and SIGTERM like Go plugins: Ctrl-C reaches the whole process group, and
 * Packer itself cancels the build over RPC (`Builder.Cancel`). Each signal is logged as
 * `Received interrupt signal (count: N). Ignoring.`
 */
export function ignoreInterrupts(log: LogFn): void {
  if (installed) return;
  installed = true;
  let count = 0;
  const onSignal = (): void => {
    count++;
    log(`Received interrupt signal (count: ${count}). Ignoring.`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** What {@link exitOnInterruptsUntilConnected} returns. */
export interface InterruptPolicy {
  /** Packer connected: from now on SIGINT/SIGTERM are ignored (Packer drives cancellation). */
  connected(): void;
}

/**
 * Until Packer connects, SIGINT and SIGTERM end the plugin as they end a Go plugin: `cleanup`
 * runs (it removes the socket directory), then the process dies of the same signal (so its
 * parent sees "killed by SIGINT"). Once {@link InterruptPolicy.connected} is called they are
 * ignored with Go's log line ({@link ignoreInterrupts}): Packer cancels the build over RPC.
 */
export function exitOnInterruptsUntilConnected(log: LogFn, cleanup: () => void): InterruptPolicy {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log(`Received ${signal} before Packer connected: exiting`);
    try {
      cleanup();
    } finally {
      process.kill(process.pid, signal);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    connected(): void {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ignoreInterrupts(log);
    },
  };
}
