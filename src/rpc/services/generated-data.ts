/**
 * Checks generated data (HCL2 `build.*`, JSON `{{ build `Name` }}`) where the SDK hands it to
 * Packer: the provision hook's data and the artifact's `generated_data` state.
 *
 * Packer's core takes only what a Go builder can put there and its HCL2 code can convert
 * (packer `hcl2template` HCL2Provisioner / HCL2PostProcessor `HCL2Prepare`: string, int64,
 * uint64, bool; anything else is `unhandled buildvar type: %T`, and a JSON template prints a nil
 * as `<no value>`). So, before anything is sent:
 * - a key whose value is `undefined` is left out: it behaves as for a Go builder that never set
 *   it (HCL2 keeps the placeholder Packer made from the name `Prepare` declared);
 * - strings, booleans and safe integers pass;
 * - anything else (null, fractions, NaN, lists, maps, dates, bytes) is refused naming the key.
 */
import { goQuote } from '../../config/gostrconv.js';
import type { LogFn } from '../log.js';

/** A value Packer's core can turn into a build variable. */
export type GeneratedValue = string | number | boolean;

/** Generated data Packer could not use; the message names every bad key. */
export class GeneratedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratedDataError';
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${value}`;
    return Number.isInteger(value) ? `the integer ${value}, too large to be exact` : `the fraction ${value}`;
  }
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/**
 * Returns `data` with `undefined` values left out (each logged, naming the key), or null when
 * there is no data. Throws {@link GeneratedDataError} naming every key whose value Packer
 * cannot use, and for data that is not a map; `where` says which hand-off it is. With
 * `omitBad` (the cleanup provisioner, which runs after the build already failed) such keys are
 * left out and logged instead.
 */
export function checkGeneratedData(
  data: unknown,
  where: string,
  log?: LogFn,
  omitBad = false,
): Record<string, GeneratedValue> | null {
  if (data === undefined || data === null) return null;
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Map) {
    throw new GeneratedDataError(`${where}: generated data must be an object of names to values, got ${kindOf(data)}`);
  }
  const out: Record<string, GeneratedValue> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === undefined) {
      log?.(`${where}: generated data ${goQuote(key)} is undefined; left unset, as by a Go builder that never sets it`);
      continue;
    }
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isSafeInteger(value))
    ) {
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    problems.push(`${goQuote(key)} is ${kindOf(value)}`);
  }
  if (problems.length > 0) {
    const message =
      `${where}: generated data ${problems.join(', ')}; a build variable must be a string, a whole ` +
      'number or a boolean: store String(value) or JSON.stringify(value), or leave the key unset';
    if (!omitBad) throw new GeneratedDataError(message);
    log?.(`${message} (left out)`);
  }
  return out;
}
