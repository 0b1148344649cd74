import type { DataSourceInstanceSettings, DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';

import type { TumulteOptions, TumulteSecureJsonData } from '../src/types';

/** The settings Grafana hands the config editor for a new data source of this plugin. */
export function dataSourceSettings(
  patch: Partial<DataSourceSettings<TumulteOptions, TumulteSecureJsonData>> = {}
): DataSourceSettings<TumulteOptions, TumulteSecureJsonData> {
  return {
    id: 1,
    uid: 'tumulte-scaling',
    orgId: 1,
    name: 'Tumulte Scaling',
    typeLogoUrl: '',
    type: 'tumulte-scaling-datasource',
    typeName: 'Tumulte Scaling',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...patch,
  };
}

/** What Grafana gives the DataSource constructor. */
export function instanceSettings(jsonData: TumulteOptions = {}): DataSourceInstanceSettings<TumulteOptions> {
  return {
    id: 1,
    uid: 'tumulte-scaling',
    type: 'tumulte-scaling-datasource',
    name: 'Tumulte Scaling',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'tumulte-scaling-datasource', name: 'Tumulte Scaling', backend: true } as DataSourcePluginMeta,
  };
}
