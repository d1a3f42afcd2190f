import { PassThrough, type Readable } from 'node:stream';
import type { Communicator } from '../../src/sdk/communicator.js';
import type { Hook } from '../../src/sdk/hook.js';
import type { Ui } from '../../src/sdk/ui.js';
import type { Step, StepAction } from '../../src/multistep/step.js';
import type { BaseState, StateBag } from '../../src/multistep/state-bag.js';

/** One scripted answer to Ui.ask: a line, an error to reject with, or "never answer". */
export type Answer = string | Error | 'NEVER';

/** A Ui that records every call into a shared event log and answers asks from a script. */
export class RecordingUi implements Ui {
  readonly answers: Answer[];

  constructor(
    readonly events: string[] = [],
    answers: Answer[] = [],
  ) {
    this.answers = [...answers];
  }

  async say(message: string): Promise<void> {
    this.events.push(`say: ${message}`);
  }
  async message(message: string): Promise<void> {
    this.events.push(`message: ${message}`);
  }
  async error(message: string): Promise<void> {
    this.events.push(`error: ${message}`);
  }
  async machine(category: string, ...args: string[]): Promise<void> {
    this.events.push(`machine: ${category} ${args.join(' ')}`);
  }
  ask(query: string): Promise<string> {
    this.events.push(`ask: ${query}`);
    const answer = this.answers.shift();
    if (answer === undefined) return Promise.reject(new Error('RecordingUi: no scripted answer left'));
    if (answer === 'NEVER') return new Promise<string>(() => undefined);
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer);
  }
  trackProgress(_src: string, _current: number, _total: number, source: Readable): Readable {
    return source.pipe(new PassThrough());
  }
}

/** What a {@link ScriptedStep} does when run. */
export type Behaviour =
  | StepAction
  | { readonly throws: unknown }
  | { readonly haltWithError: string }
  | 'awaitAbort'
  | ((state: StateBag<BaseState>, signal: AbortSignal) => Promise<StepAction>);

/** A step that logs `run X` / `cleanup X` into the event log and behaves as scripted (one behaviour per run). */
export class ScriptedStep implements Step<BaseState> {
  readonly behaviours: Behaviour[];
  runs = 0;

  constructor(
    readonly name: string,
    readonly events: string[],
    behaviours: Behaviour[] = ['continue'],
    readonly cleanupThrows?: string,
  ) {
    this.behaviours = behaviours;
  }

  async run(state: StateBag<BaseState>, signal: AbortSignal): Promise<StepAction> {
    this.events.push(`run ${this.name}`);
    const behaviour = this.behaviours[Math.min(this.runs, this.behaviours.length - 1)] ?? 'continue';
    this.runs++;
    if (typeof behaviour === 'function') return behaviour(state, signal);
    if (behaviour === 'awaitAbort') {
      return new Promise<StepAction>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          this.events.push(`${this.name} saw cancelled=${state.has('cancelled')}`);
          reject(signal.reason);
        });
      });
    }
    if (typeof behaviour === 'string') return behaviour;
    if ('throws' in behaviour) throw behaviour.throws;
    state.put('error', new Error(behaviour.haltWithError));
    return 'halt';
  }

  async cleanup(): Promise<void> {
    this.events.push(`cleanup ${this.name}`);
    if (this.cleanupThrows) throw new Error(this.cleanupThrows);
  }
}

/** A hook that records its calls and fails or waits as told per hook name. */
export class RecordingHook implements Hook {
  readonly calls: {
    name: string;
    communicator: Communicator | undefined;
    data: unknown;
    signal?: AbortSignal;
  }[] = [];

  constructor(
    readonly events: string[],
    readonly behaviour: Record<string, 'ok' | 'never' | Error> = {},
  ) {}

  run(
    name: string,
    _ui: Ui,
    communicator: Communicator | undefined,
    data: unknown,
    signal?: AbortSignal,
  ): Promise<void> {
    this.events.push(`hook ${name}`);
    this.calls.push({ name, communicator, data, ...(signal ? { signal } : {}) });
    const what = this.behaviour[name] ?? 'ok';
    if (what === 'never') return new Promise<void>(() => undefined);
    if (what instanceof Error) return Promise.reject(what);
    return Promise.resolve();
  }
}

/** Resolves after pending promise callbacks and I/O callbacks ran (lets async work settle). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
