// The shapes of the dashboard JSON the host serves (`GET /api/dashboards/uid/{uid}`) and of `/api/frontend/settings`,
// as far as the preview reads them.
import type { DataTransformerConfig, FieldConfigSource } from '@grafana/data';

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DataSourceRef | string | null;
  hide?: boolean;
  [key: string]: unknown;
}

export interface Panel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DataSourceRef | string | null;
  targets?: Target[];
  fieldConfig?: FieldConfigSource;
  options?: Record<string, unknown>;
  transformations?: DataTransformerConfig[];
  maxDataPoints?: number | null;
  interval?: string | null;
  collapsed?: boolean;
  /** A collapsed row's panels. */
  panels?: Panel[];
}

export interface VariableOption {
  text: string;
  value: string;
  selected?: boolean;
}

export interface VariableCurrent {
  text: string | string[];
  value: string | string[];
}

export interface VariableModel {
  name: string;
  type: string;
  label?: string;
  description?: string;
  hide?: number;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  current?: VariableCurrent;
  options?: VariableOption[];
  query?: string | { query?: string; [key: string]: unknown };
  definition?: string;
  datasource?: DataSourceRef | string | null;
  regex?: string;
  sort?: number;
}

export interface Dashboard {
  uid: string;
  title: string;
  description?: string;
  panels: Panel[];
  templating?: { list: VariableModel[] };
  time?: { from: string; to: string };
  refresh?: string | false;
  timezone?: string;
  weekStart?: string;
  fiscalYearStartMonth?: number;
  timepicker?: { refresh_intervals?: string[]; hidden?: boolean };
}

export interface DataSourceSettings {
  uid: string;
  type: string;
  name: string;
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
}

export interface FrontendSettings {
  datasources: Record<string, DataSourceSettings>;
  defaultDatasource?: string;
  buildInfo?: { version?: string };
}
