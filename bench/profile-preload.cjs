// CPU-profiles a plugin process that Packer starts (Node refuses --cpu-prof in NODE_OPTIONS, and
// Packer SIGKILLs plugins, so no exit hook would run). Preload it through the upload benchmark:
//   BENCH_PLUGIN_NODE_OPTIONS="--require $PWD/bench/profile-preload.cjs" \
//   BENCH_PROFILE_DIR=/tmp/prof BENCH_PROFILE_MS=8000 node bench/upload.mjs 1024 1 ts
// It writes <dir>/plugin-<pid>.cpuprofile after BENCH_PROFILE_MS (default 8000) ms, or at exit if
// that comes first (a plugin that Packer kills earlier writes nothing: lower the delay). Open the file in Chrome DevTools (Performance tab) or VS Code. Not a benchmark.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
let stopped = false;
function stop() {
  if (stopped) return;
  stopped = true;
  // callbacks of an in-process session run synchronously, so this also works in an 'exit' handler
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    const dir = process.env.BENCH_PROFILE_DIR || process.cwd();
    fs.writeFileSync(path.join(dir, `plugin-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.on('exit', stop);
setTimeout(stop, Number(process.env.BENCH_PROFILE_MS) || 8000).unref();
