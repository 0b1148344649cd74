import { formatValue, loadEngine, scalingSignals } from './engine';

describe('the WebAssembly engine', () => {
  it('gives the seed’s scaling steps: exactly those settings.rs lets jsonData.thresholds override', async () => {
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
    expect(await loadEngine()).toBe(engine);
  });

  it('answers a verdict with the seed’s action', async () => {
    const engine = await loadEngine();
    const v = engine.verdict({ cpuUsage: 91, memoryUsage: 40, latencyP95: 0.3, dbPoolUsage: 20, websocketsPerInstance: 120 });
    expect(v.overall).toBe('critical');
    expect(v.action).toMatch(/Scale now/);
    expect(() => engine.verdict({ cpuUsage: -1 })).toThrow(/cpuUsage|missing|negative/);
  });

  it('writes values in their unit', () => {
    expect(formatValue(70, 'percent')).toBe('70 %');
    expect(formatValue(0.5, 's')).toBe('0.5 s');
    expect(formatValue(500, 'short')).toBe('500');
  });
});
