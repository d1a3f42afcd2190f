/** Serving a plugin to Packer: `servePlugin` and what it is made of. */
export { servePlugin, pickSingleBuilder, DEFAULT_COMPONENT_NAME, type PluginDefinition } from './serve.js';
export { parsePluginArgs, type PluginCommand } from './args.js';
export { listenForPacker, listenUnix, listenTcp, removeStaleSocketDirs, SOCKET_DIR_PREFIX, type PluginListener } from './listener.js';
export { manualStartText, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from './manual-start.js';
export { exitOnInterruptsUntilConnected, ignoreInterrupts, type InterruptPolicy } from './signals.js';
export { installLogSink, logFilePath, setLogTransform, type LogSink, type LogTransform } from './log-sink.js';
export { installCrashGuard, type CrashGuard, type FatalTarget } from './crash-guard.js';
