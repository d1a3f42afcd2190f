/**
 * How a generated plugin's Node runs: the flags its installed forms start Node with, and how its
 * bundle is minified. Rendered into the plugin's `scripts/build.mjs` (the single executable's
 * `execArgv`, the bundle's esbuild options) and `scripts/install-plugin.mjs` (the launcher line of
 * an installed bundle); `bench/upload-ssh.mjs` and `bench/ship.mjs` build their plugins with the
 * same values. Figures: bench/README.md, "SSH upload memory".
 */

/**
 * Node flags of every installed form of a generated plugin (the executable's `execArgv`, the
 * bundle's launcher line). `--max-semi-space-size=1`: V8's young generation stays at 1 MiB per
 * semi-space (default: up to 16 MiB), so the ArrayBuffers of ssh2's per-packet buffers die at the
 * next scavenge instead of piling up; a 1 GiB SSH upload peaked at 108–122 MB without it and at
 * 90–97 MB with it, at the same speed, and start-up is no slower.
 *
 * Left out on purpose, measured: `--no-turbofan` and `--single-threaded` take that peak to
 * 76–85 MB, but each is a V8 flag that changes V8's flag hash, so Node's own code cache for its
 * built-in modules is rejected and every start costs about 20 ms more (a 50 ms handshake became
 * 73 ms), and without TurboFan the upload needs about 25 % more CPU. A plugin author who prefers
 * the memory adds them in `scripts/build.mjs` and `scripts/install-plugin.mjs`.
 */
export const PLUGIN_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/**
 * esbuild's minify options for a plugin's bundle: whitespace and syntax only. The heap holds the
 * source of every function (V8 compiles lazily from it), so less text is less memory (about
 * −3 MB on the SSH test plugin) and a faster parse; identifiers keep their names, so stack traces
 * in Packer's log still name the functions.
 */
export const PLUGIN_BUNDLE_MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;
