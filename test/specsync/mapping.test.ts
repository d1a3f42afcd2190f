/**
 * One case per mapping row: the Config type in, the evaluated `configSpec` of the generated
 * module out (compared with an ObjectSpec built by the SDK's own constructors).
 */
import { describe, it } from 'vitest';
import { commonSpecEntries } from '../../src/config/common.js';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { doTest, withCommon } from './helpers.js';

const withEntries = (entries: Parameters<typeof spec.object>[0]) =>
  spec.object({ ...commonSpecEntries, ...entries });

describe('regenerate-spec mapping', () => {
  it('maps string, number and boolean; non-optional is required', () =>
    doTest(
      withCommon(`  /** The region to build in. */
  region: string;
  count?: number;
  enabled: boolean;`),
      withEntries({
        region: spec.attr('region', cty.string, {
          required: true,
          property: 'region',
          description: 'The region to build in.',
        }),
        count: spec.attr('count', cty.number, { property: 'count' }),
        enabled: spec.attr('enabled', cty.bool, { required: true, property: 'enabled' }),
      }),
    ));

  it('maps a string-literal union (also through aliases and unions of aliases) to an enum', () =>
    doTest(
      withCommon(`  mode: 'fast' | 'safe';
  level?: Level;
  both?: Level | 'max' | ('min');
  single?: 'only';`).replace('export interface', "type Level = 'low' | 'high';\nexport interface"),
      withEntries({
        mode: spec.attr('mode', cty.string, {
          required: true,
          property: 'mode',
          enum: ['fast', 'safe'],
        }),
        level: spec.attr('level', cty.string, { property: 'level', enum: ['low', 'high'] }),
        both: spec.attr('both', cty.string, {
          property: 'both',
          enum: ['low', 'high', 'max', 'min'],
        }),
        single: spec.attr('single', cty.string, { property: 'single', enum: ['only'] }),
      }),
    ));

  it('maps number with @integer to integer meta', () =>
    doTest(
      withCommon(`  /**
   * CPUs.
   * @integer
   */
  cpus: number;`),
      withEntries({
        cpus: spec.attr('cpus', cty.number, {
          required: true,
          property: 'cpus',
          description: 'CPUs.',
          integer: true,
        }),
      }),
    ));

  it('maps arrays of primitives to lists (T[], Array<T>, readonly T[], nested)', () =>
    doTest(
      withCommon(`  names: string[];
  ports?: Array<number>;
  flags?: readonly boolean[];
  matrix?: string[][];`),
      withEntries({
        names: spec.attr('names', cty.list(cty.string), { required: true, property: 'names' }),
        ports: spec.attr('ports', cty.list(cty.number), { property: 'ports' }),
        flags: spec.attr('flags', cty.list(cty.bool), { property: 'flags' }),
        matrix: spec.attr('matrix', cty.list(cty.list(cty.string)), { property: 'matrix' }),
      }),
    ));

  it('maps Record<string, T> and index signatures to maps (maps of maps/lists, map of interface)', () =>
    doTest(
      withCommon(`  tags?: Record<string, string>;
  limits?: { [key: string]: number };
  nested?: Record<string, Record<string, string[]>>;
  labels?: Record<string, Label>;
  aliased?: Env;`).replace(
        'export interface',
        'interface Label { key: string; weight: number }\ninterface Env { [name: string]: string }\nexport interface',
      ),
      withEntries({
        tags: spec.attr('tags', cty.map(cty.string), { property: 'tags' }),
        limits: spec.attr('limits', cty.map(cty.number), { property: 'limits' }),
        nested: spec.attr('nested', cty.map(cty.map(cty.list(cty.string))), { property: 'nested' }),
        labels: spec.attr('labels', cty.map(cty.object({ key: cty.string, weight: cty.number })), {
          property: 'labels',
        }),
        aliased: spec.attr('aliased', cty.map(cty.string), { property: 'aliased' }),
      }),
    ));

  it('applies enum, Duration and @integer checks to every leaf of a list/map attribute', () =>
    doTest(
      withCommon(`  modes?: ('a' | 'b')[];
  waits?: Record<string, Duration>;
  /** @integer */
  sizes?: number[][];`),
      withEntries({
        modes: spec.attr('modes', cty.list(cty.string), { property: 'modes', enum: ['a', 'b'] }),
        waits: spec.attr('waits', cty.map(cty.string), { property: 'waits', duration: true }),
        sizes: spec.attr('sizes', cty.list(cty.list(cty.number)), {
          property: 'sizes',
          integer: true,
        }),
      }),
    ));

  it('maps nested interfaces and type literals to blocks (required unless optional)', () =>
    doTest(
      withCommon(`  /** The disk. */
  disk: Disk;
  net?: {
    name: string;
    /** MTU. */
    mtu?: number;
  };`).replace('export interface', 'interface Disk { sizeGb: number }\nexport interface'),
      withEntries({
        disk: spec.block(
          'disk',
          spec.object({
            size_gb: spec.attr('size_gb', cty.number, { required: true, property: 'sizeGb' }),
          }),
          {
            required: true,
            property: 'disk',
            description: 'The disk.',
          },
        ),
        net: spec.block(
          'net',
          spec.object({
            name: spec.attr('name', cty.string, { required: true, property: 'name' }),
            mtu: spec.attr('mtu', cty.number, { property: 'mtu', description: 'MTU.' }),
          }),
          { property: 'net' },
        ),
      }),
    ));

  it('maps arrays of interfaces to block lists (minItems 1 unless optional; @minItems/@maxItems)', () =>
    doTest(
      withCommon(`  disks: Disk[];
  extra?: Disk[];
  /**
   * Between two and four.
   * @minItems 2
   * @maxItems 4
   */
  nics: Array<{ ip: string }>;
  /** @maxItems 1 */
  one?: Disk[];`).replace('export interface', 'interface Disk { size: number }\nexport interface'),
      withEntries({
        disks: spec.blockList(
          'disks',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
          }),
          {
            minItems: 1,
            property: 'disks',
          },
        ),
        extra: spec.blockList(
          'extra',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
          }),
          {
            property: 'extra',
          },
        ),
        nics: spec.blockList(
          'nics',
          spec.object({ ip: spec.attr('ip', cty.string, { required: true, property: 'ip' }) }),
          {
            minItems: 2,
            maxItems: 4,
            property: 'nics',
            description: 'Between two and four.',
          },
        ),
        one: spec.blockList(
          'one',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
          }),
          {
            maxItems: 1,
            property: 'one',
          },
        ),
      }),
    ));

  it('a @default makes a field optional and is checked against the type', () =>
    doTest(
      withCommon(`  /** @default 20 */
  size: number;
  /** @default eu-west-1 */
  region: string;
  /** @defaultValue \`"fast"\` */
  mode: 'fast' | 'safe';
  /** @default 5m */
  timeout: Duration;
  /** @default ["a", "b"] */
  names: string[];
  /** @default {"env": "dev"} */
  tags: Record<string, string>;
  /** @default false */
  dryRun: boolean;
  /** @default 8080 */
  portText: string;`),
      withEntries({
        size: spec.attr('size', cty.number, { property: 'size', default: 20 }),
        region: spec.attr('region', cty.string, { property: 'region', default: 'eu-west-1' }),
        mode: spec.attr('mode', cty.string, {
          property: 'mode',
          default: 'fast',
          enum: ['fast', 'safe'],
        }),
        timeout: spec.attr('timeout', cty.string, {
          property: 'timeout',
          default: '5m',
          duration: true,
        }),
        names: spec.attr('names', cty.list(cty.string), { property: 'names', default: ['a', 'b'] }),
        tags: spec.attr('tags', cty.map(cty.string), { property: 'tags', default: { env: 'dev' } }),
        dry_run: spec.attr('dry_run', cty.bool, { property: 'dryRun', default: false }),
        port_text: spec.attr('port_text', cty.string, { property: 'portText', default: '8080' }),
      }),
    ));

  it('@sensitive, @deprecated and @hclName', () =>
    doTest(
      withCommon(`  /**
   * API token.
   * @sensitive
   */
  token: string;
  /** @deprecated Use region instead. */
  zone?: string;
  /**
   * Size.
   * @hclName disk_gb
   */
  diskSize?: number;`),
      withEntries({
        token: spec.attr('token', cty.string, {
          required: true,
          property: 'token',
          description: 'API token.',
          sensitive: true,
        }),
        zone: spec.attr('zone', cty.string, {
          property: 'zone',
          deprecated: 'Use region instead.',
        }),
        disk_gb: spec.attr('disk_gb', cty.number, { property: 'diskSize', description: 'Size.' }),
      }),
    ));

  it('derives snake_case HCL names (acronyms, digits, quoted names)', () =>
    doTest(
      withCommon(`  sshTimeout?: string;
  diskSizeGB?: number;
  http2Port?: number;
  HTTPServer?: string;
  'disk-label'?: string;`),
      withEntries({
        ssh_timeout: spec.attr('ssh_timeout', cty.string, { property: 'sshTimeout' }),
        disk_size_gb: spec.attr('disk_size_gb', cty.number, { property: 'diskSizeGB' }),
        http2_port: spec.attr('http2_port', cty.number, { property: 'http2Port' }),
        http_server: spec.attr('http_server', cty.string, { property: 'HTTPServer' }),
        disk_label: spec.attr('disk_label', cty.string, { property: 'disk-label' }),
      }),
    ));

  it('flattens extended local interfaces and intersections; own properties override', () =>
    doTest(
      [
        "import type { PackerCommonConfig } from 'generator-packer-builder';",
        'interface Auth { user: string; pass?: string }',
        'interface Net { host: string }',
        'type Base = Auth & Net & { port?: number };',
        'export interface Config extends PackerCommonConfig, Base {',
        '  /** Overrides Auth.pass: now required. */',
        '  pass: string;',
        '}',
      ].join('\n'),
      withEntries({
        user: spec.attr('user', cty.string, { required: true, property: 'user' }),
        host: spec.attr('host', cty.string, { required: true, property: 'host' }),
        port: spec.attr('port', cty.number, { property: 'port' }),
        pass: spec.attr('pass', cty.string, {
          required: true,
          property: 'pass',
          description: 'Overrides Auth.pass: now required.',
        }),
      }),
    ));

  it('accepts a type alias as the config type, intersecting PackerCommonConfig', () =>
    doTest(
      "import type { PackerCommonConfig } from 'generator-packer-builder';\nexport type Config = PackerCommonConfig & { name2: string };\n",
      withEntries({ name2: spec.attr('name2', cty.string, { required: true, property: 'name2' }) }),
    ));

  it('without PackerCommonConfig the spec has only the declared fields', () =>
    doTest(
      'export interface Config { a?: string }\n',
      spec.object({ a: spec.attr('a', cty.string, { property: 'a' }) }),
    ));

  it('recognises renamed SDK imports without resolving the package', () =>
    doTest(
      [
        "import type { PackerCommonConfig as Common, Duration as Wait } from 'generator-packer-builder';",
        'export interface Config extends Common {',
        '  wait: Wait;',
        '}',
      ].join('\n'),
      withEntries({
        wait: spec.attr('wait', cty.string, { required: true, property: 'wait', duration: true }),
      }),
    ));

  it('follows types imported from other local files, re-exports and namespace imports', () =>
    doTest(
      [
        "import type * as sdk from 'generator-packer-builder';",
        "import type { Disk, Wait } from './types/index.js';",
        'export interface Config extends sdk.PackerCommonConfig {',
        '  disk?: Disk;',
        '  wait?: Wait;',
        '  also?: sdk.Duration;',
        '}',
      ].join('\n'),
      withEntries({
        disk: spec.block(
          'disk',
          spec.object({
            size: spec.attr('size', cty.number, { required: true, property: 'size' }),
          }),
          { property: 'disk' },
        ),
        wait: spec.attr('wait', cty.string, { property: 'wait', duration: true }),
        also: spec.attr('also', cty.string, { property: 'also', duration: true }),
      }),
      {
        'src/types/index.ts':
          "export type { Disk } from './disk.js';\nexport type { Duration as Wait } from 'generator-packer-builder';\n",
        'src/types/disk.ts': 'export interface Disk { size: number }\n',
      },
    ));
});
