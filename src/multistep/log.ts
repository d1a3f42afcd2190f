import type { Ui } from '../sdk/ui.js';
import { errorText } from './go-format.js';

/**
 * Writes a line to the plugin's stderr, which Packer copies into its log (`PACKER_LOG=1`);
 * stdout is reserved for the plugin handshake. Go: log.Printf.
 */
export function log(message: string): void {
  process.stderr.write(`[multistep] ${message}\n`);
}

/**
 * Calls a Ui method and never rejects: Go's Ui methods return nothing, so a broken Ui
 * (e.g. a closed RPC connection) must not change what the runner does; the failure is logged.
 */
export async function tell(ui: Ui, kind: 'say' | 'message' | 'error', message: string): Promise<void> {
  try {
    await ui[kind](message);
  } catch (error) {
    log(`Ui.${kind} failed (${errorText(error)}) for: ${message}`);
  }
}
