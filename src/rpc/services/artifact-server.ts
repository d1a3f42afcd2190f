import type { Artifact } from '../../sdk/artifact.js';
import { mask } from './mask.js';

/** Serves an SDK {@link Artifact} as Packer's `Artifact` RPC service (rpc/artifact.go). */
export class ArtifactService {
  constructor(private readonly artifact: Artifact) {}

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

  State(name: unknown): unknown {
    return this.artifact.state(typeof name === 'string' ? name : '') ?? null;
  }

  /** A failure becomes an RPC error (never a body), which the core reports as `Error destroying builder artifact: …`. */
  async Destroy(): Promise<null> {
    await this.artifact.destroy();
    return null;
  }
}
