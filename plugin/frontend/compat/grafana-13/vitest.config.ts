// The unit tests (src/**/*.test.ts(x), vitest + jsdom + Testing Library) with Grafana 13's @grafana/* and React 19
// from this folder's node_modules instead of the package's own (Grafana 10.4, React 18). Run from plugin/frontend:
// `npm run test:grafana13`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';

import base from '../../vitest.config';

const frontend = path.resolve(__dirname, '../..');
/** Resolves as this folder's package does (its node_modules); the "require" condition gives @grafana/*'s CommonJS build, which Node runs. */
const fromGrafana13 = createRequire(path.join(__dirname, 'package.json'));
const fromFrontend = createRequire(path.join(frontend, 'package.json'));

const provided = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-dom/test-utils',
  '@grafana/data',
  '@grafana/runtime',
  '@grafana/ui',
  '@grafana/schema',
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Testing Library's CommonJS build would require() react-dom past the aliases; its ES build is transformed by
// vitest, so its imports of react / react-dom are the ones below.
const testingLibrary = fromFrontend('@testing-library/react/package.json') as { module: string };

export default mergeConfig(
  base,
  defineConfig({
    root: frontend,
    resolve: {
      alias: [
        ...provided.map((name) => ({ find: new RegExp(`^${escape(name)}$`), replacement: fromGrafana13.resolve(name) })),
        {
          find: /^@testing-library\/react$/,
          replacement: path.join(path.dirname(fromFrontend.resolve('@testing-library/react/package.json')), testingLibrary.module),
        },
      ],
    },
    test: {
      // src/packages.test.ts checks that the packages loaded are this folder's.
      env: { GRAFANA_PACKAGES: path.relative(frontend, __dirname) },
      server: { deps: { inline: [/@testing-library\/react/] } },
    },
  })
);
