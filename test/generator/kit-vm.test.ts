/**
 * `--kit vm` (issue 13): the generated plugin's Config extends the SDK's VM configs and
 * CommunicatorConfig (the communicator implied), its builder runs download → output dir → HTTP
 * server → create-machine → boot command (through src/driver.ts) → connect → provision →
 * shutdown, its examples come from the shared configs' `meta.example`, and its own `npm test`
 * passes against this checkout: prepare and steps without a machine, and its e2e test under
 * real Packer 1.6.6 with the sshd it starts standing in for the machine. The integration test
 * (integration.test.ts) installs such a plugin from an `npm pack` tarball and runs it under
 * modern Packer too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownTests, QUIET, runApp, runStep, scratchDir } from './helpers.js';


describe('--kit vm', () => {
  it('writes a VM builder whose own npm test builds it under Packer with an sshd as the machine', async () => {
    const r = await runApp().withOptions({ ...QUIET, name: 'myvm', org: 'acme', kit: 'vm', field: ['memory:int=1024'] });
    const root = join(r.cwd, 'packer-plugin-myvm');
    const yoRc = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const stored = Object.values(yoRc)[0] as Record<string, unknown>;
    expect(stored).toMatchObject({ kit: 'vm', communicator: 'ssh', steps: ['create-machine', 'provision'] });

    // (prettier wraps these long lines: compared without line breaks and trailing commas)
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8').replace(/,\s*}/g, ' }').replace(/\s+/g, ' ');
    expect(config).toContain(
      "import type { BootConfig, CommunicatorConfig, HTTPConfig, ISOConfig, OutputDirConfig, PackerCommonConfig, ShutdownConfig } from 'generator-packer-builder';",
    );
    expect(config).toContain(
      'export interface Config extends PackerCommonConfig, CommunicatorConfig, ISOConfig, HTTPConfig, BootConfig, ShutdownConfig, OutputDirConfig {',
    );
    const spec = readFileSync(join(root, 'src/config.hcl2spec.ts'), 'utf8');
    for (const spread of ['communicatorSpecEntries', 'isoConfigSpecEntries', 'httpConfigSpecEntries', 'bootConfigSpecEntries', 'shutdownConfigSpecEntries', 'outputDirConfigSpecEntries']) {
      expect(spec).toContain(`...${spread}`);
    }
    const builder = readFileSync(join(root, 'src/builder.ts'), 'utf8');
    const order = ['new StepDownload(', 'new StepOutputDir(', 'new StepHTTPServer(', 'new StepCreateMachine()', 'new StepTypeBootCommand<BuildState>(', 'new StepConnect<BuildState>(', 'new StepProvision<BuildState>()', 'new StepShutdown('];
    const at = order.map((s) => builder.indexOf(s));
    expect(at.every((i) => i >= 0), at.join()).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(readFileSync(join(root, 'src/driver.ts'), 'utf8')).toContain('export class MachineDriver implements BootCommandDriver');

    // The example: the builder's own setting, the ISO with its checksum, the boot command, SSH, shutdown.
    const example = readFileSync(join(root, 'example/build.pkr.hcl'), 'utf8');
    expect(example).toMatch(/memory\s+= 1024/);
    expect(example).toMatch(/iso_url\s+= "boot\.iso"/);
    expect(example).toMatch(/iso_checksum\s+= "sha256:[0-9a-f]{64}"/);
    expect(example).toContain('{{ .HTTPIP }}:{{ .HTTPPort }}/preseed.cfg');
    expect(example).toMatch(/http_content\s+= \{\n\s+"\/preseed.cfg" = "d-i /);
    expect(example).toMatch(/ssh_host\s+= "127\.0\.0\.1"/);
    expect(example).toMatch(/shutdown_command\s+= "sudo shutdown -P now"/);
    expect(example).not.toMatch(/winrm|http_port_min|ssh_bastion/);

    // Its own npm test with this checkout as generator-packer-builder (built dist/).
    const { status, out, leftovers } = ownTests(root);
    expect(status, out).toBe(0);
    expect(leftovers, 'its e2e test removes its sshd folder (keys included)').toEqual([]);
    expect(out).toMatch(/downloads the ISO, serves HTTP, types the boot command, connects, provisions and shuts down/);
    expect(out).toMatch(/refuses an ISO whose checksum does not match/);
    expect(out).toMatch(/types the boot command through the driver/);
    expect(out).toMatch(/refuses a wrong value for iso_checksum/);
    expect(out).toMatch(/applies the default of boot_wait/);
    expect(out).toMatch(/Test Files\s+4 passed \(4\)/);
    expect(existsSync(join(root, 'dist/packer-plugin-myvm.cjs'))).toBe(true);
  }, 400_000);

  it('yo packer-builder:step places a new step among the kit\'s steps', async () => {
    const dir = scratchDir('gpb-kit-step-');
    await runApp().withOptions({ ...QUIET, name: 'stepvm', kit: 'vm' }).inDir(dir);
    const root = join(dir, 'packer-plugin-stepvm');
    await runStep().withArguments(['attach-disk']).withOptions({ after: 'create-machine' }).cd(root);
    await runStep().withArguments(['export-image']).cd(root);
    const builder = readFileSync(join(root, 'src/builder.ts'), 'utf8');
    expect(builder).toMatch(/new StepCreateMachine\(\),\n\s+new StepAttachDisk\(\),\n\s+new StepTypeBootCommand/);
    expect(builder).toMatch(/new StepShutdown\([\s\S]*?\}\),\n\s+new StepExportImage\(\),\n\s+\];/);
    expect(existsSync(join(root, 'src/steps/attach-disk.ts'))).toBe(true);
  }, 120_000);
});
