import { describe, expect, it } from 'vitest';
import { BasicRunner } from '../../src/multistep/basic-runner.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { stepName, type Step, type StepAction } from '../../src/multistep/step.js';
import { RecordingUi, ScriptedStep, settle } from './fakes.js';

function steps(events: string[], ...specs: ConstructorParameters<typeof ScriptedStep>[2][]): ScriptedStep[] {
  return specs.map((behaviours, i) => new ScriptedStep(String.fromCharCode(65 + i), events, behaviours));
}

describe('BasicRunner', () => {
  it('runs every step in order, then every cleanup in reverse order', async () => {
    const events: string[] = [];
    const state = new StateBag<BaseState>();
    const result = await new BasicRunner(steps(events, ['continue'], ['continue'], ['continue'])).run(state);
    expect(events).toEqual(['run A', 'run B', 'run C', 'cleanup C', 'cleanup B', 'cleanup A']);
    expect(result).toEqual({ halted: false, cancelled: false, cleanupErrors: [] });
    expect(state.has('halted')).toBe(false);
    expect(state.has('cancelled')).toBe(false);
  });

  it('stops at a halting step, puts state "halted", and cleans up only the steps that started', async () => {
    const events: string[] = [];
    const state = new StateBag<BaseState>();
    const result = await new BasicRunner(
      steps(events, ['continue'], [{ haltWithError: 'disk full' }], ['continue']),
    ).run(state);
    expect(events).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
    expect(result.halted).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.error?.message).toBe('disk full');
    expect(state.get('halted')).toBe(true);
  });

  it('records a thrown error in state "error", halts, and still runs the cleanups', async () => {
    const events: string[] = [];
    const state = new StateBag<BaseState>();
    const boom = new Error('boom');
    const result = await new BasicRunner(steps(events, ['continue'], [{ throws: boom }], ['continue'])).run(
      state,
    );
    expect(events).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
    expect(state.get('error')).toBe(boom);
    expect(result).toEqual({ error: boom, halted: true, cancelled: false, cleanupErrors: [] });
  });

  it('wraps a thrown non-Error value', async () => {
    const events: string[] = [];
    const result = await new BasicRunner(steps(events, [{ throws: 'plain text' }])).run(
      new StateBag<BaseState>(),
    );
    expect(result.error).toBeInstanceOf(Error);
    expect(result.error?.message).toBe('plain text');
  });

  it('on abort mid-step: puts "cancelled" at once, skips later steps, runs the cleanups, records no error', async () => {
    const events: string[] = [];
    const state = new StateBag<BaseState>();
    const controller = new AbortController();
    const run = new BasicRunner(steps(events, ['continue'], ['awaitAbort'], ['continue'])).run(
      state,
      controller.signal,
    );
    await settle();
    expect(events).toEqual(['run A', 'run B']);
    controller.abort();
    const result = await run;
    expect(events).toEqual(['run A', 'run B', 'B saw cancelled=true', 'cleanup B', 'cleanup A']);
    expect(result).toEqual({ halted: false, cancelled: true, cleanupErrors: [] });
    expect(state.get('cancelled')).toBe(true);
    expect(state.has('error')).toBe(false);
  });

  it('on abort, a step that resolves "continue" still ends the run (Go checks cancelled after each step)', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const cancelling = async (): Promise<StepAction> => {
      controller.abort();
      return 'continue';
    };
    const result = await new BasicRunner(steps(events, [cancelling], ['continue'])).run(
      new StateBag<BaseState>(),
      controller.signal,
    );
    expect(events).toEqual(['run A', 'cleanup A']);
    expect(result.cancelled).toBe(true);
    expect(result.halted).toBe(false);
  });

  it('a failure that is not the abort is still recorded when the signal aborted', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const failing = async (): Promise<StepAction> => {
      controller.abort();
      throw new Error('disk on fire');
    };
    const result = await new BasicRunner(steps(events, [failing])).run(
      new StateBag<BaseState>(),
      controller.signal,
    );
    expect(result.error?.message).toBe('disk on fire');
    expect(result.cancelled).toBe(true);
  });

  it('runs no step when the signal is already aborted', async () => {
    const events: string[] = [];
    const result = await new BasicRunner(steps(events, ['continue'])).run(
      new StateBag<BaseState>(),
      AbortSignal.abort(),
    );
    expect(events).toEqual([]);
    expect(result.cancelled).toBe(true);
  });

  it('keeps running cleanups after one throws, collects the error and reports it on state "ui"', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events);
    const runner = new BasicRunner([
      new ScriptedStep('A', events),
      new ScriptedStep('B', events, ['continue'], 'cannot delete vm'),
      new ScriptedStep('C', events, ['continue'], 'cannot delete disk'),
    ]);
    const result = await runner.run(new StateBag<BaseState>({ ui }));
    expect(events).toEqual([
      'run A',
      'run B',
      'run C',
      'cleanup C',
      'error: Error cleaning up step "C": cannot delete disk',
      'cleanup B',
      'error: Error cleaning up step "B": cannot delete vm',
      'cleanup A',
    ]);
    expect(result.cleanupErrors.map((e) => e.message)).toEqual(['cannot delete disk', 'cannot delete vm']);
    expect(result.error).toBeUndefined();
    expect(result.halted).toBe(false);
  });

  it('refuses a second concurrent run and can run again afterwards', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const runner = new BasicRunner(steps(events, ['awaitAbort']));
    const first = runner.run(new StateBag<BaseState>(), controller.signal);
    await expect(runner.run(new StateBag<BaseState>())).rejects.toThrow(
      'this runner is already running: create one runner per run of the steps',
    );
    controller.abort();
    await first;
    const again = await new BasicRunner(steps(events, ['continue'])).run(new StateBag<BaseState>());
    expect(again.halted).toBe(false);
  });

  it('skips cleanup for steps without one', async () => {
    const events: string[] = [];
    const noCleanup: Step = {
      name: 'NoCleanup',
      run: async () => {
        events.push('run NoCleanup');
        return 'continue';
      },
    };
    await new BasicRunner([new ScriptedStep('A', events), noCleanup]).run(new StateBag<BaseState>());
    expect(events).toEqual(['run A', 'run NoCleanup', 'cleanup A']);
  });
});

describe('stepName', () => {
  it('uses the name property, else the class name, else "anonymous step"', () => {
    class StepCreateVm implements Step {
      async run(): Promise<StepAction> {
        return 'continue';
      }
    }
    expect(stepName(new StepCreateVm())).toBe('StepCreateVm');
    expect(stepName({ name: 'Named', run: async () => 'continue' })).toBe('Named');
    expect(stepName({ run: async () => 'continue' })).toBe('anonymous step');
  });
});

describe('StateBag', () => {
  it('gets, puts, deletes and tells presence like Go GetOk (undefined values count as present)', () => {
    interface MyState extends BaseState {
      region: string;
      maybe: string | undefined;
    }
    const state = new StateBag<MyState>({ region: 'eu-west-1', maybe: undefined });
    expect(state.get('region')).toBe('eu-west-1');
    expect(state.has('maybe')).toBe(false); // undefined initial entries are skipped
    state.put('maybe', undefined);
    expect(state.has('maybe')).toBe(true);
    expect(state.get('instance_id')).toBeUndefined();
    state.put('instance_id', 'i-123');
    expect(state.require('instance_id')).toBe('i-123');
    state.delete('instance_id');
    expect(state.has('instance_id')).toBe(false);
    expect(state.keys()).toEqual(['region', 'maybe']);
  });

  it('require names the missing key and says what to do', () => {
    const state = new StateBag<BaseState>();
    expect(() => state.require('communicator')).toThrow(
      'state "communicator" is not set: put it in the state bag (state.put("communicator", …)) before running the step that needs it',
    );
  });
});
