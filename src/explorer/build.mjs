// `npm run build:explorer`: bundles the workbench page (app.ts and views/, with Cytoscape.js, the parts of
// Apache ECharts it uses and the typed GraphQL documents) and GraphiQL's start-up script with esbuild into
// dist/explorer/, and copies the page, its CSS, the browser builds of GraphiQL 3 and React 18 and ExcelJS's
// browser build (loaded by the page only to write a chart's .xlsx) from node_modules next to them. The
// server serves that folder itself: nothing is loaded from a CDN.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'dist/explorer');
const require = createRequire(path.join(root, 'package.json'));
const pkgDir = (name) => path.dirname(require.resolve(`${name}/package.json`));

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'vendor'), { recursive: true });

await build({
  entryPoints: { app: path.join(here, 'app.ts'), graphiql: path.join(here, 'graphiql.ts') },
  outdir: out,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  tsconfig: path.join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  logLevel: 'warning',
});

for (const file of ['index.html', 'graphiql.html', 'app.css']) copyFileSync(path.join(here, file), path.join(out, file));

// GraphiQL 3's UMD build (it reads React and ReactDOM from globals) and React 18's UMD builds.
const vendor = [
  ['react', 'umd/react.production.min.js', 'react.production.min.js'],
  ['react-dom', 'umd/react-dom.production.min.js', 'react-dom.production.min.js'],
  ['graphiql', 'graphiql.min.js', 'graphiql.min.js'],
  ['graphiql', 'graphiql.min.css', 'graphiql.min.css'],
  ['exceljs', 'dist/exceljs.min.js', 'exceljs.min.js'],
  ['exceljs', 'LICENSE', 'LICENSE.exceljs.txt'],
  ['react', 'LICENSE', 'LICENSE.react.txt'],
  ['graphiql', 'LICENSE', 'LICENSE.graphiql.txt'],
];
for (const [pkg, from, to] of vendor) copyFileSync(path.join(pkgDir(pkg), from), path.join(out, 'vendor', to));

if (process.env.npm_config_loglevel !== 'silent') console.log(`explorer built into ${path.relative(root, out)}/`);
