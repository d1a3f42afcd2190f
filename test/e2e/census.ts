/**
 * The lifecycle census (issue 10 §2): a real build is stopped the ways Packer is stopped — SIGKILL
 * of the Packer core (a crash or an OOM kill looks the same), SIGTERM of the core, Ctrl-C (SIGINT
 * to the process group) and a double Ctrl-C — and what the plugin did afterwards is read from
 * the marker files the test builder leaves (`<Step>.started`, `<Step>.cleaned`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { groupMembers, startUntil, type InterruptWorkspace } from './interrupt.js';

/** How Packer is stopped. */
export type Stop = 'SIGKILL' | 'SIGTERM' | 'Ctrl-C' | 'double Ctrl-C';

/** Outcome of {@link buildAndStop}. */
export interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pgid: number;
  /** Pids of the processes of the group (plugins, commands) just before the stop. */
  pidsDuringBuild: number[];
  /** Pids of those still running when the wait for them ended (none if all exited). */
  survivors: number[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentOf(pid: number): number | undefined {
  const m = /^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `packer <args>` in its own process group, waits for `marker` on stdout (then `delayMs`),
 * stops it as `how` says (SIGKILL: the core, i.e. the parent of plugin `pluginFile`, and the
 * panicwrap wrapper; SIGTERM: the `packer` process; Ctrl-C: SIGINT to the group), waits for packer to exit, then for every process that was in its group
 * to exit too (at most `waitMs`).
 */
export async function buildAndStop(
  packer: string,
  pluginFile: string,
  ws: InterruptWorkspace,
  args: readonly string[],
  marker: string,
  how: Stop,
  { delayMs = 300, waitMs = 60_000 }: { delayMs?: number; waitMs?: number } = {},
): Promise<Stopped> {
  const build = await startUntil(packer, ws, args, marker);
  const pgid = build.pgid;
  await sleep(delayMs);
  const pidsDuringBuild = groupMembers(pgid)
    .map((l) => Number(l.split(/\s+/)[0]))
    .filter((pid) => pid !== pgid);
  switch (how) {
    case 'SIGKILL': {
      // the core is the plugin's parent: for 1.6.6 the child of its panicwrap wrapper (pgid)
      const plugin = groupMembers(pgid).find((l) => l.includes(pluginFile));
      const core = plugin === undefined ? undefined : parentOf(Number(plugin.split(/\s+/)[0]));
      if (core === undefined) throw new Error(`no plugin process ${pluginFile} in group ${pgid}:\n${groupMembers(pgid).join('\n')}`);
      process.kill(core, 'SIGKILL');
      if (core !== pgid) process.kill(pgid, 'SIGKILL');
      break;
    }
    case 'SIGTERM':
      process.kill(pgid, 'SIGTERM');
      break;
    case 'Ctrl-C':
      process.kill(-pgid, 'SIGINT');
      break;
    case 'double Ctrl-C':
      process.kill(-pgid, 'SIGINT');
      await sleep(200);
      try {
        process.kill(-pgid, 'SIGINT');
      } catch {
        // everything exited already
      }
      break;
  }
  const { code, signal } = await build.exited;
  const deadline = Date.now() + waitMs;
  let survivors = pidsDuringBuild.filter(alive);
  while (survivors.length > 0 && Date.now() < deadline) {
    await sleep(100);
    survivors = survivors.filter(alive);
  }
  for (const pid of survivors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return { code, signal, stdout: build.stdout(), stderr: build.stderr(), pgid, pidsDuringBuild, survivors };
}

/** Steps that started but whose cleanup did not end, from the marker directory. */
export function unfinishedCleanups(markerDir: string): { started: string[]; unfinished: string[] } {
  const names = existsSync(markerDir) ? readdirSync(markerDir) : [];
  const started = names.filter((n) => n.endsWith('.started')).map((n) => n.slice(0, -'.started'.length));
  const unfinished = started.filter((s) => !names.includes(`${s}.cleaned`));
  return { started: started.sort(), unfinished };
}
