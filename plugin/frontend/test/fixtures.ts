import React from 'react';
import { render } from '@testing-library/react';
import type { DataSourceInstanceSettings, DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';
import { Badge, type BadgeColor } from '@grafana/ui';

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

/**
 * The class @grafana/ui gives a Badge of this Grafana colour (emotion: the same styles, the same class), to tell
 * which colour a rendered badge was drawn in.
 */
export function badgeClassOf(color: string): string {
  const { container, unmount } = render(React.createElement(Badge, { text: 'reference', color: color as BadgeColor }));
  const className = (container.firstElementChild as HTMLElement).className;
  unmount();
  return className;
}
