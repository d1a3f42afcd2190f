import { describe, expect, it } from 'vitest';
import { HOOK_CLEANUP_PROVISION, HOOK_PROVISION } from '../../src/sdk/hook.js';
import { newRunner, newRunnerWithPauseFn } from '../../src/multistep/new-runner.js';
import { ASK_PROMPT } from '../../src/multistep/on-error.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { StepProvision } from '../../src/multistep/step-provision.js';
import type { OnErrorMode } from '../../src/config/common.js';
import { RecordingHook, RecordingUi, ScriptedStep, settle, type Answer, type Behaviour } from './fakes.js';

const ASK = `ask: ${ASK_PROMPT}`;

/** Runs A, B (scripted), C under an on-error mode; returns the event log and result. */
async function scenario(onError: OnErrorMode, b: Behaviour[], answers: Answer[] = [], signal?: AbortSignal) {
  const events: string[] = [];
  const ui = new RecordingUi(events, answers);
  const state = new StateBag<BaseState>({ ui });
  const runner = newRunner(
    [
      new ScriptedStep('StepA', events),
      new ScriptedStep('StepB', events, b),
      new ScriptedStep('StepC', events),
    ],
    { onError, ui },
  );
  const result = await runner.run(state, signal);
  return { events, result, state };
}

describe('-on-error=cleanup (and the default)', () => {
  for (const mode of ['', 'cleanup'] as const) {
    it(`mode ${JSON.stringify(mode)} runs every cleanup and prints nothing itself`, async () => {
      const { events, result } = await scenario(mode, [{ haltWithError: 'boom' }]);
      expect(events).toEqual(['run StepA', 'run StepB', 'cleanup StepB', 'cleanup StepA']);
      expect(result.error?.message).toBe('boom');
      expect(result.halted).toBe(true);
    });
  }
});

describe('-on-error=abort', () => {
  it("skips every cleanup after a failure, with Packer's messages", async () => {
    const { events, result } = await scenario('abort', [{ haltWithError: 'boom' }]);
    expect(events).toEqual([
      'run StepA',
      'run StepB',
      'error: boom',
      'error: Step "StepB" failed, aborting...',
      'error: aborted: skipping cleanup of step "StepA"',
    ]);
    expect(result.halted).toBe(true);
  });

  it('a thrown error is handled the same way', async () => {
    const { events } = await scenario('abort', [{ throws: new Error('kaput') }]);
    expect(events).toEqual([
      'run StepA',
      'run StepB',
      'error: kaput',
      'error: Step "StepB" failed, aborting...',
      'error: aborted: skipping cleanup of step "StepA"',
    ]);
  });

  it('runs the cleanups when nothing failed', async () => {
    const { events } = await scenario('abort', ['continue']);
    expect(events).toEqual([
      'run StepA',
      'run StepB',
      'run StepC',
      'cleanup StepC',
      'cleanup StepB',
      'cleanup StepA',
    ]);
  });

  it('on interrupt says "Interrupted, aborting..." and skips the cleanups', async () => {
    const controller = new AbortController();
    const running = scenario('abort', ['awaitAbort'], [], controller.signal);
    await settle();
    controller.abort();
    const { events, result } = await running;
    expect(events).toEqual([
      'run StepA',
      'run StepB',
      'StepB saw cancelled=true',
      'error: Interrupted, aborting...',
      'error: aborted: skipping cleanup of step "StepA"',
    ]);
    expect(result.cancelled).toBe(true);
  });

  it('does not run the error-cleanup-provisioner', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events);
    const hook = new RecordingHook(events, { [HOOK_PROVISION]: new Error('script exited 1') });
    const state = new StateBag<BaseState>({ ui, hook });
    await newRunner([new ScriptedStep('StepA', events), new StepProvision()], { onError: 'abort', ui }).run(
      state,
    );
    expect(events).toEqual([
      'run StepA',
      `hook ${HOOK_PROVISION}`,
      'error: script exited 1',
      'error: Step "StepProvision" failed, aborting...',
      'error: aborted: skipping cleanup of step "StepA"',
    ]);
  });
});

describe('-on-error=run-cleanup-provisioner', () => {
  it('runs the cleanup provisioner and skips the other cleanups (Go names the next step in the message)', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events);
    const hook = new RecordingHook(events, { [HOOK_PROVISION]: new Error('script exited 1') });
    const state = new StateBag<BaseState>({ ui, hook });
    const result = await newRunner([new ScriptedStep('StepA', events), new StepProvision()], {
      onError: 'run-cleanup-provisioner',
      ui,
    }).run(state);
    expect(events).toEqual([
      'run StepA',
      `hook ${HOOK_PROVISION}`,
      'say: Provisioning step had errors: Running the cleanup provisioner, if present...',
      `hook ${HOOK_CLEANUP_PROVISION}`,
      'error: script exited 1',
      'error: Step "StepA" failed, aborting...',
    ]);
    expect(result.error?.message).toBe('script exited 1');
  });
});

describe('-on-error=ask', () => {
  const failed = ['run StepA', 'run StepB', 'error: boom', 'say: Step "StepB" failed', ASK];

  it('"c" cleans up and exits', async () => {
    const { events, result } = await scenario('ask', [{ haltWithError: 'boom' }], ['c']);
    expect(events).toEqual([...failed, 'cleanup StepB', 'cleanup StepA']);
    expect(result.halted).toBe(true);
  });

  it('an empty answer and a failed ask both mean clean up', async () => {
    for (const answer of ['', new Error('no available tty')] as Answer[]) {
      const { events } = await scenario('ask', [{ haltWithError: 'boom' }], [answer]);
      expect(events).toEqual([...failed, 'cleanup StepB', 'cleanup StepA']);
    }
  });

  it('"A" (any case, first letter counts) aborts without cleanup', async () => {
    const { events, state } = await scenario('ask', [{ haltWithError: 'boom' }], ['Abort please']);
    expect(events).toEqual([
      ...failed,
      'error: boom',
      'error: Step "StepB" failed, aborting...',
      'error: aborted: skipping cleanup of step "StepA"',
    ]);
    expect(state.get('aborted')).toBe(true);
  });

  it('"r" retries the step; the earlier error stays in state as in Packer', async () => {
    const { events, result } = await scenario('ask', [{ haltWithError: 'boom' }, 'continue'], ['r']);
    expect(events).toEqual([
      ...failed,
      'run StepB',
      'run StepC',
      'cleanup StepC',
      'cleanup StepB',
      'cleanup StepA',
    ]);
    expect(result.halted).toBe(false);
    expect(result.error?.message).toBe('boom');
  });

  it('asks again after an incorrect answer, quoting it like Go %#v', async () => {
    const { events } = await scenario('ask', [{ haltWithError: 'boom' }], ['x', ' c', 'c']);
    expect(events).toEqual([
      ...failed,
      'say: Incorrect input: "x"',
      ASK,
      'say: Incorrect input: " c"',
      ASK,
      'cleanup StepB',
      'cleanup StepA',
    ]);
  });

  it('an interrupt while asking means clean up', async () => {
    const controller = new AbortController();
    const running = scenario('ask', [{ haltWithError: 'boom' }], ['NEVER'], controller.signal);
    await settle();
    controller.abort();
    const { events, result } = await running;
    expect(events).toEqual([...failed, 'cleanup StepB', 'cleanup StepA']);
    expect(result.cancelled).toBe(true);
  });

  it('a step cancelled mid-run does not ask', async () => {
    const controller = new AbortController();
    const running = scenario('ask', ['awaitAbort'], [], controller.signal);
    await settle();
    controller.abort();
    const { events } = await running;
    expect(events).toEqual([
      'run StepA',
      'run StepB',
      'StepB saw cancelled=true',
      'say: Step "StepB" failed',
      'cleanup StepB',
      'cleanup StepA',
    ]);
  });
});

describe('newRunner with debug', () => {
  it('pauses via the Ui with the inner step names when on-error wraps the steps', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events, ['', '']);
    const state = new StateBag<BaseState>({ ui });
    const runner = newRunnerWithPauseFn(
      [new ScriptedStep('StepA', events)],
      { onError: 'abort', debug: true, ui },
      state,
    );
    await runner.run(state);
    expect(events).toEqual([
      'run StepA',
      "ask: Pausing after run of step 'StepA'. Press enter to continue.",
      "ask: Pausing before cleanup of step 'StepA'. Press enter to continue.",
      'cleanup StepA',
    ]);
    expect(typeof state.get('pauseFn')).toBe('function');
  });

  it('puts no pauseFn without debug', () => {
    const state = new StateBag<BaseState>();
    newRunnerWithPauseFn([], { ui: new RecordingUi() }, state);
    expect(state.has('pauseFn')).toBe(false);
  });

  it('rejects an unknown on-error mode with the valid choices', () => {
    expect(() => newRunner([], { onError: 'explode' as OnErrorMode, ui: new RecordingUi() })).toThrow(
      'unknown on-error mode "explode": use "cleanup", "abort", "ask" or "run-cleanup-provisioner"',
    );
  });
});
