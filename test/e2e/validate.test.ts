import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPackers } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, type Workspace } from './workspace.js';

afterAll(removeBundles);

describe.each(allPackers())('Packer $version validate with the TS test builder', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  it('accepts a good HCL2 template', async () => {
    const t = ws.file('good.pkr.hcl', 'source "tsb" "g" {\n  message = "ok"\n}\nbuild { sources = ["source.tsb.g"] }\n');
    const run = await runPacker(ws, ['validate', t]);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout.trim()).toBe(p.expect.validStdout);
  });

  it('rejects a bad HCL2 config with our error text (enum, duration), decode errors first', async () => {
    const t = ws.file(
      'bad.pkr.hcl',
      'source "tsb" "b" {\n  message = "ok"\n  mode = "turbo"\n  sleep = "soon"\n  count = -2\n}\nbuild { sources = ["source.tsb.b"] }\n',
    );
    const run = await runPacker(ws, ['validate', t]);
    expect(run.code, show(run)).toBe(1);
    const text = run.stdout + run.stderr;
    expect(text).toContain('mode: "turbo" is not an allowed value');
    expect(text).toContain('sleep: "soon" is not a duration');
    expect(text).not.toContain('count: must not be negative'); // decode errors come first, all at once
  });

  it('lets Packer itself reject what our gob ConfigSpec rules out (missing required attribute, wrong type, unknown block)', async () => {
    const t = ws.file('bad2.pkr.hcl', 'source "tsb" "c" {\n  count = "many"\n  nope {\n  }\n}\nbuild { sources = ["source.tsb.c"] }\n');
    const run = await runPacker(ws, ['validate', t]);
    expect(run.code, show(run)).toBe(1);
    const text = run.stdout + run.stderr;
    expect(text).toContain('The argument "message" is required');
    expect(text).toContain('a number is required');
    expect(text).toContain('Blocks of type "nope" are not expected here.');
  });

  it('rejects a bad JSON config with our error text', async () => {
    const t = ws.file('bad.json', JSON.stringify({ builders: [{ type: 'tsb', mesage: 'typo', count: -1 }] }));
    const run = await runPacker(ws, ['validate', t]);
    expect(run.code, show(run)).toBe(1);
    const text = run.stdout + run.stderr;
    expect(text).toContain('Failed to prepare build: "tsb"');
    expect(text).toContain('2 error(s) occurred:');
    expect(text).toContain('did you mean "message"?');
    expect(text).toContain(`* message is required: set "message" in the builder's configuration`);
  });

  it("rejects a negative count with the builder's own rule", async () => {
    const t = ws.file('neg.pkr.hcl', 'source "tsb" "n" {\n  message = "ok"\n  count = -2\n}\nbuild { sources = ["source.tsb.n"] }\n');
    const run = await runPacker(ws, ['validate', t]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout + run.stderr).toContain('count: must not be negative, got -2');
  });
});
