/**
 * The app generator's command-line flags. Every prompt has a flag; `--help` lists them with
 * these descriptions (plus Yeoman's own `--force`, `--dry-run`, `--skip-install`, …).
 */
import type Generator from 'yeoman-generator';
import type { BaseOptions } from 'yeoman-generator';
import { TYPE_FORMS } from '../lib/field-syntax.js';

/** The options object the app generator reads (flags after Yeoman's parsing). */
export type AppOptions = BaseOptions & {
  name?: string;
  description?: string;
  org?: string;
  author?: string;
  license?: string;
  communicator?: string;
  kit?: string;
  field?: unknown;
  generated?: unknown;
  step?: unknown;
  answers?: string;
  defaults?: boolean;
  sdk?: string;
  destination?: string;
  git?: boolean;
  install?: boolean;
  'skip-install'?: boolean;
  dryRun?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  bail?: boolean;
  skipConflicts?: boolean;
  'skip-conflicts'?: boolean;
};

type OptionSpec = Parameters<Generator['option']>[1] & { name: string };

/** One row per flag, in the order `--help` shows them. */
export const APP_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'name',
    type: String,
    description: 'Builder name: the Packer type and the project packer-plugin-NAME (lower-case, hyphens)',
  },
  { name: 'description', type: String, description: 'One-line description (package.json, README)' },
  {
    name: 'org',
    type: String,
    description: 'Organisation: the BuilderId is "<org>.<name>" (default: example)',
  },
  { name: 'author', type: String, description: 'package.json author, e.g. "Jane Doe <jane@example.com>"' },
  { name: 'license', type: String, description: 'SPDX license id (default: MPL-2.0)' },
  {
    name: 'field',
    type: Array,
    description:
      `Config field, repeatable: NAME:TYPE[!][*][=DEFAULT][#DESCRIPTION]; ! required, * sensitive; TYPE: ${TYPE_FORMS}. ` +
      'E.g. --field region:string! --field size:int=20 --field "mode:enum(fast|safe)=fast"',
  },
  {
    name: 'generated',
    type: Array,
    description: 'Generated-data name (PascalCase, ${build.NAME}), repeatable or comma-separated',
  },
  {
    name: 'step',
    type: Array,
    description:
      'Step name (kebab-case), repeatable or comma-separated, in run order; "provision" places the provisioners (default: after the last step)',
  },
  {
    name: 'communicator',
    type: String,
    description:
      'What provisioners talk to: none (shell-local only), local (shell/file run on this machine), ssh (connect to ssh_host with Packer\'s ssh_* settings) or custom (a Communicator class of your own)',
  },
  {
    name: 'kit',
    type: String,
    description:
      'The plugin\'s shape: none (a plain builder, default) or vm (a VM builder: ISO download, HTTP server, boot command typed through src/driver.ts, SSH connect, provision, shutdown; implies --communicator ssh)',
  },
  {
    name: 'answers',
    type: String,
    description: 'JSON file with the whole answer set (see templates/answers.example.json); flags override it',
  },
  { name: 'defaults', type: Boolean, description: 'Ask nothing: use the defaults for every answer not given' },
  {
    name: 'sdk',
    type: String,
    description:
      'How the project depends on generator-packer-builder: a version range, a checkout path or an npm pack .tgz (default: file:<this generator\'s folder>, or ^<this version> when it was installed from a registry)',
  },
  {
    name: 'destination',
    type: String,
    description: 'Folder to write (default: ./packer-plugin-NAME, or . when run inside a generated plugin)',
  },
  { name: 'git', type: Boolean, description: 'Run git init in the new project (--no-git to skip)' },
  {
    name: 'install',
    type: Boolean,
    description: 'Run npm install in the new project (--no-install or --skip-install to skip)',
  },
  {
    name: 'skip-conflicts',
    type: Boolean,
    description:
      'Keep every existing file that differs from what would be written (no question; the spec and docs still follow src/config.ts)',
  },
];

/** Registers every flag on `gen`. */
export function registerAppOptions(gen: Pick<Generator, 'option'>): void {
  for (const { name, ...spec } of APP_OPTIONS) gen.option(name, spec);
}
