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
