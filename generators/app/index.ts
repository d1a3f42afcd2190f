/**
 * `yo packer-builder`: writes a Packer builder plugin project `packer-plugin-NAME`.
 *
 * Answers come from (later wins) the defaults, `.yo-rc.json` when re-run inside a generated
 * plugin, `--answers FILE`, flags, and prompts for whatever is still open (no prompts with
 * `--defaults` or `--answers`). Every answer is checked before anything is written; all
 * problems are reported together. Files go through Yeoman's conflict handling.
 */
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import Generator from 'yeoman-generator';
import {
  defaultAnswers,
  finishAnswers,
  listFlag,
  mergeRaw,
  nameFromFolder,
  problemsError,
  readAnswersObject,
  answersToJson,
  type RawAnswers,
} from '../lib/answers.js';
import type { Answers } from '../lib/model.js';
import { defaultSdk } from '../lib/package-root.js';
import { renderProject } from '../lib/project.js';
import { regenerateFromDisk } from '../lib/spec.js';
import { hasTerminal, queueFiles, readStoredAnswers, settleConflicts } from '../lib/writing.js';
import { registerAppOptions, type AppOptions } from './options.js';
import { askBasics, askFields } from './prompts.js';

const USAGE = `
Field syntax (--field, repeatable):
  NAME:TYPE[!][*][=DEFAULT][#DESCRIPTION]     ! required, * sensitive
  TYPE: string | number | int | bool | duration | enum(a|b) | string[] | number[] | bool[]
        | map(string) | map(number) | map(bool) | block{FIELD,…} | block[]{FIELD,…}
  DEFAULT: text for string/enum/duration ("…" for JSON strings), numbers, true/false,
           JSON for lists and maps (=["a","b"], ={"k":"v"})

Examples:
  yo packer-builder --defaults --name mybuilder
  yo packer-builder --name cloudvm --org acme --communicator local \\
     --field region:string! --field size:int=20 --field "mode:enum(fast|safe)=fast" \\
     --field tags:map(string) --field names:string[] --field timeout:duration=5m \\
     --field "disk:block{size_gb:int!,label:string}" --generated ImageId \\
     --step create-vm --step provision --step snapshot --defaults
  yo packer-builder --answers answers.json      (shape: templates/answers.example.json)

Without a terminal (stdin not a TTY: CI, a pipe, </dev/null) nothing is asked: give every
answer by flag, --answers FILE or --defaults, and settle files that differ with --force or
--skip-conflicts; otherwise the run fails, before writing anything, listing what is open.
--dry-run writes nothing, installs nothing and runs no git init.
`;

/** The flag that answers each question, for the no-terminal failure. */
const ANSWER_FLAGS: Readonly<Record<string, string>> = {
  name: '--name NAME',
  description: '--description TEXT',
  org: '--org ORG',
  author: '--author "NAME <EMAIL>"',
  license: '--license SPDX-ID',
  communicator: '--communicator none|local|ssh|custom',
  kit: '--kit none|vm',
  fields: '--field NAME:TYPE (repeatable)',
  generated: '--generated NAME (repeatable)',
  steps: '--step NAME (repeatable)',
  git: '--git or --no-git',
  install: '--install or --skip-install',
};

export default class PackerBuilderGenerator extends Generator {
  /** The checked answers (set in `configuring`). */
  answers?: Answers;
  #raw: RawAnswers = {};
  #interactive = true;
  #inPlace = false;
  /** The destination folder when this run created it (a dry run removes it again). */
  #createdRoot: string | undefined;

  constructor(args: string[], options: AppOptions) {
    // The project's npm install runs in its own folder, in `install` below.
    super(args, options, { customInstallTask: true });
    this.description = 'Scaffolds a Packer builder plugin written in TypeScript.';
    registerAppOptions(this);
  }

  /** The parsed flags. */
  get flags(): AppOptions {
    return this.options as AppOptions;
  }

  override help(): string {
    return `${super.help()}${USAGE}`;
  }

  /** Reads `.yo-rc.json`, the answers file and the flags; fails on any bad input. */
  async initializing(): Promise<void> {
    const problems: string[] = [];
    const o = this.flags;
    const stored = readStoredAnswers(this, problems);
    this.#inPlace = stored !== undefined && o.destination === undefined;

    let fromFile: RawAnswers = {};
    if (o.answers) fromFile = await readAnswersFile(this.env.cwd, o.answers, problems);

    const fromFlags: RawAnswers = {
      name: o.name,
      description: o.description,
      org: o.org,
      author: o.author,
      license: o.license,
      communicator: o.communicator,
      kit: o.kit,
      fields: listFlag(o.field, false),
      generated: listFlag(o.generated, true),
      steps: listFlag(o.step, true),
      git: o.git,
      install: o.install,
      sdk: o.sdk,
    };
    if (o.skipInstall || o['skip-install']) fromFlags.install = false;

    this.#raw = mergeRaw(stored ?? {}, fromFile, fromFlags);
    this.#interactive = !o.defaults && !o.answers;
    if (problems.length) throw problemsError(problems);
  }

  /** Asks for what is still open (nothing in `--defaults` / `--answers` mode). */
  async prompting(): Promise<void> {
    const name =
      (typeof this.#raw.name === 'string' ? this.#raw.name : undefined) ??
      nameFromFolder(basename(this.destinationRoot())) ??
      'mybuilder';
    const defaults = defaultAnswers(name, defaultSdk(), this.#raw.kit);
    if (!this.#interactive) {
      this.#raw = mergeRaw(defaults, this.#raw);
      return;
    }
    const askAll = this.flags.askAnswered === true;
    const missing = new Set(
      (['name', 'description', 'org', 'author', 'license', 'kit', 'communicator', 'generated', 'steps', 'git', 'install'] as const).filter(
        (k) => askAll || this.#raw[k] === undefined,
      ),
    );
    if (!hasTerminal()) {
      // No terminal: ask nothing; fail before writing, naming the flag for each open answer.
      // `kit` came later than the other answers: scripts written before it get its default (none).
      const open: string[] = [...missing].filter((k) => k !== 'kit' && !(k === 'communicator' && this.#raw.kit === 'vm'));
      if (this.#raw.fields === undefined || askAll) open.push('fields');
      if (open.length) {
        throw new Error(
          [
            `generator-packer-builder: there is no terminal to ask on (stdin is not a TTY), and ${open.length} answer(s) are open; nothing was written:`,
            ...open.map((k) => `  - ${k}: give ${ANSWER_FLAGS[k] ?? `--${k}`}`),
            'Or pass --defaults to take the default for every open answer, or --answers FILE (see templates/answers.example.json).',
          ].join('\n'),
        );
      }
      this.#raw = mergeRaw(defaults, this.#raw);
      return;
    }
    const asked = await askBasics(this, missing, mergeRaw(defaults, this.#raw));
    let fields = this.#raw.fields;
    if (fields === undefined || askAll) {
      const answered = await askFields(this);
      fields = answered.length ? answered : (fields ?? defaults.fields);
    }
    // A kit chosen at the prompt shapes the defaults of what was not asked (--kit vm: ssh, its steps).
    const kitDefaults = defaultAnswers(name, defaultSdk(), asked.kit ?? this.#raw.kit);
    this.#raw = mergeRaw(kitDefaults, this.#raw, asked, { fields });
  }

  /** Checks every answer, then picks the destination and records the answers. */
  configuring(): void {
    const result = finishAnswers(this.#raw, this.env.cwd);
    if (!result.answers) throw problemsError(result.problems);
    this.answers = result.answers;
    // An empty folder named packer-plugin-NAME is the project folder itself.
    const here = this.destinationRoot();
    const folderIsProject = basename(here) === `packer-plugin-${result.answers.name}` && isEmptyDir(here);
    if (!this.#inPlace && !folderIsProject) {
      // resolved here, not by destinationPath(), which refuses a folder outside the current one
      const target = resolve(here, this.flags.destination ?? `packer-plugin-${result.answers.name}`);
      this.#createdRoot = existsSync(target) ? undefined : target;
      this.destinationRoot(target);
    }
  }

  /** Whether this is a dry run (`--dry-run`): nothing written, installed or initialised. */
  get dryRun(): boolean {
    const env = (this.env as unknown as { options?: Record<string, unknown> }).options ?? {};
    return Boolean(this.flags.dryRun || this.flags['dry-run'] || env.dryRun || env['dry-run']);
  }

  /** A Yeoman conflicter flag, given to the generator or to the environment. */
  #envFlag(name: 'force' | 'bail'): boolean {
    const env = (this.env as unknown as { options?: Record<string, unknown> }).options ?? {};
    return Boolean(this.flags[name] || env[name]);
  }

  /**
   * Renders the project (answers → src/config.ts → regenerate-spec's model → every other file),
   * settles conflicts BEFORE queueing anything, and queues the files in mem-fs. The spec module
   * and the docs are not queued: they are derived after the commit from the src/config.ts that
   * is then on disk (the user may keep their own at the conflict prompt).
   */
  async writing(): Promise<void> {
    const a = this.answers as Answers;
    const { files } = await renderProject(a);
    const { write, kept } = settleConflicts(this, files, {
      force: this.#envFlag('force'),
      bail: this.#envFlag('bail'),
      skipConflicts: Boolean(this.flags.skipConflicts || this.flags['skip-conflicts']),
      terminal: hasTerminal(),
    });
    for (const p of kept) this.log(`kept ${p} (--skip-conflicts)`);
    this.config.set(answersToJson(a));
    queueFiles(this, write);
  }

  /**
   * After Yeoman's commit: the spec module and docs from the src/config.ts ON DISK (what
   * `npm run regenerate-spec` does), then npm install. A dry run does neither.
   */
  async install(): Promise<void> {
    const a = this.answers as Answers;
    if (this.dryRun) {
      this.log('Dry run: nothing was written, npm install and git init were not run.');
      return;
    }
    const result = await regenerateFromDisk(this.destinationRoot());
    for (const f of result.written) this.log(`regenerate-spec: wrote ${f}`);
    if (!a.install || this.flags.skipInstall || this.flags['skip-install']) return;
    await this.spawn('npm', ['install', '--no-audit', '--no-fund'], { cwd: this.destinationRoot() });
  }

  async end(): Promise<void> {
    const a = this.answers as Answers;
    if (this.dryRun) {
      // Yeoman creates the destination folder when it is chosen; a dry run leaves no trace.
      if (this.#createdRoot && isEmptyDir(this.#createdRoot)) rmdirSync(this.#createdRoot);
      return;
    }
    if (a.git) {
      try {
        await this.spawn('git', ['init', '--quiet'], { cwd: this.destinationRoot() });
      } catch (err) {
        this.log(`git init failed (${(err as Error).message}); run it yourself if you want a repository`);
      }
    }
    this.log(`
Your builder "${a.name}" is in ${this.destinationRoot()}.
Next: ${a.install ? '' : 'npm install && '}npm run build && npm test
Then replace every "TODO: replace with real work" in src/steps/ (see README.md).`);
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

async function readAnswersFile(cwd: string, file: string, problems: string[]): Promise<RawAnswers> {
  const { readFile } = await import('node:fs/promises');
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    problems.push(`--answers ${file}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of a JSON answers file`);
    return {};
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    problems.push(`--answers ${file}: not valid JSON (${(err as Error).message}); see templates/answers.example.json`);
    return {};
  }
  return readAnswersObject(obj, `--answers ${file}`, problems);
}
