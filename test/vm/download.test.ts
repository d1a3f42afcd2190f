/**
 * (c) StepDownload and ISOConfig against a local HTTP server the test starts (127.0.0.1): good and
 * bad checksums, `file:` checksums (local and over HTTP), a cache hit with no request, Ctrl-C
 * mid-download leaving nothing in the cache, local files used in place; pitfalls I3 (checksum
 * forms) and I4 (cache naming and reuse).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareISOConfig, type ISOConfig } from '../../src/commonsteps/iso-config.js';
import { StepDownload } from '../../src/commonsteps/step-download.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { RecordingUi } from '../multistep/fakes.js';

const ISO = Buffer.alloc(3 * 1024 * 1024 + 17);
for (let i = 0; i < ISO.length; i++) ISO[i] = (i * 31 + 7) & 0xff;
const SHA256 = createHash('sha256').update(ISO).digest('hex');
const MD5 = createHash('md5').update(ISO).digest('hex');
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

let server: Server;
let base: string;
const requests: string[] = [];
/** Paths whose response stalls after the first 64 KiB (for Ctrl-C). */
const stall = new Set<string>();
let root: string;
let cacheDir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/SHA256SUMS') {
      res.end(`${'0'.repeat(64)}  other.iso\n${SHA256}  disk.iso\n`);
      return;
    }
    if (path === '/missing.iso') {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': ISO.length });
    if (stall.has(path)) {
      res.write(ISO.subarray(0, 65536));
      return; // never ends: the test cancels
    }
    res.end(ISO);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vm-dl-'));
  cacheDir = join(root, 'cache');
  process.env.PACKER_CACHE_DIR = cacheDir;
  requests.length = 0;
});
afterEach(() => {
  delete process.env.PACKER_CACHE_DIR;
  rmSync(root, { recursive: true, force: true });
});

type S = BaseState & { iso_path: string; SourceImageURL: string };
function state(): { bag: StateBag<S>; ui: RecordingUi } {
  const ui = new RecordingUi();
  return { bag: new StateBag<S>({ ui } as Partial<S>), ui };
}
async function download(urls: string[], checksum: string, signal = new AbortController().signal) {
  const { bag, ui } = state();
  const step = new StepDownload({ urls, checksum, description: 'ISO', resultKey: 'iso_path', extension: 'iso', pwd: root });
  const action = await step.run(bag as never, signal);
  return { action, bag, ui, path: bag.get('iso_path'), error: bag.get('error') };
}
const cacheFiles = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);

describe('StepDownload over HTTP', () => {
  it('downloads into PACKER_CACHE_DIR as sha1("sha256:<hex>").iso and verifies the checksum', async () => {
    const r = await download([`${base}/disk.iso`], `sha256:${SHA256}`);
    expect(r.action).toBe('continue');
    expect(r.path).toBe(join(cacheDir, `${sha1(`sha256:${SHA256}`)}.iso`));
    expect(readFileSync(r.path as string).equals(ISO)).toBe(true);
    expect(r.bag.get('SourceImageURL')).toBe(`${base}/disk.iso`);
    expect(r.ui.events).toEqual(['say: Retrieving ISO', `say: Trying ${base}/disk.iso`, `say: ${base}/disk.iso => ${r.path}`]);
    expect(cacheFiles()).toEqual([`${sha1(`sha256:${SHA256}`)}.iso`]);
  });

  it('I4: a verified cache entry is used without a request, even from another URL with the same checksum', async () => {
    await download([`${base}/disk.iso`], `sha256:${SHA256}`);
    expect(requests).toEqual(['/disk.iso']);
    const again = await download([`${base}/mirror/other-name.iso`], `sha256:${SHA256}`);
    expect(again.action).toBe('continue');
    expect(requests).toEqual(['/disk.iso']);
    expect(again.path).toBe(join(cacheDir, `${sha1(`sha256:${SHA256}`)}.iso`));
  });

  it('a bad checksum is a named error, says so, and leaves no .iso (nor a .part) behind (I4)', async () => {
    const wrong = 'a'.repeat(64);
    const r = await download([`${base}/disk.iso`], `sha256:${wrong}`);
    expect(r.action).toBe('halt');
    const target = join(cacheDir, `${sha1(`sha256:${wrong}`)}.iso`);
    expect(r.error?.message).toBe(`error downloading ISO: [Checksums did not match for ${target}.\nExpected: ${wrong}\nGot: ${SHA256}\nsha256]`);
    expect(r.ui.events).toContain(`say: Checksum did not match, removing ${target}`);
    expect(cacheFiles()).toEqual([]);
  });

  it('tries the next URL after a failure (404), as Go does', async () => {
    const r = await download([`${base}/missing.iso`, `${base}/disk.iso`], `md5:${MD5}`);
    expect(r.action).toBe('continue');
    expect(r.ui.events).toContain('say: Download failed bad response code: 404');
    expect(requests).toEqual(['/missing.iso', '/disk.iso']);
  });

  it('a cached file that does not match is downloaded again and replaced', async () => {
    const name = `${sha1(`sha256:${SHA256}`)}.iso`;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, name), 'truncated');
    const r = await download([`${base}/disk.iso`], `sha256:${SHA256}`);
    expect(r.action).toBe('continue');
    expect(requests).toEqual(['/disk.iso']);
    expect(readFileSync(join(cacheDir, name)).equals(ISO)).toBe(true);
  });

  it("`none`: the cache entry is named after the URL's sha1, and no checksum is checked", async () => {
    const r = await download([`${base}/disk.iso`], 'none');
    expect(r.path).toBe(join(cacheDir, `${sha1(`${base}/disk.iso`)}.iso`));
  });

  it('file: checksums over HTTP pick the line naming the file', async () => {
    const c: ISOConfig = { isoUrl: `${base}/disk.iso`, isoChecksum: `file:${base}/SHA256SUMS` };
    expect(await prepareISOConfig(c, root)).toEqual({ warnings: [], errors: [] });
    expect(c.isoChecksum).toBe(`sha256:${SHA256}`);
    const r = await download(c.isoUrls ?? [], c.isoChecksum ?? '');
    expect(r.action).toBe('continue');
  });

  it('Ctrl-C mid-download: halts at once and leaves nothing in the cache', async () => {
    stall.add('/slow.iso');
    const ac = new AbortController();
    const pending = download([`${base}/slow.iso`], `sha256:${SHA256}`, ac.signal);
    for (let i = 0; i < 200 && !(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.part'))); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(readdirSync(cacheDir).some((f) => f.endsWith('.part'))).toBe(true);
    ac.abort();
    const r = await pending;
    expect(r.action).toBe('halt');
    expect(r.error?.message).toMatch(/^Download cancelled: /);
    expect(cacheFiles()).toEqual([]);
  });
});

describe('local ISO files', () => {
  it('a local path and a file:// URL are used in place, verified, not copied', async () => {
    const local = join(root, 'local.iso');
    writeFileSync(local, ISO);
    const a = await download([local], SHA256);
    expect(a.path).toBe(local);
    const b = await download([`file://${local}`], `sha256:${SHA256}`);
    expect(b.path).toBe(local);
    expect(cacheFiles()).toEqual([]);
    const bad = await download([local], `md5:${'0'.repeat(32)}`);
    expect(bad.action).toBe('halt');
    expect(bad.error?.message).toContain(`Checksums did not match for ${local}`);
    expect(existsSync(local)).toBe(true);
  });

  it('file: checksums from a local GNU and a BSD checksum file', async () => {
    writeFileSync(join(root, 'SUMS'), `# comment\n${MD5} *other.iso\n${SHA256} *local.iso\n`);
    writeFileSync(join(root, 'BSD'), `SHA256 (local.iso) = ${SHA256.toUpperCase()}\n`);
    for (const [sums, want] of [['SUMS', `sha256:${SHA256}`], ['BSD', `sha256:${SHA256}`]] as const) {
      const c: ISOConfig = { isoUrl: join(root, 'local.iso'), isoChecksum: `file:${join(root, sums)}` };
      expect(await prepareISOConfig(c, root)).toEqual({ warnings: [], errors: [] });
      expect(c.isoChecksum).toBe(want);
    }
  });
});

describe('I3: iso_checksum forms (ISOConfig.Prepare)', () => {
  const prep = async (isoChecksum: string, extra: Partial<ISOConfig> = {}) => {
    const c: ISOConfig = { isoUrl: 'http://example.invalid/x.iso', isoChecksum, ...extra };
    return { ...(await prepareISOConfig(c, root)), c };
  };
  it('type prefixes are case-insensitive and stored as type:lowerhex', async () => {
    const r = await prep(`SHA256:${SHA256.toUpperCase()}`);
    expect(r.errors).toEqual([]);
    expect(r.c.isoChecksum).toBe(`sha256:${SHA256}`);
  });
  it('a bare upper-case hex value takes its type from its length', async () => {
    expect((await prep(MD5.toUpperCase())).c.isoChecksum).toBe(`md5:${MD5}`);
    expect((await prep(SHA256.toUpperCase())).c.isoChecksum).toBe(`sha256:${SHA256}`);
    expect((await prep('ab'.repeat(20))).c.isoChecksum).toBe(`sha1:${'ab'.repeat(20)}`);
    expect((await prep('ab'.repeat(64))).c.isoChecksum).toBe(`sha512:${'ab'.repeat(64)}`);
  });
  it('errors: sha3, 63 hex characters, 62 (unknown length), non-hex, empty; `none` warns', async () => {
    expect((await prep('sha3:abcd')).errors).toEqual(['unsupported checksum type: sha3 in "sha3:abcd"']);
    const odd = 'a'.repeat(63);
    expect((await prep(odd)).errors).toEqual([`invalid checksum: encoding/hex: odd length hex string in "${odd}"`]);
    const short = 'a'.repeat(62);
    expect((await prep(short)).errors).toEqual([`Unknown type for checksum ${short} in "${short}"`]);
    expect((await prep('sha256:zz')).errors).toEqual(['invalid checksum: encoding/hex: invalid byte: U+007A \'z\' in "sha256:zz"'.replace("'z'", '"z"')]);
    expect((await prep('')).errors).toEqual(['A checksum must be specified']);
    expect(await prep('none')).toMatchObject({ errors: [], warnings: ["A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended."] });
  });
  it('iso_url and iso_urls: exactly one; iso_target_extension lower-cased, default iso', async () => {
    expect((await prep(MD5, { isoUrls: ['a'] })).errors).toEqual(['Only one of iso_url or iso_urls must be specified']);
    const none = { isoChecksum: MD5 } as ISOConfig;
    expect((await prepareISOConfig(none)).errors).toEqual(['One of iso_url or iso_urls must be specified']);
    const r = await prep(MD5, { isoTargetExtension: 'IMG' });
    expect(r.c).toMatchObject({ isoUrls: ['http://example.invalid/x.iso'], isoTargetExtension: 'img' });
    expect((await prep(MD5)).c.isoTargetExtension).toBe('iso');
  });
});
