/**
 * `packer-builder new`: runs the `packer-builder:app` generator in-process through
 * yeoman-environment's command support, so it takes exactly `yo packer-builder`'s flags but
 * needs no global `yo` and does not drop root privileges (yo switches root to `nobody`).
 */
import { fileURLToPath } from 'node:url';

export const APP_GENERATOR_PATH = fileURLToPath(
  new URL('../../generators/app/index.js', import.meta.url),
);

export async function runNew(args: readonly string[], cwd: string): Promise<number> {
  // No colour off a terminal: Yeoman's log symbols (yoctocolors) look only at TERM, so say it
  // before they are loaded (FORCE_COLOR=0 is honoured by Node's hasColors and by chalk).
  if (!process.stdout.isTTY || !process.stderr.isTTY) process.env.FORCE_COLOR = '0';
  const { prepareCommand } = await import('yeoman-environment');
  if (cwd !== process.cwd()) process.chdir(cwd);
  const command = await prepareCommand({
    resolved: APP_GENERATOR_PATH,
    namespace: 'packer-builder:app',
  });
  command.name('packer-builder new');
  await command.parseAsync(['node', 'packer-builder-new', ...args]);
  return 0;
}
