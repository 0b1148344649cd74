import React from 'react';
import type { DataSourceSettings } from '@grafana/data';
import { Field, FieldSet, Input, SecretTextArea, Switch } from '@grafana/ui';

import type { TumulteOptions, TumulteSecureJsonData } from '../types';

type Options = DataSourceSettings<TumulteOptions, TumulteSecureJsonData>;
type Certificate = 'tlsCACert' | 'tlsClientCert' | 'tlsClientKey';
type Toggle = 'tlsAuthWithCACert' | 'tlsAuth' | 'tlsSkipVerify';

export interface TlsSettingsProps {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

/** Grafana's TLS keys (those of its Prometheus data source), which the backend's `settings::Tls` reads. */
export function TlsSettings({ options, onOptionsChange }: TlsSettingsProps) {
  const jsonData: TumulteOptions = options.jsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  const secureJsonData: TumulteSecureJsonData = options.secureJsonData ?? {};

  const setJsonData = (patch: Partial<TumulteOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const setCertificate = (key: Certificate, value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: value } });
  const resetCertificate = (key: Certificate) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });
  const certificate = (key: Certificate, label: string, description: string, placeholder: string) => (
    <Field label={label} htmlFor={`tumulte-${key}`} description={description}>
      <SecretTextArea
        id={`tumulte-${key}`}
        cols={64}
        rows={6}
        isConfigured={Boolean(secureJsonFields[key])}
        value={secureJsonData[key] ?? ''}
        placeholder={placeholder}
        onChange={(e) => setCertificate(key, e.currentTarget.value)}
        onReset={() => resetCertificate(key)}
      />
    </Field>
  );

  const toggle = (key: Toggle, label: string, description: string) => (
    <Field label={label} htmlFor={`tumulte-${key}`} description={description}>
      <Switch
        id={`tumulte-${key}`}
        value={Boolean(jsonData[key])}
        onChange={(e) => setJsonData({ [key]: e.currentTarget.checked } as Partial<Record<Toggle, boolean>>)}
      />
    </Field>
  );

  return (
    <FieldSet label="TLS">
      {toggle(
        'tlsAuthWithCACert',
        'With CA certificate',
        "Trust only this CA for Prometheus's certificate (a private CA), instead of the system's roots."
      )}
      {jsonData.tlsAuthWithCACert &&
        certificate('tlsCACert', 'CA certificate', 'PEM. Stored encrypted by Grafana.', '-----BEGIN CERTIFICATE-----')}
      {toggle(
        'tlsAuth',
        'TLS client authentication',
        "Present a client certificate to Prometheus (its web config's client_auth_type)."
      )}
      {jsonData.tlsAuth && (
        <>
          {certificate('tlsClientCert', 'Client certificate', 'PEM, with its chain if any.', '-----BEGIN CERTIFICATE-----')}
          {certificate('tlsClientKey', 'Client key', "PEM, the certificate's private key.", '-----BEGIN PRIVATE KEY-----')}
        </>
      )}
      <Field
        label="Server name"
        htmlFor="tumulte-tls-server-name"
        description="The name Prometheus's certificate must carry, when the URL's host is another (an IP address, a tunnel). Empty: the URL's host."
      >
        <Input
          id="tumulte-tls-server-name"
          width={40}
          value={jsonData.serverName ?? ''}
          placeholder="prometheus.example.com"
          onChange={(e) => setJsonData({ serverName: e.currentTarget.value || undefined })}
        />
      </Field>
      {toggle(
        'tlsSkipVerify',
        'Skip TLS verify',
        'Accept any certificate from Prometheus. For testing only: anyone between Grafana and Prometheus could read the queries and answers.'
      )}
    </FieldSet>
  );
}
