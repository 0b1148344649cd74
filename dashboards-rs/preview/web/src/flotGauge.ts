// @grafana/ui's Gauge computes the gauge (size, min/max, colour, thresholds, value text and font) and hands it to
// `$.plot(element, series, {series: {gauges}})`: jQuery Flot with its gauge plugin, which Grafana's page loads from
// its own public/vendor/ and no published package ships. This is the preview's stand-in for that plugin: it draws
// what Gauge asks for (a half-ring background, the value arc in the value's colour, the threshold markers ring,
// optional threshold labels, the value text), nothing of Flot's own charts.
import $ from 'jquery';

interface GaugeOptions {
  gauge: { min: number; max: number; background: { color: string }; width: number };
  threshold: { values: Array<{ value: number; color: string }>; show: boolean; width: number; label: { show: boolean; margin: number; font: { size: number } } };
  value: { color?: string; formatter: () => string; font: { size: number; family: string } };
}

function ratio(value: number, min: number, max: number): number {
  return max === min ? 0 : Math.min(1, Math.max(0, (value - min) / (max - min)));
}

function arc(ctx: CanvasRenderingContext2D, cx: number, cy: number, outer: number, inner: number, from: number, to: number, color: string) {
  ctx.beginPath();
  ctx.arc(cx, cy, outer, Math.PI + Math.PI * from, Math.PI + Math.PI * to, false);
  ctx.arc(cx, cy, inner, Math.PI + Math.PI * to, Math.PI + Math.PI * from, true);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

export function drawGauge(element: HTMLElement, value: number, options: GaugeOptions): void {
  const width = element.clientWidth;
  const height = element.clientHeight;
  const dpr = window.devicePixelRatio || 1;
  element.innerHTML = '';
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  element.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(dpr, dpr);

  const { gauge, threshold } = options;
  const markers = threshold.show ? threshold.width + 1 : 0;
  const labels = threshold.label.show ? threshold.label.font.size * 2.5 : 0;
  // The half ring (plus markers and labels) fits the box: as wide as it, as high as its upper half plus the text.
  const outer = Math.max(1, Math.min(width / 2 - markers - labels, height * 0.9 - markers - labels));
  const cx = width / 2;
  const cy = (height + outer + markers + labels) / 2;
  const inner = Math.max(0, outer - gauge.width);

  arc(ctx, cx, cy, outer, inner, 0, 1, gauge.background.color);
  if (Number.isFinite(value)) {
    arc(ctx, cx, cy, outer, inner, 0, ratio(value, gauge.min, gauge.max), options.value.color ?? '#808080');
  }
  if (threshold.show) {
    const steps = threshold.values;
    // getFormattedThresholds gives each colour with the value where its band ends (the first: where they start).
    for (let i = 1; i < steps.length; i++) {
      const from = ratio(steps[i - 1].value, gauge.min, gauge.max);
      const to = ratio(steps[i].value, gauge.min, gauge.max);
      arc(ctx, cx, cy, outer + markers, outer + 1, from, to, steps[i].color);
    }
  }
  if (threshold.label.show) {
    ctx.fillStyle = '#ccccdc';
    ctx.font = `${threshold.label.font.size}px ${options.value.font.family}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const step of threshold.values) {
      const angle = Math.PI + Math.PI * ratio(step.value, gauge.min, gauge.max);
      const r = outer + markers + labels / 2;
      ctx.fillText(String(step.value), cx + Math.cos(angle) * r, cy + Math.sin(angle) * r);
    }
  }
  ctx.fillStyle = options.value.color ?? '#ccccdc';
  ctx.font = `500 ${options.value.font.size}px ${options.value.font.family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(options.value.formatter(), cx, cy - inner * 0.12, inner * 1.8);
}

type Plot = (element: HTMLElement, series: Array<{ data: number[][] }>, options: { series: { gauges: GaugeOptions } }) => void;

($ as unknown as { plot: Plot }).plot = (element, series, options) => {
  const el = element instanceof HTMLElement ? element : (element as unknown as ArrayLike<HTMLElement>)[0];
  drawGauge(el, series[0]?.data[0]?.[1] ?? NaN, options.series.gauges);
};
