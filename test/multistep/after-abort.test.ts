/** afterAbort (Go: context.AfterFunc): the abort-listener helper for code that awaited first. */
import { describe, expect, it } from 'vitest';
import { afterAbort } from '../../src/multistep/index.js';

describe('afterAbort', () => {
  it('runs fn once when the signal aborts later', () => {
    const ac = new AbortController();
    let calls = 0;
    afterAbort(ac.signal, () => calls++);
    expect(calls).toBe(0);
    ac.abort();
    ac.abort();
    expect(calls).toBe(1);
  });

  it('runs fn at once, synchronously, when the signal has already aborted (where addEventListener never fires)', () => {
    const ac = new AbortController();
    ac.abort();
    let listener = 0;
    ac.signal.addEventListener('abort', () => listener++, { once: true });
    let calls = 0;
    const stop = afterAbort(ac.signal, () => calls++);
    expect(listener).toBe(0);
    expect(calls).toBe(1);
    expect(stop()).toBe(false);
  });

  it('stop() before the abort removes fn and says so; after it, reports false', () => {
    const ac = new AbortController();
    let calls = 0;
    const stop = afterAbort(ac.signal, () => calls++);
    expect(stop()).toBe(true);
    ac.abort();
    expect(calls).toBe(0);
    expect(stop()).toBe(false);

    const ac2 = new AbortController();
    const stop2 = afterAbort(ac2.signal, () => calls++);
    ac2.abort();
    expect(calls).toBe(1);
    expect(stop2()).toBe(false);
  });
});
