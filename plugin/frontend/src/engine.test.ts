import { levelInfo, loadEngine, scalingSignals, type JsonData, type SecureJsonData } from './engine';
import type { TumulteOptions, TumulteSecureJsonData } from './types';

describe('the WebAssembly engine', () => {
  it('gives the scaling table’s steps: exactly those jsonData.thresholds may override', async () => {
    const engine = await loadEngine();
    const steps = scalingSignals(engine).flatMap((s) => s.steps.map((step) => `${s.id}.${step.level}`));
    expect(steps).toEqual([
      'cpuUsage.warning',
      'cpuUsage.critical',
      'memoryUsage.warning',
      'latencyP95.warning',
      'latencyP95.critical',
      'dbPoolUsage.warning',
      'websocketsPerInstance.info',
    ]);
    for (const signal of scalingSignals(engine)) {
      for (const step of signal.steps) {
        expect(engine.checkOverrides({ [signal.id]: { [step.level]: step.value } })).toEqual([]);
      }
    }
    expect(await loadEngine()).toBe(engine);
  });

  it('answers a verdict with Tumulte’s default action', async () => {
    const engine = await loadEngine();
    const v = engine.verdict({ cpuUsage: 91, memoryUsage: 40, latencyP95: 0.3, dbPoolUsage: 20, websocketsPerInstance: 120 });
    expect(v.overall).toBe('critical');
    expect(v.action).toMatch(/Scale now/);
    expect(() => engine.verdict({ cpuUsage: -1 })).toThrow(/cpuUsage|missing|negative/);
  });

  it('writes values in their unit as the Rust side does', async () => {
    const engine = await loadEngine();
    expect(engine.formatValue('s', 0.5)).toBe('500 ms');
    expect(engine.formatValue('s', 1)).toBe('1 s');
    expect(engine.formatValue('percent', 70)).toBe('70%');
    expect(engine.formatValue('percentunit', 0.05)).toBe('5%');
    expect(engine.formatValue('short', 500)).toBe('500');
    expect(engine.unitSymbol('percent')).toBe('%');
    expect(engine.unitSymbol('s')).toBe('s');
    expect(engine.unitSymbol('short')).toBe('');
    expect(() => engine.formatValue('seconds', 1)).toThrow(/unknown unit "seconds"/);
  });

  it('describes every level with its number, colour and meaning', async () => {
    const engine = await loadEngine();
    expect(engine.levels()).toEqual([
      { name: 'ok', number: 0, color: 'green', meaning: 'nothing to do' },
      { name: 'info', number: 1, color: 'blue', meaning: 'plan ahead' },
      { name: 'warning', number: 2, color: 'orange', meaning: 'act soon' },
      { name: 'critical', number: 3, color: 'red', meaning: 'act now' },
    ]);
    expect(levelInfo(engine, 'warning').color).toBe('orange');
  });

  it('checks overrides with the words the backend rejects them with', async () => {
    const engine = await loadEngine();
    const calm = { cpuUsage: 0, memoryUsage: 0, latencyP95: 0, dbPoolUsage: 0, websocketsPerInstance: 0 };
    expect(engine.checkOverrides(undefined)).toEqual([]);
    const problems = engine.checkOverrides({ cpu: { warning: 60 }, cpuUsage: { warning: -1, critical: 90 } });
    expect(problems.map((p) => [p.signal, p.level])).toEqual([
      ['cpu', null],
      ['cpuUsage', 'warning'],
    ]);
    expect(problems[1].message).toBe("thresholds.cpuUsage.warning is -1: give a finite number of 0 or more, in the signal's unit");
    // The verdict applies overrides with the same Rust code, so it refuses them with the same message.
    for (const p of problems) {
      expect(() => engine.verdict(calm, { [p.signal]: { warning: p.signal === 'cpu' ? 60 : -1 } })).toThrow(p.message);
    }
    expect(() => engine.checkOverrides({ cpuUsage: { warning: 'high' } } as never)).toThrow(/overrides must look like/);
  });

  it('gives Tumulte’s defaults and the settings keys the types declare', async () => {
    const engine = await loadEngine();
    expect(engine.defaults()).toEqual({ timeoutSeconds: 30, dbPoolSize: 10, scrapeIntervalMs: 15_000 });
    const keys = engine.jsonDataKeys();
    // Type-checked both ways: a key missing here, or one the types lack, fails `tsc`; the engine's list is Rust's.
    const jsonData: Record<Exclude<keyof JsonData, `httpHeaderName${number}`>, true> = {
      dbPoolSize: true,
      timeoutSeconds: true,
      thresholds: true,
      tlsSkipVerify: true,
      tlsAuthWithCACert: true,
      tlsAuth: true,
      serverName: true,
    };
    const secure: Record<Exclude<keyof SecureJsonData, `httpHeaderValue${number}`>, true> = {
      basicAuthPassword: true,
      bearerToken: true,
      tlsCACert: true,
      tlsClientCert: true,
      tlsClientKey: true,
    };
    expect(Object.keys(jsonData).sort()).toEqual([...keys.jsonData].sort());
    expect(Object.keys(secure).sort()).toEqual([...keys.secureJsonData].sort());
    expect([keys.headerName, keys.headerValue]).toEqual(['httpHeaderName', 'httpHeaderValue']);
    // The plugin's settings types are those: a stored value of each key fits them.
    const options: TumulteOptions = { tlsAuthWithCACert: true, httpHeaderName1: 'X-Scope-OrgID', thresholds: { cpu: { warning: 1 } } };
    const secrets: TumulteSecureJsonData = { tlsCACert: 'PEM', httpHeaderValue1: 'tumulte' };
    expect([options.httpHeaderName1, secrets.httpHeaderValue1]).toEqual(['X-Scope-OrgID', 'tumulte']);
  });
});
