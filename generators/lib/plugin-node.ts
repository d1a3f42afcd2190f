/**
 * How a generated plugin's Node runs: the flags its installed forms start Node with, and how its
 * bundle is minified. Rendered into the plugin's `scripts/build.mjs` (the single executable's
 * `execArgv`, the bundle's esbuild options) and `scripts/install-plugin.mjs` (the launcher line of
 * an installed bundle); `bench/upload-ssh.mjs` and `bench/ship.mjs` build their plugins with the
 * same values. Figures: bench/README.md, "SSH upload memory".
 */

/**
 * Node flags of every installed form of a generated plugin (the executable's `execArgv`, the
 * bundle's launcher line). Figures: bench/README.md, "SSH upload memory" (1 GiB uploads through
 * Packer, the plugin's peak RSS).
 * - `--max-semi-space-size=1`: V8's young generation stays at 1 MiB per semi-space (default: up
 *   to 16 MiB), so the ArrayBuffers of ssh2's per-packet buffers die at the next scavenge instead
 *   of piling up: 108–122 MB without it, 88–96 MB with it.
 * - `--no-concurrent-recompilation`: TurboFan optimizes on the main thread instead of a helper
 *   thread, whose compile zones stayed resident in that thread's malloc arena: about 5 MB less
 *   again, with no more CPU in the same runs.
 * - `--max-old-space-size=1024`: V8 lets the old generation grow by a factor of up to 4 between
 *   full GCs when its limit is 2 GiB or more (Node's default here: about 4 GiB), and by about 1.6
 *   at 1 GiB (V8's `MemoryController::MaxGrowingFactor`). Data-path objects that outlive two
 *   scavenges then wait for a full GC in a smaller heap: a 1 GiB sftp upload grew the heap by
 *   0.3 MB/s without a full GC for 27 s, and peaks 4–7 MB lower with it. 1 GiB of JS objects
 *   (Buffers are outside it) is far beyond what a builder holds; a plugin that needs more raises
 *   it in `scripts/build.mjs` and `scripts/install-plugin.mjs`.
 * None of them is in V8's flag hash (like the other heap-size and GC-thread flags), so Node keeps
 * using the code cache of its built-in modules and of the executable: start-up is no slower.
 *
 * Left out on purpose, measured: `--no-turbofan` and `--single-threaded` take the peak lower still,
 * but each is a V8 flag that changes V8's flag hash, so Node's own code cache for its built-in
 * modules is rejected and every start costs about 20 ms more (a 50 ms handshake became 73 ms),
 * and without TurboFan the upload needs about 25 % more CPU. So do `--max-lazy`,
 * `--optimize-for-size`, `--heap-growing-percent`, `--initial-old-space-size` and `--expose-gc`.
 * A plugin author who prefers the memory adds them in `scripts/build.mjs` and
 * `scripts/install-plugin.mjs`.
 */
export const PLUGIN_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--no-concurrent-recompilation', '--max-old-space-size=1024'];

/**
 * esbuild's minify options for a plugin's bundle: whitespace and syntax only. The heap holds the
 * source of every function (V8 compiles lazily from it), so less text is less memory (about
 * −3 MB on the SSH test plugin) and a faster parse; identifiers keep their names, so stack traces
 * in Packer's log still name the functions.
 */
export const PLUGIN_BUNDLE_MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;
