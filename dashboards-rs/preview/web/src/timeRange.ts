// The dashboard's time range as Grafana's URL (`from`, `to`: `now-6h` or epoch milliseconds) and time picker
// hold it: raw, and evaluated again at each refresh so relative ranges move with the clock.
import { dateMath, dateTime, isDateTime, type RawTimeRange, type TimeRange } from '@grafana/data';

function parsePoint(raw: string, roundUp: boolean) {
  if (/^\d+$/.test(raw)) {
    return dateTime(Number(raw));
  }
  return dateMath.parse(raw, roundUp) ?? dateTime();
}

/** The absolute range `raw` stands for now. */
export function evaluate(raw: RawTimeRange): TimeRange {
  const from = isDateTime(raw.from) ? raw.from : parsePoint(raw.from, false);
  const to = isDateTime(raw.to) ? raw.to : parsePoint(raw.to, true);
  return { from, to, raw };
}

/** A raw bound as the URL writes it: relative text as is, an absolute time in epoch milliseconds. */
export function toUrlValue(value: RawTimeRange['from']): string {
  return isDateTime(value) ? String(value.valueOf()) : value;
}
