/**
 * Downloads a file (an ISO) into Packer's cache, verified by checksum (Go: packer-plugin-sdk
 * multistep/commonsteps/step_download.go over go-getter). Local paths and `file://` URLs are used
 * in place (verified, not copied); http(s) downloads go to `<PACKER_CACHE_DIR>/<sha1>.<ext>`, where
 * `<sha1>` is the hex SHA-1 of the normalised checksum (`sha256:…`), or of the URL when the
 * checksum is `none` or empty. A cache entry that exists and matches the checksum is used without
 * a request. Bytes go to a temporary `*.part` file next to the target that is renamed into place
 * only after the checksum matched, so a cancelled or failed download never leaves a cache entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { log, tell } from '../multistep/log.js';
import type { BaseState, StateBag } from '../multistep/state-bag.js';
import type { Step, StepAction } from '../multistep/step.js';
import { ChecksumMismatchError, checksumString, getChecksum, verifyChecksum, type FileChecksum } from './checksum.js';

/**
 * Packer's cache directory (Go: packer.CachePath): `PACKER_CACHE_DIR`, else `packer_cache` in the
 * working directory, made absolute and created; `parts` are joined below it.
 */
export async function cachePath(...parts: string[]): Promise<string> {
  const dir = resolve(process.env.PACKER_CACHE_DIR || 'packer_cache');
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return join(dir, ...parts);
}

export interface StepDownloadOptions {
  /** The checksum (`type:hex`, bare hex, `file:URL`, `none` or empty). */
  checksum?: string;
  /** What is downloaded, for the Ui (`ISO`). */
  description: string;
  /** The state key that receives the local path (e.g. `iso_path`). */
  resultKey: string;
  /** The target path (Go: TargetPath); a path without extension is a directory. Default: the cache. */
  targetPath?: string;
  /** The URLs, tried in order. */
  urls: readonly string[];
  /** The cache file's extension (`iso`). */
  extension?: string;
  /** The directory `file:` checksums and relative paths resolve against (default: the working directory). */
  pwd?: string;
}

/** What the step puts in state besides `resultKey`. */
export interface DownloadState extends BaseState {
  /** The URL that was used (Go: `SourceImageURL`). */
  SourceImageURL: string;
}

const isRemote = (u: string): boolean => /^https?:\/\//i.test(u);

export class StepDownload implements Step<DownloadState> {
  readonly name = 'StepDownload';
  constructor(readonly options: StepDownloadOptions) {}

  /**
   * The cache target for `source` (Go: UseSourceToFindCacheTarget): sha1 of the checksum (or of
   * the URL when there is none) + `.<extension>`, in the cache or under `targetPath`.
   */
  async cacheTarget(source: string, checksum: FileChecksum | undefined): Promise<string> {
    const key = checksum ? checksumString(checksum) : source;
    const sum = createHash('sha1').update(key).digest('hex');
    const ext = this.options.extension;
    const { targetPath } = this.options;
    if (!targetPath) return cachePath(ext ? `${sum}.${ext}` : sum);
    if (extname(targetPath) === '') return join(targetPath, `${sum}.${ext || 'iso'}`);
    return resolve(targetPath);
  }

  async run(state: StateBag<DownloadState>, signal: AbortSignal): Promise<StepAction> {
    const { urls, description } = this.options;
    if (urls.length === 0) {
      log('No URLs were provided to Step Download. Continuing...');
      return 'continue';
    }
    const ui = state.require('ui');
    await tell(ui, 'say', `Retrieving ${description}`);
    const errs: string[] = [];
    for (const source of urls) {
      if (signal.aborted) {
        state.put('error', new Error(`Download cancelled: [${errs.join(' ')}]`));
        return 'halt';
      }
      await tell(ui, 'say', `Trying ${source}`);
      try {
        const dst = await this.download(state, source, signal);
        (state as unknown as StateBag<Record<string, unknown>>).put(this.options.resultKey, dst);
        state.put('SourceImageURL', source);
        return 'continue';
      } catch (e) {
        if (signal.aborted) {
          state.put('error', new Error(`Download cancelled: ${(e as Error).message}`));
          return 'halt';
        }
        errs.push((e as Error).message);
      }
    }
    const err = new Error(`error downloading ${description}: [${errs.join(' ')}]`);
    state.put('error', err);
    await tell(ui, 'error', err.message);
    return 'halt';
  }

  private async download(state: StateBag<DownloadState>, source: string, signal: AbortSignal): Promise<string> {
    const ui = state.require('ui');
    const pwd = this.options.pwd ?? process.cwd();
    const raw = this.options.checksum ?? '';
    const checksum = raw === '' || raw === 'none' ? undefined : await getChecksum(raw, source, pwd, signal);
    if (!isRemote(source)) {
      // Local files are used in place (go-getter's FileGetter with Inplace), after the checksum check.
      const path = /^file:/i.test(source) ? (source.startsWith('file://') ? fileURLToPath(source) : source.slice(5)) : source;
      const abs = resolve(pwd, path);
      await stat(abs);
      if (checksum) await verifyChecksum(abs, checksum);
      await tell(ui, 'say', `${source} => ${abs}`);
      return abs;
    }
    const target = await this.cacheTarget(source, checksum);
    if (checksum && (await exists(target))) {
      try {
        await verifyChecksum(target, checksum);
        log(`Using cached ${target} for ${source}`);
        await tell(ui, 'say', `${source} => ${target}`);
        return target;
      } catch (e) {
        if (!(e instanceof ChecksumMismatchError)) throw e;
        log(`Cached ${target} does not match the checksum; downloading again`);
      }
    }
    await mkdir(dirname(target), { recursive: true });
    const part = `${target}.${randomBytes(4).toString('hex')}.part`;
    try {
      const res = await fetch(source, { signal });
      if (!res.ok || !res.body) throw new Error(`bad response code: ${res.status}`);
      const total = Number(res.headers.get('content-length') ?? 0);
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
      // The Ui's progress stream may not forward the body's errors (an abort); the pipeline's
      // signal ends the copy, so the body's own error needs no second report.
      body.on('error', () => undefined);
      await pipeline(ui.trackProgress(source, 0, total, body), createWriteStream(part, { mode: 0o644 }), { signal });
      if (checksum) {
        try {
          await verifyChecksum(part, checksum);
        } catch (e) {
          if (e instanceof ChecksumMismatchError) await tell(ui, 'say', `Checksum did not match, removing ${target}`);
          throw e instanceof ChecksumMismatchError ? new ChecksumMismatchError(target, e.expected, e.actual, e.type) : e;
        }
      }
      await rename(part, target);
    } catch (e) {
      await rm(part, { force: true });
      if (!(e instanceof ChecksumMismatchError) && !signal.aborted) await tell(ui, 'say', `Download failed ${(e as Error).message}`);
      throw e;
    }
    await tell(ui, 'say', `${source} => ${target}`);
    return target;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
