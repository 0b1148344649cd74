//! The plugin against a real Prometheus that speaks only https, wants a client certificate signed by its CA and
//! basic auth (`--web.config.file`), configured with Grafana's own TLS and custom-header settings.

use std::sync::Arc;

use serde_json::json;
use tumulte_tests::host::{query_data, verdict_table_query, Asker, DataSource, PluginProcess};
use tumulte_tests::pluginv2::{check_health_response::HealthStatus, DataFrameFormat};
use tumulte_tests::prometheus::PrometheusServer;
use tumulte_tests::scenario::Timeline;
use tumulte_tests::tls::Pki;
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// One secured Prometheus with history, its certificates, and a started plugin; `None` when Prometheus is not
/// installed (the test kit's rule).
async fn secured() -> Result<Option<(Pki, Arc<PrometheusServer>, PluginProcess)>> {
    let pki = Pki::new()?;
    let Some(prom) = PrometheusServer::start_secured(Some(Timeline::ending_now()), &pki)? else {
        return Ok(None);
    };
    Ok(Some((pki, Arc::new(prom), PluginProcess::start().await?)))
}

/// The data source as an operator fills it in: the CA, the client certificate, basic auth.
fn data_source(pki: &Pki, prom: &PrometheusServer) -> DataSource {
    let mut ds = DataSource::new(prom.url());
    ds.json = json!({"tlsAuthWithCACert": true, "tlsAuth": true});
    ds.basic_auth_user = Some(pki.user.clone());
    for (key, value) in [
        ("basicAuthPassword", &pki.password),
        ("tlsCACert", &pki.ca_pem),
        ("tlsClientCert", &pki.client.cert_pem),
        ("tlsClientKey", &pki.client.key_pem),
    ] {
        ds.secure.insert(key.into(), value.clone());
    }
    ds
}

async fn health(plugin: &PluginProcess, ds: &DataSource) -> Result<(i32, String)> {
    let r = plugin.check_health(ds).await?;
    Ok((r.status, r.message))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ca_a_client_certificate_and_basic_auth_reach_a_secured_prometheus() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let ds = data_source(&pki, &prom);
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Ok as i32, "{message}");
    assert!(message.starts_with("Prometheus 2."), "{message}");
    let to = Timeline::ending_now().end;
    let answers = query_data(
        &plugin,
        &ds,
        &Asker::Grafana,
        DataFrameFormat::Arrow,
        vec![verdict_table_query(to)],
    )
    .await?;
    let verdict = answers.get("V").ok_or("no verdict")?;
    assert_eq!(verdict.status, 200, "{}", verdict.error);
    assert!(verdict.frames.first().is_some_and(|f| f.rows() > 1));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn custom_headers_reach_prometheus() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let mut ds = data_source(&pki, &prom);
    // Basic auth off: the credentials travel only in the custom header, so Prometheus accepts the request
    // only if the header arrives.
    ds.basic_auth_user = None;
    ds.json["httpHeaderName1"] = json!("Authorization");
    ds.secure.insert("httpHeaderValue1".into(), pki.basic_authorization());
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Ok as i32, "{message}");

    ds.uid = "without-the-header".into();
    ds.json = json!({"tlsAuthWithCACert": true, "tlsAuth": true});
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Error as i32, "{message}");
    assert!(message.contains("refused the credentials"), "{message}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_server_certificate_fails_with_the_fix() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let mut system_roots = data_source(&pki, &prom);
    system_roots.json = json!({"tlsAuth": true});
    let mut other_ca = data_source(&pki, &prom);
    other_ca.uid = "other-ca".into();
    other_ca.secure.insert("tlsCACert".into(), pki.other_ca_pem.clone());
    for ds in [system_roots, other_ca] {
        let (status, message) = health(&plugin, &ds).await?;
        assert_eq!(status, HealthStatus::Error as i32, "{message}");
        assert!(message.contains("TLS handshake"), "{message}");
        assert!(message.contains("not signed by a CA the plugin trusts"), "{message}");
        assert!(message.contains("tlsCACert"), "{message}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_client_certificate_fails_with_the_fix() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let mut ds = data_source(&pki, &prom);
    ds.json = json!({"tlsAuthWithCACert": true});
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Error as i32, "{message}");
    assert!(message.contains("client certificate"), "{message}");
    assert!(message.contains("jsonData.tlsAuth"), "{message}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn skip_verify_accepts_the_server_certificate_without_its_ca() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let mut ds = data_source(&pki, &prom);
    ds.json = json!({"tlsSkipVerify": true, "tlsAuth": true});
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Ok as i32, "{message}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_certificate_is_named_and_no_secret_is_shown() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    let mut ds = data_source(&pki, &prom);
    let key = pki.client.key_pem.clone();
    ds.secure.insert("tlsClientKey".into(), key[..key.len() / 2].to_owned());
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Error as i32, "{message}");
    assert!(
        message.contains("secureJsonData.tlsClientKey is not a PEM private key"),
        "{message}"
    );
    let key_body: String = key.lines().nth(1).unwrap_or_default().to_owned();
    assert!(
        !message.contains(&key_body) && !message.contains(&pki.password),
        "{message}"
    );
    assert!(!plugin.log().join("\n").contains(&key_body), "the key reached the log");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn server_name_checks_the_certificate_against_another_name_than_the_urls_host() -> Result {
    let Some((pki, prom, plugin)) = secured().await? else {
        return Ok(());
    };
    // The certificate names 127.0.0.1 only; the URL says localhost.
    let mut ds = data_source(&pki, &prom);
    ds.url = format!("https://localhost:{}", prom.port);
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Error as i32, "{message}");
    assert!(message.contains("does not name the host"), "{message}");

    ds.uid = "with-server-name".into();
    ds.json["serverName"] = json!("127.0.0.1");
    let (status, message) = health(&plugin, &ds).await?;
    assert_eq!(status, HealthStatus::Ok as i32, "{message}");
    Ok(())
}
