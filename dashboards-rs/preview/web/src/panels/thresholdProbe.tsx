// Where Grafana's threshold hook put a time series' threshold lines, measured on the canvas, for the page's contract
// with tests: each step of the first thresholded number field, its value, the y its scale maps it to, and how much
// of that canvas row has the step's colour (a dashed line covers about half of it; no line, about none).
import { useLayoutEffect } from 'react';
import { FieldType, type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import type { UPlotConfigBuilder } from '@grafana/ui';
import type uPlot from 'uplot';

const devicePixelRatio = window.devicePixelRatio || 1;
import { reportThresholdLines, type ThresholdLine } from '../status';

interface Props {
  panelId: number;
  config: UPlotConfigBuilder;
  frames: DataFrame[];
  theme: GrafanaTheme2;
}

/** Channel distance under which a canvas pixel counts as the step's colour (anti-aliasing blurs the edges). */
const TOLERANCE = 40;

function rgb(color: string): [number, number, number] | null {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    return null;
  }
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

function measure(u: uPlot, frames: DataFrame[], theme: GrafanaTheme2): ThresholdLine[] {
  const field = frames.flatMap((f) => f.fields).find((f) => f.type === FieldType.number && f.config.thresholds);
  const mode = field?.config.custom?.thresholdsStyle?.mode;
  if (!field || !mode || mode === 'off') {
    return [];
  }
  // The y scale a drawn series uses (Grafana keys scales by unit and range, so take it from the series).
  const scaleKey = u.series
    .slice(1)
    .map((s) => s.scale)
    .find((k) => k !== undefined && Number.isFinite(u.scales[k]?.min) && Number.isFinite(u.scales[k]?.max));
  if (!scaleKey) {
    return [];
  }
  const { left, top, width, height } = u.bbox;
  return (field.config.thresholds?.steps ?? [])
    .filter((step) => Number.isFinite(step.value))
    .map((step) => {
      const y = Math.round(u.valToPos(step.value, scaleKey, true));
      const color = theme.visualization.getColorByName(step.color);
      const want = rgb(color);
      let matching = 0;
      if (want && y >= top && y < top + height) {
        // A 1 px line straddling a pixel boundary lands on the row above or below: take the best of the three.
        for (const row of [y - 1, y, y + 1]) {
          const pixels = u.ctx.getImageData(left, row, width, 1).data;
          let here = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const d =
              Math.abs(pixels[i] - want[0]) + Math.abs(pixels[i + 1] - want[1]) + Math.abs(pixels[i + 2] - want[2]);
            if (d <= TOLERANCE && pixels[i + 3] > 0) {
              here++;
            }
          }
          matching = Math.max(matching, here);
        }
      }
      // uPlot sizes its canvas in device pixels (its pxRatio is the window's devicePixelRatio).
      return {
        value: step.value,
        color,
        y: (y - top) / devicePixelRatio,
        plotHeight: height / devicePixelRatio,
        drawnShare: width > 0 ? matching / width : 0,
      };
    });
}

/** Reports the threshold lines of this panel's plot at every draw. */
export function ThresholdProbe({ panelId, config, frames, theme }: Props) {
  useLayoutEffect(() => {
    // Grafana draws the lines in its own drawClear hook, added when the config was built; this one runs right
    // after it, before the axes and the series' fills are painted over them.
    config.addHook('drawClear', (u: uPlot) => reportThresholdLines(panelId, measure(u, frames, theme)));
  }, [config, frames, panelId, theme]);
  return null;
}
