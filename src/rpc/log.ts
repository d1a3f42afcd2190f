/** A sink for log lines (Go's `log.Printf` in plugins: stderr, no timestamps). */
export type LogFn = (line: string) => void;

/** Writes each line to stderr, where Packer's log (`PACKER_LOG=1`) picks it up. */
export const stderrLog: LogFn = (line) => {
  process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
};

/** Discards log lines. */
export const silentLog: LogFn = () => undefined;

/** The message of anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
