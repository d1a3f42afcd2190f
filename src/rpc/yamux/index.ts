/** yamux multiplexer (hashicorp/yamux wire protocol): frames, sessions, streams. */
export * from './frame.js';
export { YamuxStream, YamuxSessionClosedError, YamuxStreamResetError } from './stream.js';
export { YamuxSession, type YamuxSessionOptions } from './session.js';
