/** Communicators that ship with the SDK. */
export { compileExcludes, globToRegExp, type ExcludeMatcher } from './exclude.js';
export { GO_MODE_PERM, GO_MODE_TYPE, goPerm, isGoRegular } from './file-mode.js';
export {
  LocalCommunicator,
  SIGNALLED_EXIT_STATUS,
  copiesContentsOnly,
  type LocalCommunicatorOptions,
} from './local.js';
export { copyToWritable } from './stream-copy.js';
