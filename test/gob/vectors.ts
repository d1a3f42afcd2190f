/** Paths to the captured Packer 1.6.6 vectors (shared/ sits beside the repo). */
import { readFileSync } from 'node:fs';

const VECTORS = new URL('../../../shared/vectors/packer-1.6.6/', import.meta.url);

/** Bytes of a vector file, e.g. `configspec/configspec-builder-file.gob`. */
export function vectorBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, VECTORS)));
}

/** Text of a vector file. */
export function vectorText(path: string): string {
  return readFileSync(new URL(path, VECTORS), 'utf8');
}

/** Parsed JSON of a vector file. */
export function vectorJson(path: string): unknown {
  return JSON.parse(vectorText(path));
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The Go-captured builder ConfigSpecs that have a `.decoded.json`. */
export const GO_SPECS = ['file', 'null', 'googlecompute', 'vsphere-iso'] as const;

/** The distinct nested cty.Type streams listed in a capture's annotated dump. */
export function annotatedCtyStreams(builder: string): { usedAt: string; bytes: Uint8Array }[] {
  const text = vectorText(`configspec/configspec-builder-${builder}.annotated.txt`);
  const out: { usedAt: string; bytes: Uint8Array }[] = [];
  for (const m of text.matchAll(
    /^--- nested GobEncode\(\) stream \((\d+) bytes\) first used at (\S+): ([0-9a-f]+)$/gm,
  )) {
    const bytes = fromHex(m[3] ?? '');
    if (bytes.length !== Number(m[1])) throw new Error(`bad stream line for ${m[2]}`);
    out.push({ usedAt: m[2] ?? '', bytes });
  }
  return out;
}
