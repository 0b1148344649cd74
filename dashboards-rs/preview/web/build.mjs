// Builds dist/: index.html (the page the host serves at /d/{uid}), preview.js (+ preview.css) and @grafana/ui's
// icons under img/icons/, all served by the host at /public/preview/{file}.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
const PUBLIC = '/public/preview/';

// @grafana/runtime's plugin loader imports SystemJS (Grafana's page provides it, and it resolves these extensionless
// paths through webpack); the preview loads no plugin code, so they are empty modules here.
const noPluginLoader = {
  name: 'no-plugin-loader',
  setup(build) {
    build.onResolve({ filter: /^systemjs(\/dist\/.*)?$|^systemjs-cjs-extra$/ }, (args) => ({ path: args.path, namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

const result = await esbuild.build({
  entryPoints: { preview: path.join(root, 'src/main.tsx') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  // @grafana/ui and its dependencies read process.env.NODE_ENV and `global` as a webpack build provides them.
  define: {
    'process.env.NODE_ENV': '"production"',
    global: 'globalThis',
  },
  inject: [path.join(root, 'build/process-shim.js')],
  loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
  publicPath: PUBLIC,
  plugins: [noPluginLoader],
  logLevel: 'warning',
});

// Icon (from @grafana/ui) fetches `${window.__grafana_public_path__}img/icons/{unicons,mono,custom}/NAME.svg`.
const icons = path.join(path.dirname(require.resolve('@grafana/ui/package.json')), 'dist/public/img/icons');
fs.cpSync(icons, path.join(dist, 'img/icons'), { recursive: true });

const css = fs.existsSync(path.join(dist, 'preview.css'));
fs.writeFileSync(
  path.join(dist, 'index.html'),
  fs
    .readFileSync(path.join(root, 'src/index.html'), 'utf8')
    .replace('<!-- css -->', css ? `<link rel="stylesheet" href="${PUBLIC}preview.css">` : '')
    .replaceAll('%PUBLIC%', PUBLIC)
);

const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${path.relative(root, file)} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(outputs.join('\n'));
