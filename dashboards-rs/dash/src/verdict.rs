//! `dash verdict`: the scaling verdict from Prometheus, for people (a table) or machines (JSON, an exit code).
//!
//! It asks Prometheus what the Tumulte Scaling data source's `scalingVerdict` asks (the policy's
//! [`verdict::queries`]: each signal's sustained PromQL, one instant query each, concurrently), reads the answers
//! as it does ([`Answer::latest_values`], [`verdict::sustained_reading`]) and judges them with the same engine
//! ([`verdict::evaluate`]), so the terminal, a cron job and the dashboard agree. It uses Tumulte's default
//! policy: the thresholds and DB pool size of the generated files, not a data source's overrides.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat};
use clap::Args;
use futures::future::try_join_all;
use grafana_dashboards::excerpt::redact_url;
use grafana_frames::prometheus::{from_slice, Answer, AnswerError, Layout};
use grafana_preview::prometheus::{tls_config, transport_detail};
use serde::Serialize;
use tumulte_policy::verdict::{self, Level, Readings, SignalQuery, Verdict};
use tumulte_policy::Policy;

/// The exit code when Prometheus is unreachable, answers as something else, or holds no data for the scaling
/// table at that time.
pub const UNAVAILABLE: u8 = 4;

/// The exit code of any other failure under `--exit-code` (bad arguments included), so that none reads as a
/// level.
pub const FAILED: u8 = 5;

/// dash's exit code of a failure without `--exit-code`.
const USAGE: u8 = 2;

/// The exit code of a failure that is not [`UNAVAILABLE`]: dash's usual 2, or [`FAILED`] under `--exit-code`.
pub const fn failure(exit_code: bool) -> u8 {
    if exit_code {
        FAILED
    } else {
        USAGE
    }
}

/// The exit code of a verdict printed: the overall level's number under `--exit-code`, else 0.
pub const fn success(overall: Level, exit_code: bool) -> u8 {
    if exit_code {
        overall.number()
    } else {
        0
    }
}

/// `dash verdict`'s arguments.
#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// Prometheus's root URL, e.g. http://localhost:9090. User-info (http://user:password@host) is sent as basic
    /// auth and never printed.
    #[arg(long, value_name = "URL")]
    prometheus: String,
    /// The time to judge: RFC 3339 (2026-11-30T00:00:00Z) or Unix seconds (1795996800). Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at)]
    at: Option<i64>,
    /// Print JSON instead of the table: {"at", "prometheus", "signals": [{"signal", "name", "value", "unit",
    /// "warning", "critical", "info", "level", "action"}], "overall", "action"} (see the README).
    #[arg(long)]
    json: bool,
    /// Exit with the overall level's number: 0 ok, 1 info, 2 warning, 3 critical; 4 unavailable as without it,
    /// 5 for any other failure.
    #[arg(long)]
    exit_code: bool,
    /// How long to wait for Prometheus's answers, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
}

/// `--at`: Unix seconds, or an RFC 3339 time (to the second).
pub fn parse_at(text: &str) -> Result<i64, String> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|_| "not a time: give RFC 3339 (2026-11-30T00:00:00Z) or Unix seconds (1795996800)".to_owned())
}

/// Why no verdict was printed, naming Prometheus (without user-info) and what to do.
#[derive(Debug, thiserror::Error)]
pub enum VerdictError {
    /// `--prometheus` is not an http(s) URL.
    #[error("--prometheus {url} is not an http(s) URL: give Prometheus's root, e.g. http://localhost:9090")]
    Url {
        /// The URL given, without user-info.
        url: String,
    },
    /// The HTTP client or the runtime cannot be set up.
    #[error("cannot set up {what}: {detail}")]
    Setup {
        /// The TLS configuration, the HTTP client or the async runtime.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// Nothing answered: connection refused, DNS, TLS.
    #[error("Prometheus at {url} is unreachable: {detail}; check that it runs and --prometheus")]
    Unreachable {
        /// The URL, without user-info.
        url: String,
        /// What the connection said.
        detail: String,
    },
    /// No answer in time.
    #[error("Prometheus at {url} is unreachable: no answer within {seconds} s; raise --timeout or check its load")]
    Timeout {
        /// The URL, without user-info.
        url: String,
        /// `--timeout`.
        seconds: u64,
    },
    /// An answer that is not Prometheus's API.
    #[error("Prometheus at {url} is unreachable: HTTP {status} is not Prometheus's API ({excerpt:?}); {fix}")]
    NotPrometheus {
        /// The URL, without user-info.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        excerpt: String,
        /// What to change.
        fix: &'static str,
    },
    /// Prometheus refused or failed one of the queries.
    #[error("Prometheus at {url} answered the query of {signal} with {kind}: {message}")]
    Refused {
        /// The URL, without user-info.
        url: String,
        /// The signal's key.
        signal: &'static str,
        /// Prometheus's `errorType`.
        kind: String,
        /// Prometheus's `error`.
        message: String,
    },
    /// Prometheus answered, without data for any signal of the scaling table.
    #[error(
        "Prometheus at {url} is empty at {at}: no data for any signal of the scaling table; is it scraping \
         Tumulte and its hosts (monitoring/prometheus/prometheus.yml)? is --at inside its retention?"
    )]
    Empty {
        /// The URL, without user-info.
        url: String,
        /// The time judged, RFC 3339.
        at: String,
    },
    /// The engine refused the readings.
    #[error("the verdict engine refused the readings: {0}")]
    Engine(#[from] verdict::VerdictError),
}

impl VerdictError {
    /// The exit code: [`UNAVAILABLE`] when Prometheus cannot give the verdict's data, else [`failure`].
    pub fn code(&self, exit_code: bool) -> u8 {
        match self {
            VerdictError::Unreachable { .. }
            | VerdictError::Timeout { .. }
            | VerdictError::NotPrometheus { .. }
            | VerdictError::Empty { .. } => UNAVAILABLE,
            VerdictError::Url { .. }
            | VerdictError::Setup { .. }
            | VerdictError::Refused { .. }
            | VerdictError::Engine(_) => failure(exit_code),
        }
    }
}

/// Runs `dash verdict`: prints the verdict (stdout) or one line saying why not (stderr), and says the exit code.
pub fn run(args: &VerdictArgs) -> ExitCode {
    let at = args.at.unwrap_or_else(now);
    let policy = Policy::default();
    let shown = redact_url(args.prometheus.trim_end_matches('/'));
    match judge(&policy, args, at) {
        Ok(verdict) => {
            if args.json {
                let report = Report {
                    at: rfc3339(at),
                    prometheus: &shown,
                    verdict: &verdict,
                };
                match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("dash verdict: cannot write the verdict as JSON: {e}");
                        return ExitCode::from(failure(args.exit_code));
                    }
                }
            } else {
                print!("{}", table(&policy, &verdict, &rfc3339(at), &shown));
            }
            ExitCode::from(success(verdict.overall, args.exit_code))
        }
        Err(err) => {
            eprintln!("dash verdict: {err}");
            ExitCode::from(err.code(args.exit_code))
        }
    }
}

/// What `--json` prints: when, from where, and the policy's [`Verdict`] as it serialises.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    /// The time judged, RFC 3339 in UTC.
    at: String,
    /// Prometheus's URL, without user-info.
    prometheus: &'a str,
    /// `signals`, `overall`, `action`.
    #[serde(flatten)]
    verdict: &'a Verdict,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn rfc3339(at: i64) -> String {
    DateTime::from_timestamp(at, 0).map_or_else(|| at.to_string(), |t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Reads every signal at `at` and judges them.
fn judge(policy: &Policy, args: &VerdictArgs, at: i64) -> Result<Verdict, VerdictError> {
    let client = Client::new(&args.prometheus, Duration::from_secs(args.timeout))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| VerdictError::Setup {
            what: "the async runtime",
            detail: e.to_string(),
        })?;
    let queries = verdict::queries(policy);
    let answers = runtime.block_on(try_join_all(queries.iter().map(|q| client.instant(q, at))))?;
    let readings: Readings = queries
        .iter()
        .zip(&answers)
        .map(|(q, answer)| (q.signal, verdict::sustained_reading(answer.latest_values())))
        .collect();
    if readings.values().all(Option::is_none) {
        return Err(VerdictError::Empty {
            url: client.shown,
            at: rfc3339(at),
        });
    }
    Ok(verdict::evaluate(policy, &readings)?)
}

/// Prometheus's HTTP API at one URL.
struct Client {
    http: reqwest::Client,
    /// The URL as given, user-info included: reqwest sends it as basic auth.
    base: String,
    /// The URL without user-info, for messages.
    shown: String,
    timeout: Duration,
}

impl Client {
    fn new(url: &str, timeout: Duration) -> Result<Client, VerdictError> {
        let base = url.trim_end_matches('/').to_owned();
        let shown = redact_url(&base);
        let valid = reqwest::Url::parse(&base)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()));
        if !valid {
            return Err(VerdictError::Url { url: shown });
        }
        let setup = |what| move |detail: String| VerdictError::Setup { what, detail };
        let tls = tls_config().map_err(setup("TLS"))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(timeout)
            .build()
            .map_err(|e| setup("the HTTP client")(e.without_url().to_string()))?;
        Ok(Client {
            http,
            base,
            shown,
            timeout,
        })
    }

    /// One instant query at `at` (Unix seconds): the answer's data.
    async fn instant(&self, query: &SignalQuery, at: i64) -> Result<Answer, VerdictError> {
        let response = self
            .http
            .get(format!("{}/api/v1/query", self.base))
            .query(&[("query", query.expr.as_str()), ("time", &at.to_string())])
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| self.transport(e))?;
        let not_prometheus = || {
            let excerpt = String::from_utf8_lossy(&body[..body.len().min(120)]).trim().to_owned();
            let fix = match status {
                401 | 403 => "check the user and password in the URL",
                _ => "give Prometheus's root URL, e.g. http://localhost:9090",
            };
            VerdictError::NotPrometheus {
                url: self.shown.clone(),
                status,
                excerpt,
                fix,
            }
        };
        match from_slice(&body, Layout::Latest) {
            Ok(answer) => Ok(answer),
            Err(AnswerError::Failed { error_type, error }) => Err(VerdictError::Refused {
                url: self.shown.clone(),
                signal: query.signal.key(),
                kind: error_type,
                message: error,
            }),
            Err(_) => Err(not_prometheus()),
        }
    }

    fn transport(&self, e: reqwest::Error) -> VerdictError {
        if e.is_timeout() {
            return VerdictError::Timeout {
                url: self.shown.clone(),
                seconds: self.timeout.as_secs(),
            };
        }
        VerdictError::Unreachable {
            url: self.shown.clone(),
            detail: transport_detail(e),
        }
    }
}

/// The verdict for people: a heading, one row per signal (its sustained value in its unit, the window it was
/// sustained over, the scaling table's steps, the level, the action), then the overall level and action.
pub fn table(policy: &Policy, verdict: &Verdict, at: &str, url: &str) -> String {
    let header = [
        "Signal",
        "Value",
        "Sustained",
        "Info",
        "Warning",
        "Critical",
        "Level",
        "Action",
    ]
    .map(str::to_owned);
    let mut rows = vec![header];
    for s in &verdict.signals {
        let signal = policy.signal(s.signal);
        let step = |value: Option<f64>| {
            value.map_or_else(
                || "-".to_owned(),
                |v| format!("{} {}", signal.direction.operator(), signal.unit.format(v)),
            )
        };
        rows.push([
            s.name.clone(),
            s.value.map_or_else(|| "no data".to_owned(), |v| signal.unit.format(v)),
            signal.sustain.to_string(),
            step(s.info),
            step(s.warning),
            step(s.critical),
            s.level.name().to_owned(),
            s.action.clone(),
        ]);
    }
    let mut widths = [0; 8];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = format!("Scaling verdict at {at} from {url}\n\n");
    for row in &rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\nOverall: {} ({}): {}",
        verdict.overall,
        verdict.overall.meaning(),
        verdict.action
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tumulte_policy::SignalId;

    fn calm(policy: &Policy) -> Readings {
        policy.scaling_signals().map(|s| (s.id, Some(0.0))).collect()
    }

    #[test]
    fn at_reads_unix_seconds() {
        assert_eq!(parse_at("1764464400"), Ok(1_764_464_400));
    }

    #[test]
    fn at_reads_rfc_3339_with_its_offset() {
        assert_eq!(parse_at("2025-11-30T01:00:00Z"), Ok(1_764_464_400));
        assert_eq!(parse_at("2025-11-30T02:00:00+01:00"), Ok(1_764_464_400));
    }

    #[test]
    fn a_bad_at_names_the_accepted_forms() {
        let err = parse_at("yesterday").expect_err("not a time");
        assert!(err.contains("RFC 3339") && err.contains("Unix seconds"), "{err}");
    }

    #[test]
    fn with_exit_code_a_verdict_exits_with_its_level_number() {
        for level in Level::ALL {
            assert_eq!(success(level, true), level.number());
        }
    }

    #[test]
    fn without_exit_code_a_verdict_exits_0_whatever_its_level() {
        assert_eq!(success(Level::Critical, false), 0);
    }

    #[test]
    fn no_failure_exits_with_a_level_number_under_exit_code() {
        let unavailable = VerdictError::Timeout {
            url: "http://p".into(),
            seconds: 1,
        };
        let bad = VerdictError::Url { url: "p".into() };
        for code in [unavailable.code(true), bad.code(true), failure(true)] {
            assert!(Level::ALL.iter().all(|l| l.number() != code), "{code}");
        }
    }

    #[test]
    fn without_exit_code_unavailable_exits_4_and_other_failures_as_dash_does() {
        let unavailable = VerdictError::Empty {
            url: "http://p".into(),
            at: "2026-11-30T00:00:00Z".into(),
        };
        assert_eq!(unavailable.code(false), UNAVAILABLE);
        assert_eq!(VerdictError::Url { url: "p".into() }.code(false), USAGE);
    }

    #[test]
    fn the_table_has_a_row_per_signal_with_unit_steps_and_level_then_overall() {
        let policy = Policy::default();
        let mut readings = calm(&policy);
        readings.insert(SignalId::CpuUsage, Some(92.0));
        readings.insert(SignalId::LatencyP95, None);
        let verdict = verdict::evaluate(&policy, &readings).expect("valid readings");
        let text = table(&policy, &verdict, "2025-11-30T01:00:00Z", "http://prom:9090");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Scaling verdict at 2025-11-30T01:00:00Z from http://prom:9090"
        );
        assert!(lines[2].starts_with("Signal"), "{text}");
        let cpu = policy.signal(SignalId::CpuUsage);
        let critical = cpu.step(Level::Critical).expect("CPU has a critical step");
        let row = lines.iter().find(|l| l.starts_with(&cpu.name)).expect("a row for CPU");
        assert!(row.contains("92%"), "{row}");
        assert!(row.contains(&format!("> {}", cpu.unit.format(critical.value))), "{row}");
        assert!(row.contains(&format!("critical  {}", critical.action)), "{row}");
        let latency = lines
            .iter()
            .find(|l| l.starts_with(&policy.signal(SignalId::LatencyP95).name))
            .expect("a row for latency");
        assert!(latency.contains("no data"), "{latency}");
        assert_eq!(lines.len(), 3 + verdict.signals.len() + 2, "{text}");
        assert_eq!(
            lines.last().copied(),
            Some(format!("Overall: critical (act now): {}: {}", cpu.name, critical.action).as_str())
        );
    }
}
