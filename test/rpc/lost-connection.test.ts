/**
 * Packer gone during Builder.Run (issue 10 §2), in-process: the connection closes, nobody sends
 * Builder.Cancel. The plugin aborts the run's signal itself, waits for the cleanups, and gives up
 * on them after the bound (ServeBuilderOptions.cleanupBoundMs; CLEANUP_BOUND_MS by default).
 */
import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { CLEANUP_BOUND_MS } from '../../src/rpc/services/index.js';
import type { Builder } from '../../src/sdk/builder.js';
import { connectFakeCore } from './fake-core.js';

function builderWithCleanup(cleanupMs: number, events: string[]): Builder {
  return {
    configSpec: () => spec.object({ m: spec.attr('m', cty.string, { property: 'm' }) }),
    prepare: async () => ({ generatedData: [], warnings: [] }),
    run: async (ui, _hook, signal) => {
      await ui.say('running');
      events.push('started');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      events.push(`aborted: ${(signal.reason as Error).message}`);
      await ui.say('cleaning up'); // Packer is gone: logged, not thrown
      await new Promise((r) => setTimeout(r, cleanupMs));
      events.push('cleaned up');
      return undefined;
    },
  };
}

describe('the connection to Packer is lost during Builder.Run', () => {
  it('aborts the build with "connection to Packer lost" and ends serving only after the cleanup', async () => {
    const events: string[] = [];
    const core = await connectFakeCore(builderWithCleanup(300, events), { cleanupBoundMs: 5000 });
    void core.run().catch(() => undefined);
    while (!events.includes('started')) await new Promise((r) => setTimeout(r, 10));
    core.close(); // Packer dies
    await core.served;
    expect(events).toEqual(['started', 'aborted: connection to Packer lost', 'cleaned up']);
    expect(core.pluginLog).toContain(
      '[ERR] connection to Packer lost during the build: cancelling it and running the cleanups (at most 5 s)',
    );
  });

  it('gives up on cleanups that outlast the bound (10 minutes by default)', async () => {
    expect(CLEANUP_BOUND_MS).toBe(600_000);
    const events: string[] = [];
    const core = await connectFakeCore(builderWithCleanup(60_000, events), { cleanupBoundMs: 200 });
    void core.run().catch(() => undefined);
    while (!events.includes('started')) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    core.close();
    await core.served;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(events).toEqual(['started', 'aborted: connection to Packer lost']);
    expect(core.pluginLog).toContain('[ERR] the build did not finish its cleanups within 0.2 s; giving up on them');
  });
});
