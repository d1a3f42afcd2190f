import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCommunicator } from '../../src/communicator/local.js';
import { HOOK_CLEANUP_PROVISION, HOOK_PROVISION } from '../../src/sdk/hook.js';
import { BasicRunner } from '../../src/multistep/basic-runner.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { StepProvision, populateProvisionHookData } from '../../src/multistep/step-provision.js';
import { RecordingHook, RecordingUi, ScriptedStep, settle } from './fakes.js';

const VECTORS = new URL('../../../shared/vectors/packer-1.6.6/', import.meta.url);

let savedUuid: string | undefined;
beforeEach(() => {
  savedUuid = process.env['PACKER_RUN_UUID'];
});
afterEach(() => {
  if (savedUuid === undefined) delete process.env['PACKER_RUN_UUID'];
  else process.env['PACKER_RUN_UUID'] = savedUuid;
});

describe('populateProvisionHookData', () => {
  it('matches the Data map the Go null builder sent with communicator "none" (captured Hook.Run)', () => {
    const vector = JSON.parse(
      readFileSync(new URL('rpc/hook-run-req-generated-data.json', VECTORS), 'utf8'),
    ) as {
      bodyHex: string;
    };
    const body = decode(Buffer.from(vector.bodyHex, 'hex')) as {
      Name: string;
      Data: Record<string, unknown>;
    };
    expect(body.Name).toBe(HOOK_PROVISION);
    process.env['PACKER_RUN_UUID'] = body.Data['PackerRunUUID'] as string;
    const state = new StateBag<BaseState>({ instance_id: 'Null' });
    expect(populateProvisionHookData(state)).toEqual(body.Data);
  });

  it("adds HTTP and communicator details and keeps the builder's generated data (same object, as in Go)", () => {
    process.env['PACKER_RUN_UUID'] = 'uuid-1';
    const generated: Record<string, unknown> = { ImageName: 'img-7' };
    const state = new StateBag<BaseState>({
      generated_data: generated,
      http_ip: '10.0.2.2',
      http_port: 8080,
      communicator_config: { type: 'ssh', host: '10.0.0.5', port: 22, user: 'root', sshAgentAuth: true },
    });
    const data = populateProvisionHookData(state);
    expect(data).toBe(generated);
    expect(data).toEqual({
      ImageName: 'img-7',
      ID: 'ERR_ID_NOT_IMPLEMENTED_BY_BUILDER',
      PackerRunUUID: 'uuid-1',
      PackerHTTPIP: '10.0.2.2',
      PackerHTTPPort: '8080',
      PackerHTTPAddr: '10.0.2.2:8080',
      Host: '10.0.0.5',
      Port: 22,
      User: 'root',
      Password: '',
      ConnType: 'ssh',
      SSHPublicKey: '',
      SSHPrivateKey: '',
      SSHPrivateKeyFile: '',
      SSHAgentAuth: true,
      WinRMPassword: '',
    });
  });
});

describe('StepProvision', () => {
  it('runs the provision hook with the Ui, the state communicator and the hook data, and stores the data', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events);
    const hook = new RecordingHook(events);
    const communicator = new LocalCommunicator();
    const state = new StateBag<BaseState>({ ui, hook, communicator, instance_id: 'vm-1' });
    const result = await new BasicRunner([new StepProvision()]).run(state);
    expect(events).toEqual([`hook ${HOOK_PROVISION}`]);
    expect(hook.calls[0]?.communicator).toBe(communicator);
    expect(hook.calls[0]?.data).toBe(state.get('generated_data'));
    expect(state.get('generated_data')?.['ID']).toBe('vm-1');
    expect(result.error).toBeUndefined();
  });

  it('prefers the communicator given to the step', async () => {
    const hook = new RecordingHook([]);
    const own = new LocalCommunicator({ workingDir: '/tmp' });
    const state = new StateBag<BaseState>({
      ui: new RecordingUi(),
      hook,
      communicator: new LocalCommunicator(),
    });
    await new BasicRunner([new StepProvision({ communicator: own })]).run(state);
    expect(hook.calls[0]?.communicator).toBe(own);
  });

  it('on a provisioner failure: records the error, halts, and runs the cleanup provisioner in cleanup', async () => {
    const events: string[] = [];
    const ui = new RecordingUi(events);
    const hook = new RecordingHook(events, {
      [HOOK_PROVISION]: new Error('Script exited with non-zero exit status: 2'),
    });
    const state = new StateBag<BaseState>({ ui, hook });
    const result = await new BasicRunner([new StepProvision(), new ScriptedStep('Later', events)]).run(state);
    expect(events).toEqual([
      `hook ${HOOK_PROVISION}`,
      'say: Provisioning step had errors: Running the cleanup provisioner, if present...',
      `hook ${HOOK_CLEANUP_PROVISION}`,
    ]);
    expect(result.error?.message).toBe('Script exited with non-zero exit status: 2');
    expect(result.halted).toBe(true);
    expect(hook.calls[1]?.signal?.aborted).toBe(false);
  });

  it('a failing cleanup provisioner replaces the error with both messages', async () => {
    const hook = new RecordingHook([], {
      [HOOK_PROVISION]: new Error('first'),
      [HOOK_CLEANUP_PROVISION]: new Error('second'),
    });
    const state = new StateBag<BaseState>({ ui: new RecordingUi(), hook });
    const result = await new BasicRunner([new StepProvision()]).run(state);
    expect(result.error?.message).toBe('Cleanup failed: second. Original Provisioning error: first');
  });

  it('runs the cleanup provisioner when a later step failed, not when all went well', async () => {
    const events: string[] = [];
    const state = new StateBag<BaseState>({ ui: new RecordingUi(events), hook: new RecordingHook(events) });
    await new BasicRunner([
      new StepProvision(),
      new ScriptedStep('Later', events, [{ haltWithError: 'x' }]),
    ]).run(state);
    expect(events).toEqual([
      `hook ${HOOK_PROVISION}`,
      'run Later',
      'cleanup Later',
      'say: Provisioning step had errors: Running the cleanup provisioner, if present...',
      `hook ${HOOK_CLEANUP_PROVISION}`,
    ]);
    const quiet: string[] = [];
    await new BasicRunner([new StepProvision()]).run(
      new StateBag<BaseState>({ ui: new RecordingUi(quiet), hook: new RecordingHook(quiet) }),
    );
    expect(quiet).toEqual([`hook ${HOOK_PROVISION}`]);
  });

  it('halts at once on cancellation without waiting for the hook, and passes the signal to it', async () => {
    const events: string[] = [];
    const hook = new RecordingHook(events, { [HOOK_PROVISION]: 'never' });
    const controller = new AbortController();
    const running = new BasicRunner([new StepProvision()]).run(
      new StateBag<BaseState>({ ui: new RecordingUi(events), hook }),
      controller.signal,
    );
    await settle();
    controller.abort();
    const result = await running;
    expect(result).toEqual({ halted: false, cancelled: true, cleanupErrors: [] });
    expect(hook.calls[0]?.signal?.aborted).toBe(true);
    expect(events).toEqual([`hook ${HOOK_PROVISION}`]);
  });

  it('names the missing state key when there is no hook', async () => {
    const result = await new BasicRunner([new StepProvision()]).run(
      new StateBag<BaseState>({ ui: new RecordingUi() }),
    );
    expect(result.error?.message).toBe(
      'state "hook" is not set: put it in the state bag (state.put("hook", …)) before running the step that needs it',
    );
  });
});

describe('typed plugin state', () => {
  it("mixes a plugin's own steps with SDK steps over a state that extends BaseState", async () => {
    interface MyState extends BaseState {
      config: { imageName: string };
    }
    const seen: string[] = [];
    class StepRememberImage {
      readonly name = 'StepRememberImage';
      async run(state: StateBag<MyState>): Promise<'continue'> {
        seen.push(state.require('config').imageName);
        state.put('generated_data', { ImageName: state.require('config').imageName });
        return 'continue';
      }
    }
    const sdkStep = new StepProvision();
    const hook = new RecordingHook([]);
    const state = new StateBag<MyState>({ config: { imageName: 'img-1' }, ui: new RecordingUi(), hook });
    const result = await new BasicRunner<MyState>([new StepRememberImage(), sdkStep]).run(state);
    expect(result.error).toBeUndefined();
    expect(seen).toEqual(['img-1']);
    expect((hook.calls[0]?.data as Record<string, unknown>)['ImageName']).toBe('img-1');
  });
});
