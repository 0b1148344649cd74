/**
 * The module Grafana loads (`public/plugins/tumulte-scaling-datasource/module.js`, AMD): the data source, its
 * config editor and its query editor. react, react-dom and @grafana/* come from Grafana at run time.
 */
import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { TumulteOptions, TumulteQuery, TumulteSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, TumulteQuery, TumulteOptions, TumulteSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
