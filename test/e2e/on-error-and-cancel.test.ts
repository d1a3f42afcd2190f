import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndInterrupt, groupMembers, longCommandTemplate, processesRunning, provisionedTemplate } from './interrupt.js';
import { allPackers } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, tmpLeftovers, type Workspace } from './workspace.js';

afterAll(removeBundles);

describe.each(allPackers())('Packer $version: failures and Ctrl-C with the TS test builder', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  const template = (name: string, extra: string): string =>
    ws.file(`${name}.pkr.hcl`, provisionedTemplate('tsb', name, ws.root, extra));

  it('-on-error=cleanup: a failing step reports its error and every cleanup still runs', async () => {
    const t = template('fails', '  fail_step = "after-provision"');
    const run = await runPacker(ws, ['build', '-color=false', '-on-error=cleanup', t]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toContain('tsb.fails: provisioned');
    expect(run.stdout).toMatch(/Build 'tsb\.fails' errored after [^:]+: tsb: failing after provisioning as configured \(fail_step\)/);
    expect(run.stdout).toMatch(/==> tsb\.fails: Removing machine \S+/);
    expect(readdirSync(join(ws.root, 'machines-fails'))).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);
  });

  it('-on-error=abort: the failure skips the cleanups (the machine stays)', async () => {
    const t = template('aborts', '  fail_step = "after-provision"');
    const run = await runPacker(ws, ['build', '-color=false', '-on-error=abort', t]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/Build 'tsb\.aborts' errored after [^:]+: tsb: failing after provisioning as configured \(fail_step\)/);
    expect(run.stdout).not.toContain('Removing machine');
    expect(readdirSync(join(ws.root, 'machines-aborts'))).toHaveLength(1);
  });

  it('Ctrl-C during a step: cleanup runs, packer says so and exits 1, nothing is left behind', async () => {
    const logged = { ...ws, env: { ...ws.env, PACKER_LOG: '1' } };
    const r = await buildAndInterrupt(p.path, logged, ['build', '-color=false', template('cancel', '  sleep = "60s"')], 'Sleeping for 60s');
    // our plugin was running in packer's process group
    expect(r.groupDuringBuild.some((l) => l.includes(`${ws.pluginPath}${p.expect.pluginStartArgs}`))).toBe(true);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(r.stdout).toContain('Cancelling build after receiving interrupt');
    expect(r.stdout, `${r.stdout}\n${r.stderr}`).toContain('==> tsb.cancel: Sleep interrupted');
    expect(r.stdout).toMatch(/==> tsb\.cancel: Removing machine \S+/);
    expect(r.stdout).toContain('Cleanly cancelled builds after being interrupted.');
    // Packer's log: like Packer's own Go plugins, ours ignored the SIGINT, got Builder.Cancel and exited
    expect(r.stderr).toContain('packer-provisioner-shell plugin: Received interrupt signal (count: 1). Ignoring.');
    expect(r.stderr).toContain(`${ws.pluginName} plugin: Received interrupt signal (count: 1). Ignoring.`);
    expect(r.stderr).toContain(`${ws.pluginName} plugin: Cancelling builder after receiving Builder.Cancel`);
    expect(r.stderr).toContain(`${ws.pluginPath}: plugin process exited`);
    // no process of that run, no machine dir, no socket dir (even during the build: removed on connect)
    expect(groupMembers(r.pgid)).toEqual([]);
    expect(readdirSync(join(ws.root, 'machines-cancel'))).toEqual([]);
    expect(r.socketDirsDuringBuild).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);
    expect(existsSync(join(ws.root, 'out', 'tsb-cancel.txt'))).toBe(false);
  }, 120_000);

  it('Ctrl-C while a provisioner command runs: the command is killed and cleanup runs', async () => {
    const t = ws.file('cancelprov.pkr.hcl', longCommandTemplate('tsb', 'cancelprov', ws.root));
    const r = await buildAndInterrupt(p.path, ws, ['build', '-color=false', t], 'long command starts');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(r.stdout).toMatch(/==> tsb\.cancelprov: Removing machine \S+/);
    expect(r.stdout).toContain('Cleanly cancelled builds after being interrupted.');
    expect(processesRunning('sleep 4567')).toEqual([]);
    expect(groupMembers(r.pgid)).toEqual([]);
    expect(readdirSync(join(ws.root, 'machines-cancelprov'))).toEqual([]);
    expect(tmpLeftovers(ws)).toEqual([]);
  }, 120_000);
});
