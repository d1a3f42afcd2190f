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
