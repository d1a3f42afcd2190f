/** Loads the captured Packer 1.6.6 vectors used as decode inputs. */
import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';

const VECTORS = new URL('../../../shared/vectors/packer-1.6.6/', import.meta.url);

/** The `Configs` array of a captured `Builder.Prepare` request, decoded as Packer sent it. */
export function prepareConfigs(name: string): unknown[] {
  const vector = JSON.parse(readFileSync(new URL(`rpc/${name}.json`, VECTORS), 'utf8')) as {
    bodyHex: string;
  };
  const body = decode(Buffer.from(vector.bodyHex, 'hex')) as { Configs: unknown[] };
  return body.Configs;
}

/** The exact bytes of a captured cty-JSON document (`misc/*.raw.json`). */
export function rawBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, VECTORS)));
}
