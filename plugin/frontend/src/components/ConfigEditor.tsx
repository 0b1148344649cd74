import React, { useState } from 'react';
import type { DataSourcePluginOptionsEditorProps, DataSourceSettings } from '@grafana/data';
import { CustomHeadersSettings, Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';

import { useEngine } from '../engine';
import type { TumulteOptions, TumulteSecureJsonData } from '../types';
import { NumberField } from './NumberField';
import { ThresholdsEditor } from './ThresholdsEditor';
import { TlsSettings } from './TlsSettings';

export type Props = DataSourcePluginOptionsEditorProps<TumulteOptions, TumulteSecureJsonData>;
type Options = DataSourceSettings<TumulteOptions, TumulteSecureJsonData>;

/** How the backend authenticates to Prometheus (`settings::Auth`). */
export type AuthMode = 'none' | 'basic' | 'bearer';

const AUTH_MODES: Array<{ value: AuthMode; label: string; description: string }> = [
  { value: 'none', label: 'No authentication', description: 'Prometheus is reachable without credentials' },
  { value: 'basic', label: 'Basic auth', description: 'HTTP basic auth: a user and a password' },
  { value: 'bearer', label: 'Bearer token', description: 'Authorization: Bearer <token>' },
];

/** The mode the saved settings express: basic auth wins, as in the backend; then a stored bearer token. */
export function authModeOf(options: Options): AuthMode {
  if (options.basicAuth) {
    return 'basic';
  }
  if (options.secureJsonFields?.bearerToken || options.secureJsonData?.bearerToken) {
    return 'bearer';
  }
  return 'none';
}

/** The settings' URL problem, worded as the backend's health check words it. */
export function urlError(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') {
    return "Required: Prometheus's address, e.g. http://prometheus:9090";
  }
  if (!/^https?:\/\//.test(trimmed)) {
    return 'Not an http:// or https:// URL: give Prometheus\'s address, e.g. http://prometheus:9090';
  }
  return undefined;
}

/** Resets a secure field: Grafana deletes it on save when its `secureJsonFields` entry is false. */
function resetSecret(options: Options, key: keyof TumulteSecureJsonData): Options {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

/**
 * The data source form: Prometheus URL and timeout, authentication, TLS, custom headers, the DB pool size, the
 * scaling thresholds.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData: TumulteOptions = options.jsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  const secureJsonData: TumulteSecureJsonData = options.secureJsonData ?? {};
  // The chosen mode is kept here too, so "Bearer token" stays selected before a token is typed.
  const [authMode, setAuthMode] = useState<AuthMode>(() => authModeOf(options));
  const [urlTouched, setUrlTouched] = useState(options.url !== '');
  // Tumulte's defaults (timeout, DB pool size) come from the engine, as the backend applies them.
  const defaults = useEngine().engine?.defaults();

  const setJsonData = (patch: Partial<TumulteOptions>) => {
    const next: TumulteOptions = { ...jsonData, ...patch };
    for (const key of Object.keys(patch) as Array<keyof TumulteOptions>) {
      if (next[key] === undefined) {
        delete next[key];
      }
    }
    onOptionsChange({ ...options, jsonData: next });
  };

  const changeAuthMode = (mode: AuthMode) => {
    setAuthMode(mode);
    // Only what the chosen mode uses stays stored: the backend sends a bearer token whenever basic auth is off.
    let next: Options = { ...options, basicAuth: mode === 'basic' };
    if (mode !== 'basic') {
      next = { ...next, basicAuthUser: '' };
      if (secureJsonFields.basicAuthPassword || secureJsonData.basicAuthPassword) {
        next = resetSecret(next, 'basicAuthPassword');
      }
    }
    if (mode !== 'bearer' && (secureJsonFields.bearerToken || secureJsonData.bearerToken)) {
      next = resetSecret(next, 'bearerToken');
    }
    onOptionsChange(next);
  };

  const setSecret = (key: keyof TumulteSecureJsonData, value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: value } });

  const url = options.url ?? '';
  const badUrl = urlTouched ? urlError(url) : undefined;

  return (
    <>
      <FieldSet label="Prometheus">
        <Field
          label="URL"
          required
          htmlFor="tumulte-url"
          invalid={badUrl !== undefined}
          error={badUrl}
          description="Prometheus, or any Prometheus-compatible query API (VictoriaMetrics, Thanos, Mimir's /prometheus). The plugin's backend calls it from the Grafana server, so use an address Grafana's host can reach."
        >
          <Input
            id="tumulte-url"
            width={60}
            value={url}
            placeholder="http://prometheus:9090"
            onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
            onBlur={() => setUrlTouched(true)}
          />
        </Field>
        <NumberField
          id="tumulte-timeout"
          label="Timeout"
          description={`Bound on each request to Prometheus, in seconds. A verdict runs five queries concurrently, each bounded by it.${defaults ? ` Default ${defaults.timeoutSeconds}.` : ''}`}
          value={jsonData.timeoutSeconds}
          placeholder={defaults ? String(defaults.timeoutSeconds) : undefined}
          suffix="seconds"
          width={24}
          rule={(v) => (v > 0 ? undefined : 'Give a number of seconds above 0')}
          onChange={(timeoutSeconds) => setJsonData({ timeoutSeconds })}
        />
      </FieldSet>

      <FieldSet label="Authentication">
        <Field label="Method" description="How the backend authenticates to Prometheus. Secrets are stored encrypted by Grafana and never sent back to the browser.">
          <RadioButtonGroup options={AUTH_MODES} value={authMode} onChange={changeAuthMode} />
        </Field>
        {authMode === 'basic' && (
          <>
            <Field label="User" htmlFor="tumulte-basic-user" required description="The basic auth user.">
              <Input
                id="tumulte-basic-user"
                width={40}
                value={options.basicAuthUser ?? ''}
                placeholder="user"
                onChange={(e) => onOptionsChange({ ...options, basicAuthUser: e.currentTarget.value })}
              />
            </Field>
            <Field label="Password" htmlFor="tumulte-basic-password" description="The basic auth password. Once saved it shows as configured; Reset clears it.">
              <SecretInput
                id="tumulte-basic-password"
                width={40}
                isConfigured={Boolean(secureJsonFields.basicAuthPassword)}
                value={secureJsonData.basicAuthPassword ?? ''}
                placeholder="password"
                autoComplete="new-password"
                onChange={(e) => setSecret('basicAuthPassword', e.currentTarget.value)}
                onReset={() => onOptionsChange(resetSecret(options, 'basicAuthPassword'))}
              />
            </Field>
          </>
        )}
        {authMode === 'bearer' && (
          <Field label="Bearer token" htmlFor="tumulte-bearer-token" description="Sent as Authorization: Bearer <token> (e.g. a Grafana Cloud or Mimir access token). Once saved it shows as configured; Reset clears it.">
            <SecretInput
              id="tumulte-bearer-token"
              width={60}
              isConfigured={Boolean(secureJsonFields.bearerToken)}
              value={secureJsonData.bearerToken ?? ''}
              placeholder="token"
              autoComplete="off"
              onChange={(e) => setSecret('bearerToken', e.currentTarget.value)}
              onReset={() => onOptionsChange(resetSecret(options, 'bearerToken'))}
            />
          </Field>
        )}
      </FieldSet>

      <TlsSettings options={options} onOptionsChange={onOptionsChange} />

      <FieldSet label="HTTP headers">
        {/* Grafana's own editor: the same numbered keys (httpHeaderName1 / httpHeaderValue1) as its Prometheus. */}
        <CustomHeadersSettings dataSourceConfig={options} onChange={(config) => onOptionsChange(config as Options)} />
      </FieldSet>

      <FieldSet label="Tumulte backend">
        <NumberField
          id="tumulte-db-pool-size"
          label="DB pool size"
          description={`The backend's database connection pool size: DB pool usage is active connections / this.${defaults ? ` Default ${defaults.dbPoolSize} (AdonisJS Lucid's default pool size).` : ''}`}
          value={jsonData.dbPoolSize}
          placeholder={defaults ? String(defaults.dbPoolSize) : undefined}
          suffix="connections"
          width={24}
          rule={(v) => (Number.isInteger(v) && v >= 1 && v <= 4294967295 ? undefined : 'Give a whole number of connections, 1 or more')}
          onChange={(dbPoolSize) => setJsonData({ dbPoolSize })}
        />
      </FieldSet>

      <FieldSet label="Scaling thresholds">
        <ThresholdsEditor overrides={jsonData.thresholds} onChange={(thresholds) => setJsonData({ thresholds })} />
      </FieldSet>
    </>
  );
}
