/** Collects SpecSyncProblems located at ts-morph nodes. */
import type { Node } from 'ts-morph';
import type { SpecSyncProblem } from './errors.js';

export class ProblemCollector {
  readonly problems: SpecSyncProblem[] = [];

  /** @param rootDir the plugin directory; problem files are reported relative to it. */
  constructor(private readonly rootDir: string) {}

  /** The file of a node, relative to the plugin directory. */
  fileOf(node: Node): string {
    return this.relative(node.getSourceFile().getFilePath());
  }

  relative(absolute: string): string {
    const root = this.rootDir.endsWith('/') ? this.rootDir : `${this.rootDir}/`;
    return absolute.startsWith(root) ? absolute.slice(root.length) : absolute;
  }

  /** A problem at the start of `node`. */
  at(node: Node, path: string, message: string, hint?: string): void {
    const sf = node.getSourceFile();
    const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
    this.problems.push({
      file: this.fileOf(node),
      line,
      column,
      path,
      message,
      ...(hint ? { hint } : {}),
    });
  }

  /** A problem about a whole file. */
  atFile(file: string, message: string, hint?: string): void {
    this.problems.push({ file, line: 0, column: 0, path: '', message, ...(hint ? { hint } : {}) });
  }
}
