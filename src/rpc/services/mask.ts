/**
 * The one place the RPC services mask secrets (values registered with `src/secrets`) in
 * text that leaves the plugin: Ui output, error and warning texts, artifact descriptions.
 */
import { redact } from '../../secrets/index.js';

/** `text` with every registered secret replaced by `<sensitive>`. */
export function mask(text: string): string {
  return redact(text);
}
