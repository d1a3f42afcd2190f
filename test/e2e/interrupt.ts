/**
 * Ctrl-C and leftover checks of the shared end-to-end suite (every Packer of packers.ts):
 * a build is started in its own process group,
 * interrupted like a terminal does (SIGINT to the whole group), and what is left is inspected.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** What a Ctrl-C'd build needs from a workspace. */
export interface InterruptWorkspace {
  /** Working directory of packer. */
  root: string;
  /** The TMPDIR given to packer (and so to the plugin). */
  tmp: string;
  env: NodeJS.ProcessEnv;
}

/** Outcome of {@link buildAndInterrupt}. */
export interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Process group (= pid) of the packer run. */
  pgid: number;
  /** `pid pgid args` of every process in the group just before the SIGINT. */
  groupDuringBuild: string[];
  /** `packer-plugin-*` socket directories in TMPDIR just before the SIGINT. */
  socketDirsDuringBuild: string[];
}

/** Processes whose process group is `pgid`, as `pid pgid args` (none once everything exited). */
export function groupMembers(pgid: number): string[] {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l.split(/\s+/)[1] === String(pgid));
}

/** Processes whose command line is exactly `args`. */
export function processesRunning(args: string): string[] {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.trim().replace(/^\d+\s+/, '') === args);
}

/** A packer run started by {@link startUntil}, past its marker. */
export interface StartedBuild {
  /** Process group (= pid) of the packer run. */
  pgid: number;
  /** Output so far (it keeps growing until packer exits). */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `packer <args>` in its own process group and resolves once `marker` is on stdout (at
 * most 60 s). When the marker never comes (timeout, or packer exited first), kills the group
 * and rejects with the output.
 */
export async function startUntil(packer: string, ws: InterruptWorkspace, args: readonly string[], marker: string): Promise<StartedBuild> {
  const child = spawn(packer, args, { cwd: ws.root, env: ws.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid as number;
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const reached = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never saw ${JSON.stringify(marker)}:\n${stdout}\n${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`packer exited before ${JSON.stringify(marker)}:\n${stdout}\n${stderr}`));
    });
  });
  try {
    await reached;
  } catch (err) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    throw err;
  }
  return { pgid, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * Starts `packer <args>` in its own process group, waits for `marker` on stdout (at most
 * 60 s), then sends SIGINT to the group, as Ctrl-C in a terminal does. Resolves once packer
 * has exited (plus 200 ms for its children to be reaped).
 */
export async function buildAndInterrupt(
  packer: string,
  ws: InterruptWorkspace,
  args: readonly string[],
  marker: string,
): Promise<Interrupted> {
  const build = await startUntil(packer, ws, args, marker);
  const pgid = build.pgid;
  const groupDuringBuild = groupMembers(pgid);
  const socketDirsDuringBuild = readdirSync(ws.tmp).filter((n) => n.startsWith('packer-plugin-'));
  process.kill(-pgid, 'SIGINT');
  const { code } = await build.exited;
  await new Promise((r) => setTimeout(r, 200));
  return { code, stdout: build.stdout(), stderr: build.stderr(), pgid, groupDuringBuild, socketDirsDuringBuild };
}

/**
 * An HCL2 template with one `source "<type>" "<name>"` (machines under `<root>/machines-<name>`,
 * artifact in `<root>/out`, `extra` lines added to the source) and one shell provisioner that
 * echoes `provisioned`.
 */
export function provisionedTemplate(type: string, name: string, root: string, extra: string): string {
  return `source "${type}" "${name}" {
  message    = "${name}"
  root_dir   = "${root}/machines-${name}"
  output_dir = "${root}/out"
${extra}
}
build {
  sources = ["source.${type}.${name}"]
  provisioner "shell" {
    inline = ["echo provisioned"]
  }
}
`;
}

/**
 * An HCL2 template whose shell provisioner prints `long command starts` and then runs
 * `exec sleep 4567` (the Ctrl-C-during-a-command case).
 */
export function longCommandTemplate(type: string, name: string, root: string): string {
  return `source "${type}" "${name}" {
  message    = "${name}"
  root_dir   = "${root}/machines-${name}"
  output_dir = "${root}/out"
}
build {
  sources = ["source.${type}.${name}"]
  provisioner "shell" {
    inline = ["echo long command starts", "exec sleep 4567"]
  }
}
`;
}
