/**
 * The browser harness: the plugin's real ConfigEditor and QueryEditor (src/, not mocks), rendered as Grafana 10.4
 * renders them, in its dark theme (ThemeContext + GlobalStyles of @grafana/ui), with realistic settings. It keeps
 * the state a host would (options / query), and exposes what the editors hand back on `window.__harness` for
 * editors.browser.test.cjs.
 */
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, type DataSourceSettings } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';

import { ConfigEditor } from '../../src/components/ConfigEditor';
import { QueryEditor, type Props as QueryEditorProps } from '../../src/components/QueryEditor';
import type { TumulteOptions, TumulteQuery, TumulteSecureJsonData } from '../../src/types';

type Options = DataSourceSettings<TumulteOptions, TumulteSecureJsonData>;

interface Harness {
  /** Every options object the config editor passed to onOptionsChange, oldest first. */
  optionsChanges: Options[];
  /** Every query the query editor passed to onChange. */
  queryChanges: TumulteQuery[];
  runs: number;
  /** The options as first given to the config editor. */
  initialOptions: Options;
}

declare global {
  interface Window {
    __harness: Harness;
  }
}

/** What Grafana 10.4 hands the config editor for a saved data source: the password is saved, so only flagged. */
const initialOptions: Options = {
  id: 7,
  uid: 'tumulte-scaling',
  orgId: 1,
  name: 'Tumulte Scaling',
  typeLogoUrl: 'public/plugins/tumulte-scaling-datasource/img/logo.svg',
  type: 'tumulte-scaling-datasource',
  typeName: 'Tumulte Scaling',
  access: 'proxy',
  url: 'http://prometheus:9090',
  user: '',
  database: '',
  basicAuth: true,
  basicAuthUser: 'grafana',
  isDefault: false,
  jsonData: { timeoutSeconds: 20, thresholds: { cpuUsage: { warning: 60 } } },
  secureJsonFields: { basicAuthPassword: true },
  readOnly: false,
  withCredentials: false,
};

const harness: Harness = { optionsChanges: [], queryChanges: [], runs: 0, initialOptions };
window.__harness = harness;

const theme = createTheme({ colors: { mode: 'dark' } });

function ConfigHost() {
  const [options, setOptions] = useState(initialOptions);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        harness.optionsChanges.push(next);
        setOptions(next);
      }}
    />
  );
}

/** Only `options` of the DataSource is read by the query editor (the overrides); no @grafana/runtime needed here. */
const datasource = { options: initialOptions.jsonData } as unknown as QueryEditorProps['datasource'];

function QueryHost() {
  const [query, setQuery] = useState<TumulteQuery>({ refId: 'A', kind: 'scalingVerdict', format: 'table' });
  return (
    <QueryEditor
      query={query}
      datasource={datasource}
      onChange={(next) => {
        harness.queryChanges.push(next);
        setQuery(next);
      }}
      onRunQuery={() => harness.runs++}
    />
  );
}

/** A Grafana-like page section: a heading and the editor in a padded box. */
function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section
      id={id}
      style={{
        padding: theme.spacing(2, 3, 3),
        background: theme.colors.background.canvas,
      }}
    >
      <h2 style={{ marginBottom: theme.spacing(2) }}>{title}</h2>
      <div style={{ background: theme.colors.background.primary, border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default, padding: theme.spacing(2) }}>
        {children}
      </div>
    </section>
  );
}

function App() {
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <Section id="config-editor" title="Data sources › Tumulte Scaling › Settings">
        <ConfigHost />
      </Section>
      <Section id="query-editor" title="Panel › Query A (Tumulte Scaling)">
        <QueryHost />
      </Section>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
