import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, packerMissing, runPacker, show, type Workspace } from './harness.js';

const missing = packerMissing();
if (missing) console.warn(missing);

describe.skipIf(missing !== undefined)('packer build, JSON template, with the TS test builder', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace();
  });
  afterAll(() => ws?.cleanup());

  it('decodes every field kind with user variables interpolated, and exposes build variables to provisioners', async () => {
    const template = ws.file(
      'all.json',
      JSON.stringify(
        {
          variables: { who: 'json world', pw: 'sekrit-json-value' },
          'sensitive-variables': ['pw'],
          builders: [
            {
              type: 'tsb',
              name: 'j',
              message: 'hello {{user `who`}}',
              count: 4,
              ratio: 1.5,
              enabled: false,
              tags: ['p', 'q'],
              labels: { env: 'prod' },
              settings: { a: 'json', b: 7 },
              mode: 'fast',
              secret: '{{user `pw`}}',
              root_dir: `${ws.root}/machines`,
              output_dir: `${ws.root}/out`,
              disk: { size: 20 },
              mount: [{ path: '/m1' }, { path: '/m2', read_only: true }],
              metadata: { a: 'b' },
            },
          ],
          provisioners: [
            { type: 'shell', inline: ['echo remote sees {{ build `TsbVar` }}', 'echo pw is sekrit-json-value'] },
            { type: 'shell-local', inline: ['echo local sees {{ build `TsbVar` }} in {{ build `WorkDir` }}'] },
          ],
          'post-processors': [{ type: 'manifest', output: `${ws.root}/manifest.json` }],
        },
        null,
        2,
      ),
    );
    const run = await runPacker(ws, ['build', '-color=false', template]);
    expect(run.code, show(run)).toBe(0);
    const out = run.stdout;
    expect(out).toContain('==> j: tsb says: hello json world');
    const config = JSON.parse(/j: config: (\{.*\})/.exec(out)?.[1] as string) as Record<string, unknown>;
    expect(config).toEqual({
      count: 4,
      ratio: 1.5,
      enabled: false,
      tags: ['p', 'q'],
      labels: { env: 'prod' },
      settings: { a: 'json', b: 7 },
      mode: 'fast',
      secret: '<sensitive>',
      disk: { size: 20 },
      mounts: [{ path: '/m1' }, { path: '/m2', readOnly: true }],
      metadata: { a: 'b' },
      buildName: 'j',
      builderType: 'tsb',
    });
    expect(out).toContain('j: remote sees hello json world');
    expect(out).toContain('j: pw is <sensitive>');
    expect(out).not.toContain('sekrit-json-value');
    const machine = /Created machine (\S+)/.exec(out)?.[1] as string;
    expect(out).toContain(`j: local sees hello json world in ${machine}`);
  });
});
