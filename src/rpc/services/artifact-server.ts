import type { Artifact } from '../../sdk/artifact.js';
import { errorText, silentLog, type LogFn } from '../log.js';
import { checkGeneratedData } from './generated-data.js';
import { mask } from './mask.js';

/** Serves an SDK {@link Artifact} as Packer's `Artifact` RPC service (rpc/artifact.go). */
export class ArtifactService {
  constructor(
    private readonly artifact: Artifact,
    private readonly log: LogFn = silentLog,
  ) {}

  BuilderId(): string {
    return this.artifact.builderId();
  }

  async Files(): Promise<string[] | null> {
    const files = await this.artifact.files();
    return files.length === 0 ? null : [...files];
  }

  async Id(): Promise<string> {
    return this.artifact.id();
  }

  async String(): Promise<string> {
    return mask(await this.artifact.string());
  }

  /**
   * The artifact's state; `generated_data` as checkGeneratedData leaves it (Go's client turns an
   * RPC error here into a silent nil, so a bad value is logged and none is given; Builder.Run has
   * already refused it with its key named).
   */
  State(name: unknown): unknown {
    const key = typeof name === 'string' ? name : '';
    const value = this.artifact.state(key) ?? null;
    if (key !== 'generated_data') return value;
    try {
      return checkGeneratedData(value, "the artifact's generated_data state", this.log);
    } catch (err) {
      this.log(`[ERR] ${errorText(err)}`);
      return null;
    }
  }

  /** A failure becomes an RPC error (never a body), which the core reports as `Error destroying builder artifact: …`. */
  async Destroy(): Promise<null> {
    await this.artifact.destroy();
    return null;
  }
}
