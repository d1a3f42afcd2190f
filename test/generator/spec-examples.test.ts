/**
 * The one path from answers to examples: a project rendered from answers with a field of every
 * kind has its examples and test cases derived from regenerate-spec's model of the rendered
 * src/config.ts, and the SDK's decoder (what a plugin's prepare runs) accepts every example and
 * reports each wrong value exactly where `specCases` says. A Config edited by hand (a field
 * renamed, one added, a nested interface added) gets cases for the new fields only, from the
 * same functions the generated tests call at run time.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, decodeConfig } from '../../src/config/index.js';
import { exampleValues, specCases } from '../../src/hcl/examples.js';
import { spec, type ObjectSpec } from '../../src/hcl/spec.js';
import { readSpecModel } from '../../src/specsync/index.js';
import { finishAnswers, mergeRaw, defaultAnswers } from '../../generators/lib/answers.js';
import { renderProject } from '../../generators/lib/project.js';
import { REPO_ROOT } from './helpers.js';


const FIELDS = [
  'message:string!',
  'ratio:number=0.25',
  'size_gb:int=20',
  'enable_gpu:bool',
  'mode:enum(fast|safe)=safe',
  'boot_wait:duration=10s',
  'zones:string[]',
  'weights:number[]',
  'tags:map(string)',
  'api_token:string*',
  'disk:block{label:string=boot,size:int!}',
  'mount:block[]{path:string!,read_only:bool=false}',
];

async function project(fields: readonly string[]) {
  const r = finishAnswers(mergeRaw(defaultAnswers('kinds', `file:${REPO_ROOT}`), { name: 'kinds', fields: [...fields] }), REPO_ROOT);
  if (!r.answers) throw new Error(r.problems.join('\n'));
  return renderProject(r.answers);
}

/** What a plugin's prepare would report for `raw` (the spec as the plugin sees it: with packer_*). */
function problemsOf(s: ObjectSpec, raw: Record<string, unknown>): { path: string; message: string }[] {
  try {
    decodeConfig(s, [raw]);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

function edit(raw: Record<string, unknown>, path: readonly (string | number)[], value?: unknown): Record<string, unknown> {
  const copy = structuredClone(raw);
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('examples and cases from the spec model', () => {
  it('the example templates are made from the model of the rendered src/config.ts', async () => {
    const { files, model } = await project(FIELDS);
    const configSpec = spec.object({ ...model.config.entries });
    const json = JSON.parse(files.get('example/build.json') as string) as { builders: Record<string, unknown>[] };
    const { type, ...settings } = json.builders[0] as Record<string, unknown>;
    expect(type).toBe('kinds');
    expect(settings).toEqual(exampleValues(configSpec));
    // The model is regenerate-spec's reading of the src/config.ts the project holds.
    const again = await readSpecModel(new Map([...files].filter(([p]) => ['src/config.ts', 'src/generated-data.ts', 'package.json'].includes(p))));
    expect(again.config).toEqual(model.config);
    const hcl = files.get('example/build.pkr.hcl') as string;
    for (const key of Object.keys(settings)) expect(hcl).toMatch(new RegExp(`^ +${key} +(=|\\{)`, 'm'));
  });

  it('the decoder accepts every example and reports each case where specCases says', async () => {
    const { model } = await project(FIELDS);
    const s = spec.object({ ...model.config.entries });
    const cases = specCases(s);
    expect(problemsOf(s, cases.example)).toEqual([]);
    expect(problemsOf(s, cases.minimal)).toEqual([]);
    expect(cases.required.map((c) => c.title)).toEqual(['message', 'disk.size', 'mount.path']);
    for (const c of cases.required) {
      expect(problemsOf(s, edit(cases.example, c.rawPath)).map((p) => p.path), c.title).toEqual([c.problemPath]);
    }
    expect(cases.wrong.length).toBeGreaterThanOrEqual(FIELDS.length);
    for (const c of cases.wrong) {
      const problems = problemsOf(s, edit(cases.example, c.rawPath, c.value));
      expect(problems[0]?.path, c.title).toBe(c.problemPath);
    }
    for (const c of cases.defaults) {
      const { config } = decodeConfig<Record<string, unknown>>(s, [cases.minimal]);
      const at = c.configPath.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], config);
      expect(at, c.title).toEqual(c.value);
    }
  });

  it('a hand-edited Config gets its cases from the edit, not from the answers', async () => {
    const { files } = await project(FIELDS);
    const config = (files.get('src/config.ts') as string)
      .replace(/\n {2}ratio: number;/, '\n  scale: number;')
      .replace(/\n}\n/, '\n\n  /** The zone. */\n  zone?: string;\n\n  /** The network. */\n  network: NetworkConfig;\n}\n\n/** A network. */\nexport interface NetworkConfig {\n  /** Its range. */\n  cidr: string;\n}\n');
    const model = await readSpecModel(new Map([['src/config.ts', config], ['src/generated-data.ts', files.get('src/generated-data.ts') as string], ['package.json', files.get('package.json') as string]]));
    const s = spec.object({ ...model.config.entries });
    const cases = specCases(s);
    expect(Object.keys(cases.example)).toContain('scale');
    expect(Object.keys(cases.example)).not.toContain('ratio');
    expect(cases.example.network).toEqual({ cidr: 'example-network-cidr' });
    expect(cases.required.map((c) => c.title)).toContain('network.cidr');
    expect(problemsOf(s, cases.example)).toEqual([]);
  });
});

describe("the SDK's shared configs in examples", () => {
  it('meta.example picks what examples show, null leaves a setting out, requiredByPrepare makes it minimal', async () => {
    const { communicatorSpecEntries } = await import('../../src/communicator/ssh/spec.js');
    const { isoConfigSpecEntries } = await import('../../src/commonsteps/iso-config.js');
    const { withoutMachine, minimalValues } = await import('../../src/hcl/examples.js');
    const { cty } = await import('../../src/hcl/cty.js');
    const obj = spec.object({
      size: spec.attr('size', cty.number, { integer: true, required: true }),
      ...communicatorSpecEntries,
      ...isoConfigSpecEntries,
    });
    expect(exampleValues(obj)).toEqual({
      size: 3,
      ssh_host: '127.0.0.1',
      ssh_port: 22,
      ssh_username: 'packer',
      ssh_private_key_file: '~/.ssh/id_ed25519',
      ssh_timeout: '5m',
      iso_checksum: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      iso_url: 'boot.iso',
    });
    expect(minimalValues(obj)).toEqual({
      size: 3,
      iso_checksum: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      iso_url: 'boot.iso',
    });
    // Every communicator setting still gets its cases (a wrong value each), examples or not.
    expect(specCases(obj).wrong.map((c) => c.title)).toContain('ssh_bastion_host');
    expect(withoutMachine(obj, { size: 1 })).toEqual({ size: 1, communicator: 'none' });
    const plain = spec.object({ size: spec.attr('size', cty.number, {}) });
    expect(withoutMachine(plain, { size: 1 })).toEqual({ size: 1 });
  });
});
