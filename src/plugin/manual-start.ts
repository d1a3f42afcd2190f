/** The text a plugin prints when someone runs it by hand (no magic cookie in the environment). */

/** Packer's magic cookie: the plugin refuses to serve without it. */
export const MAGIC_COOKIE_KEY = 'PACKER_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** Explains what the binary is, how to install it and how to use its builders. */
export function manualStartText(pluginName: string, version: string, builders: readonly string[]): string {
  const names = builders.length > 0 ? builders : [pluginName];
  const type = names[0] === '-packer-default-plugin-name-' ? pluginName : (names[0] as string);
  return [
    `This is a Packer builder plugin (${pluginName} ${version}), not a program to run by hand.`,
    `Packer starts it when a template uses its builder${names.length > 1 ? 's' : ''}: ${names.join(', ')}.`,
    '(Please do not execute plugins directly. Packer will execute these for you.)',
    '',
    'Install it (Packer 1.6):',
    '  npm run install-plugin        # from the plugin source directory: builds and copies it',
    `  # or copy this file to ~/.packer.d/plugins/packer-builder-${type} and make it executable,`,
    '  # or put the directory holding it in PACKER_PLUGIN_PATH.',
    '',
    'Use it in a template:',
    `  HCL2:  source "${type}" "example" { ... }`,
    `         build { sources = ["source.${type}.example"] }`,
    `  JSON:  { "builders": [ { "type": "${type}" } ] }`,
    '',
    'Then run: packer build <template>',
    `Other commands: "describe" prints the plugin's components as JSON; "--version" prints ${version}.`,
    '',
  ].join('\n');
}
