// What every panel renderer is given: the panel's frames (transformed, field config applied), its options with the
// plugin's defaults, and the space inside PanelChrome.
import type { DataFrame, FieldConfigSource, GrafanaTheme2, InterpolateFunction, TimeRange, TimeZone } from '@grafana/data';
import type { Panel } from '../dashboard';

export interface PanelRenderProps {
  panel: Panel;
  frames: DataFrame[];
  options: Record<string, any>;
  fieldConfig: FieldConfigSource;
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: TimeZone;
  theme: GrafanaTheme2;
  replaceVariables: InterpolateFunction;
}
