import { describe, expect, it } from 'vitest';
import type { DebugLocation, DebugPauseFn } from '../../src/multistep/debug-location.js';
import { debugPauseMessage, debugPauseViaUi } from '../../src/multistep/debug-pause-ui.js';
import { DebugRunner } from '../../src/multistep/debug-runner.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { RecordingUi, ScriptedStep, settle } from './fakes.js';

function recordingPause(events: string[]): DebugPauseFn {
  return async (location: DebugLocation, name: string) => {
    events.push(`pause ${location} ${name}`);
  };
}

describe('DebugRunner', () => {
  it('pauses after each run and before each cleanup', async () => {
    const events: string[] = [];
    const runner = new DebugRunner(
      [new ScriptedStep('A', events), new ScriptedStep('B', events)],
      recordingPause(events),
    );
    const result = await runner.run(new StateBag<BaseState>());
    expect(events).toEqual([
      'run A',
      'pause afterRun A',
      'run B',
      'pause afterRun B',
      'pause beforeCleanup B',
      'cleanup B',
      'pause beforeCleanup A',
      'cleanup A',
    ]);
    expect(result.halted).toBe(false);
  });

  it('does not pause after a step that halts, nor before its cleanup (its pause step never started)', async () => {
    const events: string[] = [];
    const runner = new DebugRunner(
      [
        new ScriptedStep('A', events),
        new ScriptedStep('B', events, [{ haltWithError: 'no' }]),
        new ScriptedStep('C', events),
      ],
      recordingPause(events),
    );
    const result = await runner.run(new StateBag<BaseState>());
    expect(events).toEqual([
      'run A',
      'pause afterRun A',
      'run B',
      'cleanup B',
      'pause beforeCleanup A',
      'cleanup A',
    ]);
    expect(result.halted).toBe(true);
    expect(result.error?.message).toBe('no');
  });
});

describe('debugPauseViaUi', () => {
  it("asks Packer's exact questions on the Ui", async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events, ['', '', '', '']);
    const runner = new DebugRunner(
      [new ScriptedStep('StepOne', events), new ScriptedStep('StepTwo', events)],
      debugPauseViaUi(ui),
    );
    await runner.run(new StateBag<BaseState>());
    expect(events).toEqual([
      'run StepOne',
      "ask: Pausing after run of step 'StepOne'. Press enter to continue.",
      'run StepTwo',
      "ask: Pausing after run of step 'StepTwo'. Press enter to continue.",
      "ask: Pausing before cleanup of step 'StepTwo'. Press enter to continue.",
      'cleanup StepTwo',
      "ask: Pausing before cleanup of step 'StepOne'. Press enter to continue.",
      'cleanup StepOne',
    ]);
    expect(debugPauseMessage('beforeCleanup', 'X')).toBe(
      "Pausing before cleanup of step 'X'. Press enter to continue.",
    );
  });

  it('continues when asking fails', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events, [new Error('no available tty'), new Error('no available tty')]);
    const result = await new DebugRunner([new ScriptedStep('A', events)], debugPauseViaUi(ui)).run(
      new StateBag<BaseState>(),
    );
    expect(events).toEqual([
      'run A',
      "ask: Pausing after run of step 'A'. Press enter to continue.",
      "ask: Pausing before cleanup of step 'A'. Press enter to continue.",
      'cleanup A',
    ]);
    expect(result.error).toBeUndefined();
  });

  it('stops waiting when the run is cancelled during a pause and asks nothing more', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events, ['NEVER']);
    const controller = new AbortController();
    const run = new DebugRunner(
      [new ScriptedStep('A', events), new ScriptedStep('B', events)],
      debugPauseViaUi(ui),
    ).run(new StateBag<BaseState>(), controller.signal);
    await settle();
    expect(events).toEqual(['run A', "ask: Pausing after run of step 'A'. Press enter to continue."]);
    controller.abort();
    const result = await run;
    expect(events).toEqual([
      'run A',
      "ask: Pausing after run of step 'A'. Press enter to continue.",
      'cleanup A',
    ]);
    expect(result.cancelled).toBe(true);
  });
});
