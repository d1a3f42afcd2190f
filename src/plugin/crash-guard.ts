/**
 * JavaScript's own ways of dying, turned into the build's error. Without this, a step that leaves
 * an unhandled promise rejection, throws inside a timer callback, or calls `process.exit()` kills
 * the plugin: Packer prints only `unexpected EOF` and no cleanup runs.
 *
 * While a connection is served, {@link installCrashGuard}:
 * - catches `unhandledRejection` and `uncaughtException`;
 * - replaces `process.exit` with a function that throws (so the code after it does not run);
 * and hands each as a {@link FatalBuildError} to the current target (the Builder service aborts
 * the running build with it: the runner stops waiting for the step, every started step's cleanup
 * runs, and `Builder.Run` returns the error, shown in Packer's Ui). The stack goes to the log.
 * Outside a build the error is only logged and the plugin keeps serving.
 */
import { FatalBuildError } from '../multistep/fatal.js';
import type { LogFn } from '../rpc/log.js';

/** Receives a fatal error; returns true when a build took it as its error. */
export type FatalTarget = (error: FatalBuildError) => boolean;

/** Handle of the installed guard. */
export interface CrashGuard {
  /** Sets who receives fatal errors (the Builder service of the connection). */
  setTarget(target: FatalTarget | undefined): void;
  /** The real `process.exit`, for the plugin's own exit. */
  readonly exit: (code?: number) => never;
  /** Restores `process.exit` and removes the listeners. */
  uninstall(): void;
}

/** The text of anything thrown, and its stack when there is one. */
function describe(value: unknown): { message: string; stack: string } {
  if (value instanceof Error) return { message: value.message, stack: value.stack ?? `${value.name}: ${value.message}` };
  const text = typeof value === 'string' ? value : (() => {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  })();
  return { message: text, stack: text };
}

/** Installs the guard (see the module comment). Call once per process. */
export function installCrashGuard(log: LogFn): CrashGuard {
  let target: FatalTarget | undefined;
  const realExit = process.exit.bind(process) as (code?: number) => never;

  const deliver = (error: FatalBuildError, stack: string): void => {
    log(`[ERR] ${error.message}\n${stack}`);
    const taken = target?.(error) ?? false;
    if (!taken) log('[ERR] no build is running: the error is logged and the plugin keeps serving');
  };
  const onRejection = (reason: unknown): void => {
    if (reason instanceof FatalBuildError) return; // from our process.exit below: already delivered
    const d = describe(reason);
    deliver(new FatalBuildError(`unhandled promise rejection in the builder: ${d.message}`, reason), d.stack);
  };
  const onException = (err: unknown): void => {
    if (err instanceof FatalBuildError) {
      // thrown by our process.exit below, escaping through a callback: already delivered
      return;
    }
    const d = describe(err);
    deliver(new FatalBuildError(`uncaught exception in the builder: ${d.message}`, err), d.stack);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const guardedExit = (code?: number | string | null): never => {
    const error = new FatalBuildError(
      `the builder called process.exit(${code === undefined ? '' : String(code)}); the plugin must keep running to clean up and answer Packer`,
    );
    deliver(error, new Error('process.exit called').stack ?? '');
    throw error;
  };
  process.exit = guardedExit as typeof process.exit;
  return {
    setTarget(t) {
      target = t;
    },
    exit: realExit,
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      process.exit = realExit as typeof process.exit;
    },
  };
}
