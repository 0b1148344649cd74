import { interpolate, prometheusFormat, type VariableValue } from '../src/interpolate';

const job: VariableValue = {
  name: 'job',
  value: ['tumulte-backend', 'tumulte.frontend'],
  text: ['tumulte-backend', 'tumulte.frontend'],
  multi: true,
  includeAll: true,
  allValue: '.*',
  allValues: ['tumulte-backend', 'tumulte.frontend'],
};
const ds: VariableValue = { name: 'datasource', value: 'prometheus', text: 'Prometheus', allValues: ['prometheus'] };
const vars = (...vs: VariableValue[]) => new Map(vs.map((v) => [v.name, v]));

describe('interpolate', () => {
  it('replaces $var, ${var} and [[var]] alike', () => {
    expect(interpolate('$datasource ${datasource} [[datasource]]', vars(ds))).toBe('prometheus prometheus prometheus');
  });

  it('formats Prometheus multi values as an escaped regex alternation', () => {
    expect(interpolate('up{job=~"$job"}', vars(job), prometheusFormat)).toBe('up{job=~"(tumulte-backend|tumulte\\\\.frontend)"}');
  });

  it('gives All as the custom all value, unformatted', () => {
    const all = { ...job, value: ['$__all'], text: ['All'] };
    expect(interpolate('up{job=~"$job"}', vars(all), prometheusFormat)).toBe('up{job=~".*"}');
  });

  it('gives All as every value when there is no custom all value', () => {
    const all = { ...job, value: '$__all', text: 'All', allValue: null };
    expect(interpolate('$job', vars(all), prometheusFormat)).toBe('(tumulte-backend|tumulte\\\\.frontend)');
  });

  it('honours an explicit ${var:format} over the default', () => {
    expect(interpolate('${job:csv} ${job:pipe}', vars(job))).toBe('tumulte-backend,tumulte.frontend tumulte-backend|tumulte.frontend');
  });

  it('shows the text of a variable in text format (panel titles)', () => {
    expect(interpolate('On $datasource', vars(ds), 'text')).toBe('On Prometheus');
  });

  it('leaves unknown variables such as $__rate_interval to the host', () => {
    expect(interpolate('rate(x[$__rate_interval])', vars(ds))).toBe('rate(x[$__rate_interval])');
  });
});
