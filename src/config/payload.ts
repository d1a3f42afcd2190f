/**
 * The configuration payloads Packer sends to `Builder.Prepare` (protocol spec §8):
 * plain maps (JSON templates; the `packer_*` map has real booleans) and, for HCL2 templates,
 * the source block as cty JSON bytes `{"value": {...}, "type": [...]}`.
 */
import { checkJsonDepth, checkValueDepth, DepthLimitError } from './depth.js';

/** One configuration map, and whether it came from HCL2 (its `${…}` already evaluated by Packer; Go templates still rendered, see decode.ts). */
export interface ConfigPayload {
  readonly values: Readonly<Record<string, unknown>>;
  readonly hcl2: boolean;
  /** 1-based position among the raws, for messages. */
  readonly index: number;
}

/** A payload Packer could not have sent; `message` says what was wrong. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** A plain JSON-like object (not an array, not binary data). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value) || value instanceof Uint8Array || value instanceof Map) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** msgpack may hand maps over as `Map`s; turn them (deeply) into plain objects. */
function fromMaps(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      Object.defineProperty(out, String(k), {
        value: fromMaps(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (Array.isArray(value)) return value.map(fromMaps);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: fromMaps(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function describeRaw(raw: unknown): string {
  if (raw instanceof Uint8Array) return 'binary data';
  if (Array.isArray(raw)) return 'a list';
  return `a ${typeof raw}`;
}

/**
 * Parses the HCL2 cty-JSON bytes. Returns undefined for a `null` value (nothing to decode).
 */
export function parseCtyJson(bytes: Uint8Array, index: number): ConfigPayload | undefined {
  let doc: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // before parsing: a deep document must not reach JSON.parse or the decoder's recursion
    checkJsonDepth(text, 'cty JSON');
    doc = JSON.parse(text);
  } catch (e) {
    if (e instanceof DepthLimitError) {
      throw new PayloadError(`configuration #${index}: the HCL2 payload is nested too deeply: ${e.message}`);
    }
    throw new PayloadError(
      `configuration #${index}: the HCL2 payload is not valid cty JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!isPlainObject(doc) || !('value' in doc)) {
    throw new PayloadError(
      `configuration #${index}: the HCL2 payload must be a JSON object {"value": ..., "type": ...}`,
    );
  }
  const value = doc['value'];
  if (value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new PayloadError(
      `configuration #${index}: the HCL2 payload's "value" must be an object, got ${describeRaw(value)}`,
    );
  }
  return { values: value, hcl2: true, index };
}

/** Normalises the raws of `Builder.Prepare` into maps, in order; null and undefined are skipped. */
export function readPayloads(raws: readonly unknown[]): { payloads: ConfigPayload[]; errors: string[] } {
  const payloads: ConfigPayload[] = [];
  const errors: string[] = [];
  raws.forEach((raw, i) => {
    const index = i + 1;
    if (raw === null || raw === undefined) return;
    try {
      if (raw instanceof Uint8Array) {
        const payload = parseCtyJson(raw, index);
        if (payload) payloads.push(payload);
        return;
      }
      try {
        checkValueDepth(raw, 'configuration map');
      } catch (e) {
        if (!(e instanceof DepthLimitError)) throw e;
        throw new PayloadError(`configuration #${index}: ${e.message}`);
      }
      const plain = fromMaps(raw);
      if (!isPlainObject(plain)) {
        throw new PayloadError(
          `configuration #${index}: expected a map of settings, got ${describeRaw(raw)}`,
        );
      }
      payloads.push({ values: plain, hcl2: false, index });
    } catch (e) {
      if (!(e instanceof PayloadError)) throw e;
      errors.push(e.message);
    }
  });
  return { payloads, errors };
}
