import { applyRegex, nextMultiValue, parseCustom, parseLabelValues, resolveVariable, selectCurrent, sortOptions } from '../src/variables';

const opts = (...values: string[]) => values.map((v) => ({ text: v, value: v }));

describe('variables', () => {
  it('reads label_values(metric, label) and label_values(label)', () => {
    expect(parseLabelValues('label_values(tumulte_http_requests_total, job)')).toEqual({ match: 'tumulte_http_requests_total', label: 'job' });
    expect(parseLabelValues('label_values(job)')).toEqual({ label: 'job' });
    expect(parseLabelValues('query_result(up)')).toBeUndefined();
  });

  it('splits a custom variable on commas, honouring `text : value` and escaped commas', () => {
    expect(parseCustom('10, twenty : 20,a\\,b')).toEqual([
      { text: '10', value: '10' },
      { text: 'twenty', value: '20' },
      { text: 'a,b', value: 'a,b' },
    ]);
  });

  it('keeps the regex capture of matching values only', () => {
    expect(applyRegex(opts('host-a:9100', 'db:5432', 'host-b:9100'), '/(host-.):9100/')).toEqual(opts('host-a', 'host-b'));
  });

  it('sorts alphabetically (1) and numerically descending (4)', () => {
    expect(sortOptions(opts('b', 'a', 'c'), 1).map((o) => o.value)).toEqual(['a', 'b', 'c']);
    expect(sortOptions(opts('x2', 'x10', 'x1'), 4).map((o) => o.value)).toEqual(['x10', 'x2', 'x1']);
  });

  it('falls back to the first option when the saved value is gone', () => {
    expect(selectCurrent(opts('10', '20'), ['50'], false)).toEqual({ value: '10', text: '10' });
  });

  it('resolves a query variable through the label values endpoint, with All first', async () => {
    const asked: unknown[] = [];
    const v = await resolveVariable(
      {
        name: 'job',
        type: 'query',
        multi: true,
        includeAll: true,
        allValue: '.*',
        sort: 1,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        query: { query: 'label_values(tumulte_http_requests_total, job)' },
        current: { text: ['All'], value: ['$__all'] },
      },
      new Map([['datasource', { name: 'datasource', value: 'prometheus', text: 'Prometheus', allValues: [] }]]),
      {
        settings: { datasources: { Prometheus: { uid: 'prometheus', type: 'prometheus', name: 'Prometheus', isDefault: true } } },
        urlValues: new Map(),
        labelValues: async (...args) => {
          asked.push(args);
          return ['tumulte-frontend', 'tumulte-backend'];
        },
      }
    );
    expect(asked).toEqual([['prometheus', 'job', 'tumulte_http_requests_total']]);
    expect(v.options.map((o) => o.value)).toEqual(['$__all', 'tumulte-backend', 'tumulte-frontend']);
    expect(v.value).toEqual(['$__all']);
  });

  it('picking All in a multi-value picker drops the other values', () => {
    expect(nextMultiValue(['a', 'b'], ['a', 'b', '$__all'], true)).toEqual(['$__all']);
    expect(nextMultiValue(['$__all'], ['$__all', 'a'], true)).toEqual(['a']);
  });
});
