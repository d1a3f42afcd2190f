import { declareFatal, FatalBuildError } from '../../multistep/fatal.js';
import type { Builder } from '../../sdk/builder.js';
import type { MuxBroker } from '../broker.js';
import { dialClient, serveOn } from '../endpoints.js';
import { errorText, type LogFn } from '../log.js';
import { isRecord } from '../netrpc/codec.js';
import { RpcServer } from '../netrpc/server.js';
import { ArtifactService } from './artifact-server.js';
import { encodeConfigSpecFor, type ConfigSpecEncoding } from './config-spec.js';
import { checkGeneratedData } from './generated-data.js';
import { RemoteHook } from './hook-client.js';
import { mask } from './mask.js';
import { RemoteUi } from './ui-client.js';

/** Options of a {@link BuilderService}. */
export interface BuilderServiceOptions {
  /** gob name of nested ObjectSpecs; must match the launching Packer build. */
  objectSpecName: string;
  /** `protobuf` when started with `--protobuf` (Packer >= 1.12). Default `gob`. */
  configSpecEncoding?: ConfigSpecEncoding;
  log: LogFn;
}

/** Reply of `Builder.Prepare` (Go: BuilderPrepareResponse). */
export interface PrepareReply {
  GeneratedVars: string[] | null;
  Warnings: string[];
  Error: { Message: string } | null;
}

/**
 * Serves an SDK {@link Builder} as Packer's `Builder` RPC service on broker id 0
 * (packer-plugin-sdk/rpc/builder.go): ConfigSpec, Prepare, Run, Cancel.
 */
export class BuilderService {
  private readonly abort = new AbortController();
  /** The `builder.run` in flight, settled either way (undefined between builds). */
  private running: Promise<void> | undefined;
  /** Set when a fatal error or the loss of the connection aborted the build. */
  private failure: Error | undefined;
  private giveUp: ((error: Error) => void) | undefined;

  constructor(
    private readonly builder: Builder,
    private readonly broker: MuxBroker,
    private readonly options: BuilderServiceOptions,
  ) {}

  /** `{ConfigSpec: bytes}`; only HCL2 templates ask for it. */
  async ConfigSpec(): Promise<{ ConfigSpec: Uint8Array }> {
    try {
      const bytes = encodeConfigSpecFor(
        this.builder.configSpec(),
        this.options.configSpecEncoding ?? 'gob',
        this.options.objectSpecName,
      );
      return { ConfigSpec: bytes };
    } catch (err) {
      // Packer 1.6.6 panics on a ConfigSpec error; make sure the cause is in its log.
      this.options.log(`[ERR] ConfigSpec failed: ${errorText(err)}`);
      throw err;
    }
  }

  /**
   * Passes `Configs` to `builder.prepare` as they came: plain objects for JSON templates,
   * the cty-JSON `Uint8Array` for HCL2. A rejection becomes `Error.Message` (the RPC succeeds).
   */
  async Prepare(args: unknown): Promise<PrepareReply> {
    const raws = isRecord(args) && Array.isArray(args.Configs) ? (args.Configs as unknown[]) : [];
    try {
      const result = await this.builder.prepare(...raws);
      return {
        GeneratedVars: [...result.generatedData],
        Warnings: result.warnings.map(mask),
        Error: null,
      };
    } catch (err) {
      return { GeneratedVars: null, Warnings: [], Error: { Message: mask(errorText(err)) } };
    }
  }

  /**
   * Dials the core's Ui/Hook server `c1`, runs the build, serves the artifact on a new
   * broker id and replies that id (0: no artifact). The c1 client is closed (FIN) before
   * the reply, as Go's deferred Close does.
   */
  async Run(c1: unknown): Promise<number> {
    if (typeof c1 !== 'number') throw new Error(`Builder.Run: expected a broker id, got ${JSON.stringify(c1)}`);
    const client = await dialClient(this.broker, c1);
    const ui = new RemoteUi(client, this.options.log);
    const hook = new RemoteHook(client, this.broker, this.options.log);
    const work = this.builder.run(ui, hook, this.abort.signal);
    this.running = work.then(
      () => undefined,
      () => undefined,
    );
    // After a fatal error, a builder that never settles (it ignores the signal) still gets an answer.
    const gaveUp = new Promise<never>((_resolve, reject) => {
      this.giveUp = reject;
    });
    gaveUp.catch(() => undefined);
    try {
      let artifact;
      try {
        artifact = await Promise.race([work, gaveUp]);
      } catch (err) {
        throw new Error(mask(errorText(this.failure ?? err)));
      }
      if (this.failure) throw new Error(mask(errorText(this.failure)));
      if (artifact === undefined || artifact === null) return 0;
      try {
        // Go's artifact client drops State errors silently: refuse bad build variables here, by name
        checkGeneratedData(await artifact.state('generated_data'), "the artifact's generated_data state", this.options.log);
      } catch (err) {
        throw new Error(mask(errorText(err)));
      }
      const id = this.broker.nextId();
      const server = new RpcServer();
      server.register('Artifact', new ArtifactService(artifact, this.options.log));
      void serveOn(this.broker, id, server, this.options.log);
      return id;
    } finally {
      this.running = undefined;
      this.giveUp = undefined;
      client.close();
    }
  }

  /** True while `builder.run` runs. */
  get building(): boolean {
    return this.running !== undefined;
  }

  /**
   * Ends the running build with `error`: aborts the signal `run` got (with `error` as its
   * reason; a {@link FatalBuildError} makes the runner stop waiting for the running step), and
   * makes `Run` answer `error` even if `run` resolves. If `run` has not settled `giveUpAfterMs`
   * later (it ignores the signal), `Run` answers anyway. Returns false when no build runs.
   */
  fail(error: Error, giveUpAfterMs: number): boolean {
    if (this.running === undefined) return false;
    this.failure ??= error;
    if (!this.abort.signal.aborted) this.abort.abort(error);
    else if (error instanceof FatalBuildError) declareFatal(this.abort.signal, error);
    const giveUp = this.giveUp;
    if (giveUp) setTimeout(() => giveUp(error), giveUpAfterMs).unref();
    return true;
  }

  /**
   * Resolves true once the running `builder.run` settled (its cleanups ran), or false when
   * `timeoutMs` passed first. Resolves true at once when no build runs.
   */
  async settled(timeoutMs: number): Promise<boolean> {
    const running = this.running;
    if (running === undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([running.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Aborts the signal `run` got (Ctrl-C in Packer). */
  Cancel(): null {
    if (!this.abort.signal.aborted) {
      this.options.log('Cancelling builder after receiving Builder.Cancel');
      this.abort.abort(new Error('build was cancelled'));
    }
    return null;
  }
}
