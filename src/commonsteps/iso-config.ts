/**
 * The ISO settings of virtual-machine builders (Go: packer-plugin-sdk
 * multistep/commonsteps/iso_config.go, `ISOConfig`, squashed into a builder's Config).
 * A plugin's `Config` extends {@link ISOConfig}; regenerate-spec spreads {@link isoConfigSpecEntries}.
 */
import { cty } from '../hcl/cty.js';
import { spec, type Spec } from '../hcl/spec.js';
import { checksumString, getChecksum } from './checksum.js';

export interface ISOConfig {
  /**
   * The checksum of the ISO: `sha256:…`, `sha1:…`, `md5:…`, `sha512:…` (type case-insensitive),
   * a bare hex value (type from its length), `file:URL` of a checksum file, or `none` (a warning).
   * After {@link prepareISOConfig}: `type:lowerhex` (or `none`). Required.
   */
  isoChecksum?: string;
  /** URL of the ISO (a local path, `file://`, `http(s)://`). One of iso_url / iso_urls is required. */
  isoUrl?: string;
  /** URLs tried in order. After {@link prepareISOConfig}: iso_url folded in first. */
  isoUrls?: string[];
  /** Where the download goes (default: Packer's cache, named after the checksum). */
  isoTargetPath?: string;
  /** Extension of the cached file (default `iso`, lower-cased). */
  isoTargetExtension?: string;
}

/** The spec entries of ISOConfig (all optional in the HCL spec, as in Go; checked by prepare). */
export const isoConfigSpecEntries: Readonly<Record<string, Spec>> = {
  iso_checksum: spec.attr('iso_checksum', cty.string, {
    property: 'isoChecksum',
    description:
      'Checksum of the ISO: `sha256:…`, `sha1:…`, `md5:…`, `sha512:…`, a bare hex value, `file:URL` of a checksum file, or `none`. Required.',
    // What examples show: the sha256 of the (empty) example file boot.iso; `sha256sum FILE` gives yours.
    example: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    requiredByPrepare: true,
  }),
  iso_url: spec.attr('iso_url', cty.string, {
    property: 'isoUrl',
    description: 'URL of the ISO: a local path, `file://…` or `http(s)://…`. This or `iso_urls` is required.',
    example: 'boot.iso',
    requiredByPrepare: true,
  }),
  iso_urls: spec.attr('iso_urls', cty.list(cty.string), {
    property: 'isoUrls',
    description: 'URLs of the ISO, tried in order until one downloads and matches the checksum.',
    example: null,
  }),
  iso_target_path: spec.attr('iso_target_path', cty.string, {
    property: 'isoTargetPath',
    description: "Path of the downloaded ISO (default: Packer's cache, `PACKER_CACHE_DIR`).",
    example: null,
  }),
  iso_target_extension: spec.attr('iso_target_extension', cty.string, {
    property: 'isoTargetExtension',
    description: 'Extension of the downloaded file.',
    default: 'iso',
    example: null,
  }),
};

/** What a shared config's prepare found (Go: `warnings []string, errs []error`). */
export interface PrepareProblems {
  readonly warnings: string[];
  readonly errors: string[];
}

/**
 * Checks and normalises an ISOConfig in place (Go: ISOConfig.Prepare): folds `iso_url` into
 * `iso_urls`, defaults `iso_target_extension` to `iso` (lower-cased), and parses `iso_checksum`
 * to `type:lowerhex` (reading a `file:` checksum file relative to `pwd`). Never throws: problems
 * come back with Go's messages.
 */
export async function prepareISOConfig(c: ISOConfig, pwd = process.cwd()): Promise<PrepareProblems> {
  const warnings: string[] = [];
  const errors: string[] = [];
  if ((c.isoUrls?.length ?? 0) !== 0 && c.isoUrl) {
    errors.push('Only one of iso_url or iso_urls must be specified');
    return { warnings, errors };
  }
  if (c.isoUrl) {
    c.isoUrls = [c.isoUrl, ...(c.isoUrls ?? [])];
    delete c.isoUrl;
  }
  if (!c.isoUrls || c.isoUrls.length === 0) {
    errors.push('One of iso_url or iso_urls must be specified');
    return { warnings, errors };
  }
  c.isoTargetExtension = (c.isoTargetExtension || 'iso').toLowerCase();
  const checksum = c.isoChecksum ?? '';
  if (checksum === 'none') {
    warnings.push("A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.");
    return { warnings, errors };
  }
  if (checksum === '') {
    errors.push('A checksum must be specified');
  } else {
    try {
      c.isoChecksum = checksumString(await getChecksum(checksum, c.isoUrls[0] as string, pwd));
    } catch (e) {
      errors.push(`${(e as Error).message} in ${JSON.stringify(checksum)}`);
    }
  }
  if ((c.isoChecksum ?? '').toLowerCase().endsWith('.iso')) {
    errors.push('Error parsing checksum: .iso is not a valid checksum ending');
  }
  return { warnings, errors };
}
