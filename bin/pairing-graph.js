#!/usr/bin/env node
'use strict';
// The planners' command line (src/cli/), run from its build in dist/ (`npm run build`).
let cli;
try {
  cli = require('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli/main.js')) {
    process.stderr.write('pairing-graph: not built yet; run `npm run build` (or `npm install`) in the project folder first.\n');
    process.exit(1);
  }
  throw err;
}
cli.main();
