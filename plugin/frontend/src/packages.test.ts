// Which Grafana the unit tests run against: the package's own @grafana/* and React (Grafana 10.4), or with
// GRAFANA_PACKAGES (set by compat/grafana-13/vitest.config.ts) that folder's. Guards the aliases that select them.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

import * as data from '@grafana/data';
import * as runtime from '@grafana/runtime';
import * as ui from '@grafana/ui';
import React from 'react';
import * as reactDomClient from 'react-dom/client';

const packages = path.resolve(__dirname, '..', process.env.GRAFANA_PACKAGES ?? '.');
const packageJson = path.join(packages, 'package.json');
const fromPackages = createRequire(packageJson);
const pinned: Record<string, string> = JSON.parse(fs.readFileSync(packageJson, 'utf8')).dependencies;

describe(`the packages under test (${path.relative(path.resolve(__dirname, '..'), packageJson) || 'package.json'})`, () => {
  it('are React and @grafana/* as pinned there, each loaded once', () => {
    expect(React.version).toBe(pinned.react);
    expect(React.useState).toBe(fromPackages('react').useState);
    expect(reactDomClient.createRoot).toBe(fromPackages('react-dom/client').createRoot);
    expect(data.DataSourcePlugin).toBe(fromPackages('@grafana/data').DataSourcePlugin);
    expect(runtime.DataSourceWithBackend).toBe(fromPackages('@grafana/runtime').DataSourceWithBackend);
    expect(ui.Badge).toBe(fromPackages('@grafana/ui').Badge);
    for (const name of ['@grafana/data', '@grafana/runtime', '@grafana/ui', '@grafana/schema', 'react-dom']) {
      expect(`${name}@${fromPackages(`${name}/package.json`).version}`).toBe(`${name}@${pinned[name]}`);
    }
  });
});
