import React, { useState } from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';

import { badgeClassOf, dataSourceSettings } from '../../test/fixtures';
import { loadEngine } from '../engine';
import type { TumulteOptions, TumulteSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<TumulteOptions, TumulteSecureJsonData>;

/** Renders the editor as Grafana does: it owns the settings and re-renders the editor with each change. */
function renderEditor(initial: Settings) {
  const changes: Settings[] = [];
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(next) => {
          changes.push(next);
          setOptions(next);
        }}
      />
    );
  }
  const view = render(<Host />);
  return { ...view, changes, last: () => changes[changes.length - 1] };
}

function allText(container: HTMLElement): string {
  const values = Array.from(container.querySelectorAll('input, textarea')).map((el) => (el as HTMLInputElement).value);
  return `${container.textContent ?? ''} ${values.join(' ')}`;
}

describe('ConfigEditor', () => {
  afterEach(() => vi.restoreAllMocks());

  it('edits the URL and says when it is not an http(s) URL', () => {
    const { last } = renderEditor(dataSourceSettings());
    const url = screen.getByLabelText(/^URL/);
    fireEvent.change(url, { target: { value: 'prometheus:9090' } });
    fireEvent.blur(url);
    expect(last().url).toBe('prometheus:9090');
    expect(screen.getByText(/Not an http:\/\/ or https:\/\/ URL/)).toBeTruthy();
    fireEvent.change(url, { target: { value: 'http://prometheus:9090' } });
    expect(last().url).toBe('http://prometheus:9090');
    expect(screen.queryByText(/Not an http:\/\/ or https:\/\/ URL/)).toBeNull();
  });

  it('stores the timeout and the DB pool size in jsonData, and refuses what the backend refuses', async () => {
    const { last, changes } = renderEditor(dataSourceSettings({ jsonData: { timeoutSeconds: 30 } }));
    const timeout = screen.getByLabelText(/^Timeout/);
    expect((timeout as HTMLInputElement).value).toBe('30');
    fireEvent.change(timeout, { target: { value: '12.5' } });
    expect(last().jsonData).toEqual({ timeoutSeconds: 12.5 });
    const before = changes.length;
    fireEvent.change(timeout, { target: { value: '0' } });
    expect(changes.length).toBe(before);
    expect(screen.getByText('Give a number of seconds above 0')).toBeTruthy();
    fireEvent.change(timeout, { target: { value: '' } });
    expect(last().jsonData).toEqual({});

    // Tumulte's defaults come from the engine once it is loaded.
    const pool = screen.getByLabelText(/^DB pool size/);
    await waitFor(() => expect((pool as HTMLInputElement).placeholder).toBe('10'), { timeout: 5000 });
    expect((timeout as HTMLInputElement).placeholder).toBe('30');
    expect(screen.getByText(/Default 10 \(AdonisJS Lucid's default pool size\)/)).toBeTruthy();
    fireEvent.change(pool, { target: { value: '2.5' } });
    expect(screen.getByText(/whole number of connections/)).toBeTruthy();
    fireEvent.change(pool, { target: { value: '20' } });
    expect(last().jsonData).toEqual({ dbPoolSize: 20 });
  });

  it('turns basic auth on with a user and a password, and off again', () => {
    const { last } = renderEditor(dataSourceSettings({ url: 'http://prometheus:9090' }));
    expect(screen.queryByLabelText(/^User/)).toBeNull();
    fireEvent.click(screen.getByLabelText('Basic auth'));
    expect(last().basicAuth).toBe(true);
    fireEvent.change(screen.getByLabelText(/^User/), { target: { value: 'grafana' } });
    expect(last().basicAuthUser).toBe('grafana');
    const password = screen.getByLabelText(/^Password/) as HTMLInputElement;
    expect(password.type).toBe('password');
    fireEvent.change(password, { target: { value: 'hunter2' } });
    expect(last().secureJsonData).toEqual({ basicAuthPassword: 'hunter2' });
    fireEvent.click(screen.getByLabelText('No authentication'));
    expect(last().basicAuth).toBe(false);
    expect(last().basicAuthUser).toBe('');
    expect(last().secureJsonData?.basicAuthPassword).toBe('');
  });

  it('never shows a stored secret: it says configured and can be reset', () => {
    const { container, last } = renderEditor(
      dataSourceSettings({
        basicAuth: true,
        basicAuthUser: 'grafana',
        secureJsonFields: { basicAuthPassword: true },
        // Grafana never sends secureJsonData back; even if it did, the editor must not show it.
        secureJsonData: { basicAuthPassword: 'hunter2' },
      })
    );
    const password = screen.getByLabelText(/^Password/) as HTMLInputElement;
    expect(password.value).toBe('configured');
    expect(password.disabled).toBe(true);
    expect(allText(container)).not.toContain('hunter2');
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.basicAuthPassword).toBe(false);
    expect(last().secureJsonData?.basicAuthPassword).toBe('');
    const fresh = screen.getByLabelText(/^Password/) as HTMLInputElement;
    expect(fresh.type).toBe('password');
    expect(fresh.value).toBe('');
  });

  it('keeps a bearer token write-only, and drops it when another method is chosen', () => {
    const { container, last } = renderEditor(
      dataSourceSettings({ secureJsonFields: { bearerToken: true }, secureJsonData: { bearerToken: 'tok3n' } })
    );
    expect((screen.getByLabelText('Bearer token') as HTMLInputElement).checked).toBe(true);
    const token = screen.getByLabelText(/^Bearer token.*Authorization/) as HTMLInputElement;
    expect(token.value).toBe('configured');
    expect(allText(container)).not.toContain('tok3n');
    fireEvent.click(screen.getByLabelText('Basic auth'));
    expect(last().basicAuth).toBe(true);
    expect(last().secureJsonFields.bearerToken).toBe(false);
    expect(last().secureJsonData?.bearerToken).toBe('');
  });

  it("writes Grafana's TLS keys, and shows the certificate fields only with their switch", () => {
    const { last } = renderEditor(dataSourceSettings({ url: 'https://prometheus:9090' }));
    expect(screen.queryByLabelText(/^CA certificate/)).toBeNull();
    fireEvent.click(screen.getByLabelText(/^With CA certificate/));
    expect(last().jsonData).toEqual({ tlsAuthWithCACert: true });
    fireEvent.change(screen.getByLabelText(/^CA certificate/), { target: { value: '-----BEGIN CERTIFICATE-----' } });
    expect(last().secureJsonData).toEqual({ tlsCACert: '-----BEGIN CERTIFICATE-----' });
    fireEvent.click(screen.getByLabelText(/^TLS client authentication/));
    fireEvent.change(screen.getByLabelText(/^Client certificate/), { target: { value: 'CERT' } });
    fireEvent.change(screen.getByLabelText(/^Client key/), { target: { value: 'KEY' } });
    expect(last().secureJsonData).toEqual({ tlsCACert: '-----BEGIN CERTIFICATE-----', tlsClientCert: 'CERT', tlsClientKey: 'KEY' });
    fireEvent.change(screen.getByLabelText(/^Server name/), { target: { value: '127.0.0.1' } });
    fireEvent.click(screen.getByLabelText(/^Skip TLS verify/));
    expect(last().jsonData).toEqual({ tlsAuthWithCACert: true, tlsAuth: true, serverName: '127.0.0.1', tlsSkipVerify: true });
  });

  it('never shows a stored client key: it says configured and can be reset', () => {
    const { container, last } = renderEditor(
      dataSourceSettings({
        jsonData: { tlsAuth: true },
        secureJsonFields: { tlsClientCert: true, tlsClientKey: true },
        secureJsonData: { tlsClientKey: 'PRIVATE-KEY-BODY' },
      })
    );
    expect(allText(container)).not.toContain('PRIVATE-KEY-BODY');
    const resets = screen.getAllByRole('button', { name: 'Reset' });
    fireEvent.click(resets[resets.length - 1]);
    expect(last().secureJsonFields.tlsClientKey).toBe(false);
    expect(last().secureJsonData?.tlsClientKey).toBe('');
  });

  it("adds a custom header with Grafana's numbered keys, its value kept secret", () => {
    const { last } = renderEditor(dataSourceSettings({ url: 'http://mimir:8080/prometheus' }));
    fireEvent.click(screen.getByRole('button', { name: /Add header/ }));
    fireEvent.change(screen.getByPlaceholderText('X-Custom-Header'), { target: { value: 'X-Scope-OrgID' } });
    fireEvent.blur(screen.getByPlaceholderText('X-Custom-Header'));
    const value = screen.getByPlaceholderText('Header Value') as HTMLInputElement;
    expect(value.type).toBe('password');
    fireEvent.change(value, { target: { value: 'tumulte' } });
    fireEvent.blur(value);
    expect(last().jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
    expect(last().secureJsonData?.httpHeaderValue1).toBe('tumulte');
  });

  it('shows the scaling table from the WebAssembly engine and stores overrides as jsonData.thresholds', async () => {
    const { last } = renderEditor(dataSourceSettings({ jsonData: { dbPoolSize: 10 } }));
    const table = await screen.findByRole('table', { name: 'Scaling thresholds' }, { timeout: 5000 });
    for (const text of ['CPU usage', 'Consider scaling', 'Scale now', 'Latency p95', 'Plan horizontal scaling']) {
      expect(within(table).getByText(text)).toBeTruthy();
    }
    // Defaults in their unit, as the Rust side writes them; levels in the engine's colours.
    expect(within(table).getByText('> 500 ms')).toBeTruthy();
    expect(within(table).getAllByText('> 70%').length).toBeGreaterThan(0);
    expect(within(table).getAllByTitle('critical: act now')[0].className).toBe(badgeClassOf('red'));
    expect(within(table).getByTitle('info: plan ahead').className).toBe(badgeClassOf('blue'));
    const cpuWarning = within(table).getByLabelText('cpuUsage warning threshold') as HTMLInputElement;
    expect(cpuWarning.placeholder).toBe('70');
    expect((within(table).getByLabelText('latencyP95 critical threshold') as HTMLInputElement).placeholder).toBe('1');
    fireEvent.change(cpuWarning, { target: { value: '60' } });
    expect(last().jsonData).toEqual({ dbPoolSize: 10, thresholds: { cpuUsage: { warning: 60 } } });
    fireEvent.change(within(table).getByLabelText('cpuUsage critical threshold'), { target: { value: '50' } });
    expect(screen.getByText(/CPU usage: warning \(60\) is not below critical \(50\)/)).toBeTruthy();
    fireEvent.change(within(table).getByLabelText('cpuUsage critical threshold'), { target: { value: '80' } });
    expect(last().jsonData.thresholds).toEqual({ cpuUsage: { warning: 60, critical: 80 } });
    expect(screen.queryByText(/is not below/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Reset all to Tumulte's defaults/ }));
    expect(last().jsonData).toEqual({ dbPoolSize: 10 });
    await waitFor(() => expect(cpuWarning.value).toBe(''));
  });

  it('flags overrides the backend would reject, in its words, and removes them', async () => {
    const { last } = renderEditor(
      dataSourceSettings({ jsonData: { thresholds: { cpu: { warning: 60 }, dbPoolUsage: { critical: 95, warning: 70 } } } })
    );
    expect(await screen.findByText(/^thresholds\.cpu: no such signal of the scaling table; use one of cpuUsage/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText(/^thresholds\.dbPoolUsage\.critical: .*no critical step for dbPoolUsage; it has warning$/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove them' }));
    expect(last().jsonData.thresholds).toEqual({ dbPoolUsage: { warning: 70 } });
  });

  it("refuses a threshold with the backend's own message next to the field", async () => {
    const { changes } = renderEditor(dataSourceSettings());
    const table = await screen.findByRole('table', { name: 'Scaling thresholds' }, { timeout: 5000 });
    const cpuWarning = within(table).getByLabelText('cpuUsage warning threshold');
    fireEvent.change(cpuWarning, { target: { value: '-1' } });
    expect(changes).toEqual([]);
    const row = cpuWarning.closest('tr') as HTMLElement;
    expect(within(row).getByText("thresholds.cpuUsage.warning is -1: give a finite number of 0 or more, in the signal's unit")).toBeTruthy();
    fireEvent.change(cpuWarning, { target: { value: '1' } });
    expect(within(row).queryByText(/thresholds\.cpuUsage\.warning/)).toBeNull();
  });

  it('leaves every judgement of a threshold to the engine', async () => {
    // Were the editor to check values itself, it would accept 65 here and write "70%" below.
    const engine = await loadEngine();
    vi.spyOn(engine, 'checkOverrides').mockImplementation((o) =>
      o?.cpuUsage?.warning === 65 ? [{ signal: 'cpuUsage', level: 'warning', message: 'the engine refuses 65' }] : []
    );
    vi.spyOn(engine, 'formatValue').mockImplementation((unit, value) => `<${value} in ${unit}>`);
    const { changes } = renderEditor(dataSourceSettings());
    const table = await screen.findByRole('table', { name: 'Scaling thresholds' }, { timeout: 5000 });
    expect(within(table).getByText('> <0.5 in s>')).toBeTruthy();
    fireEvent.change(within(table).getByLabelText('cpuUsage warning threshold'), { target: { value: '65' } });
    expect(changes).toEqual([]);
    expect(within(table).getByText('the engine refuses 65')).toBeTruthy();
  });
});
