/**
 * What Packer starts runs on a supported Node: every process of the TS test builder that a real
 * `packer build` starts reports its `process.version` (what `node --version` prints) and
 * `process.execPath` from inside the plugin, through a `--require` preload in NODE_OPTIONS (Packer
 * hands its environment to plugins). The builder starts through `#!/usr/bin/env node`, so it runs on
 * the Node that runs this suite: the pinned Node 24 of `npm test`, or Node 22.18.0 in
 * scripts/test-node22.sh, which sets GPB_EXPECT_NODE.
 */
import { readFileSync } from 'node:fs';
import { satisfies } from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPackers } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, type Workspace } from './workspace.js';

afterAll(removeBundles);

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

/** Appends one JSON line per Node process that loads it to $GPB_NODE_REPORT. */
const PRELOAD = `require('node:fs').appendFileSync(process.env.GPB_NODE_REPORT, JSON.stringify({
  pid: process.pid, version: process.version, execPath: process.execPath, argv1: process.argv[1] }) + '\\n');
`;

interface Report {
  pid: number;
  version: string;
  execPath: string;
  argv1: string;
}

describe('the suite itself', () => {
  it('runs on the Node it was started for (pinned 24, or GPB_EXPECT_NODE)', () => {
    const expected = process.env.GPB_EXPECT_NODE ?? `v${pkg.devDependencies.node}`;
    console.log(`test run on ${process.version} (${process.execPath})`);
    expect(process.version).toBe(expected);
  });
});

describe.each(allPackers())('Packer $version starts the plugin on a supported Node', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  it('process.version inside the plugin satisfies engines and is the suite\'s Node', async () => {
    const preload = ws.file('report-node.cjs', PRELOAD);
    const report = `${ws.root}/node-report.jsonl`;
    const t = ws.file('node.pkr.hcl', 'source "tsb" "n" {\n  message = "which node"\n}\nbuild { sources = ["source.tsb.n"] }\n');
    const run = await runPacker(ws, ['build', '-color=false', t], {
      env: { NODE_OPTIONS: `--require ${preload}`, GPB_NODE_REPORT: report },
    });
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain('tsb says: which node');
    const reports = readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Report);
    const plugin = reports.filter((r) => r.argv1 === ws.pluginPath);
    console.log(`Packer ${p.version}: plugin ran on ${plugin.map((r) => `${r.version} (${r.execPath})`).join(', ')}`);
    expect(plugin.length, JSON.stringify(reports)).toBeGreaterThan(0);
    for (const r of plugin) {
      expect(satisfies(r.version, pkg.engines.node), r.version).toBe(true);
      expect(satisfies(r.version, '>=22.18'), r.version).toBe(true);
      expect(r.version).toBe(process.version);
    }
  });
});
