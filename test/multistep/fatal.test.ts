import { describe, expect, it } from 'vitest';
import { BasicRunner, declareFatal, FatalBuildError, newRunner, StateBag, type BaseState, type Step } from '../../src/multistep/index.js';
import type { Ui } from '../../src/sdk/ui.js';

/** A step whose run never settles (its code died in a callback) and that records its cleanup. */
function stuck(name: string, done: string[]): Step<BaseState> {
  return {
    name,
    run: () => new Promise(() => undefined),
    cleanup: async () => {
      await new Promise((r) => setTimeout(r, 20));
      done.push(name);
    },
  };
}

function ok(name: string, done: string[]): Step<BaseState> {
  return { name, run: async () => 'continue', cleanup: async () => void done.push(name) };
}

const silentUi: Ui = {
  say: async () => undefined,
  message: async () => undefined,
  error: async () => undefined,
  machine: async () => undefined,
  ask: async () => '',
  trackProgress: (_s, _c, _t, r) => r,
};

describe('a FatalBuildError abort (unhandled rejection, timer throw, process.exit in builder code)', () => {
  it('stops waiting for the running step, records the error and runs every started cleanup', async () => {
    const done: string[] = [];
    const abort = new AbortController();
    const runner = new BasicRunner([ok('a', done), stuck('b', done), ok('c', done)]);
    const running = runner.run(new StateBag<BaseState>({}), abort.signal);
    await new Promise((r) => setTimeout(r, 20));
    const fatal = new FatalBuildError('uncaught exception in the builder: boom');
    abort.abort(fatal);
    const result = await running;
    expect(result.error).toBe(fatal);
    expect(result.cancelled).toBe(true);
    expect(done).toEqual(['b', 'a']);
  });

  it('works through newRunner and when the signal was already aborted', async () => {
    const done: string[] = [];
    const abort = new AbortController();
    const fatal = new FatalBuildError('the builder called process.exit(1)');
    abort.abort(fatal);
    const result = await newRunner([ok('a', done)], { ui: silentUi }).run(new StateBag<BaseState>({}), abort.signal);
    expect(result.error).toBe(fatal);
    expect(done).toEqual([]);
  });

  it('an ordinary abort (Builder.Cancel) still waits for the running step, as Go does', async () => {
    const done: string[] = [];
    const abort = new AbortController();
    let finish: () => void = () => undefined;
    const slow: Step<BaseState> = {
      name: 'slow',
      run: () => new Promise((resolve) => (finish = () => resolve('continue'))),
      cleanup: async () => void done.push('slow'),
    };
    const running = new BasicRunner([slow]).run(new StateBag<BaseState>({}), abort.signal);
    abort.abort(new Error('build was cancelled'));
    let settled = false;
    void running.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    finish();
    const result = await running;
    expect(result.error).toBeUndefined();
    expect(result.cancelled).toBe(true);
    expect(done).toEqual(['slow']);
  });
});

describe('a fatal error after another abort (Ctrl-C, then a crash in the stuck step)', () => {
  it('declareFatal ends the wait for the step; its error is the run\'s, and the cleanups run', async () => {
    const done: string[] = [];
    const abort = new AbortController();
    const running = new BasicRunner([ok('a', done), stuck('b', done)]).run(new StateBag<BaseState>({}), abort.signal);
    await new Promise((r) => setTimeout(r, 20));
    abort.abort(new Error('build was cancelled'));
    await new Promise((r) => setTimeout(r, 20));
    const fatal = new FatalBuildError('uncaught exception in the builder: boom');
    declareFatal(abort.signal, fatal);
    const result = await running;
    expect(result.error).toBe(fatal);
    expect(done).toEqual(['b', 'a']);
  });
});
