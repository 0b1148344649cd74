//! Logs as hclog JSON lines on stderr (`@level`, `@message`, `@timestamp`, then the event's fields), the format
//! Grafana's go-plugin host parses and re-emits in its own log.
//!
//! Secrets never reach a log: settings hold them in [`crate::settings::Secret`], whose `Debug` and `Display`
//! print `[redacted]`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::time::SystemTime;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The environment variable that sets the log filter: `info` unless set; a bare level (`debug`) applies to the
/// plugin's own code, full `tracing` directives (`h2=trace,info`) are taken as written.
pub const FILTER_ENV: &str = "GF_PLUGIN_TUMULTE_LOG";

/// Installs the JSON layer as the global subscriber. Call once, at start-up.
pub fn init() {
    let filter = filter(std::env::var(FILTER_ENV).ok().as_deref());
    // A second call (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(filter).with(HclogLayer).try_init();
}

/// The filter for a value of [`FILTER_ENV`]. A bare level stops at the plugin's own crates because the HTTP and
/// gRPC stacks log every pooled connection and frame at `debug`: asking for the plugin's debug lines must not
/// turn each query into dozens of lines for Grafana to parse.
pub fn filter(value: Option<&str>) -> EnvFilter {
    let own = |level: &str| format!("info,tumulte_plugin={level},gpx_tumulte_scaling={level}");
    let directives = match value.map(str::trim) {
        None | Some("") => "info".to_owned(),
        Some(level) if level.parse::<tracing::Level>().is_ok() => own(level),
        Some(directives) => directives.to_owned(),
    };
    EnvFilter::try_new(&directives).unwrap_or_else(|e| {
        eprintln!("gpx_tumulte_scaling: {FILTER_ENV}={directives:?} is not a log filter ({e}); logging at info");
        EnvFilter::new("info")
    })
}

/// Writes each event as one hclog JSON line on stderr.
#[derive(Debug, Clone, Copy, Default)]
pub struct HclogLayer;

impl<S: Subscriber> Layer<S> for HclogLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let line = render(event.metadata().level(), event.metadata().target(), |visitor| {
            event.record(visitor)
        });
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(line.as_bytes());
    }
}

/// hclog's name for a level.
pub fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

fn render(level: &Level, target: &str, record: impl FnOnce(&mut JsonVisitor)) -> String {
    let mut visitor = JsonVisitor::default();
    record(&mut visitor);
    let mut object = Map::new();
    object.insert("@level".into(), Value::from(level_name(level)));
    object.insert("@message".into(), Value::from(visitor.message));
    object.insert(
        "@timestamp".into(),
        Value::from(humantime::format_rfc3339_micros(SystemTime::now()).to_string()),
    );
    object.insert("@module".into(), Value::from(target.replace("::", ".")));
    for (key, value) in visitor.fields {
        object.insert(key, value);
    }
    let mut line = Value::Object(object).to_string();
    line.push('\n');
    line
}

#[derive(Default)]
struct JsonVisitor {
    message: String,
    fields: Map<String, Value>,
}

impl Visit for JsonVisitor {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.fields.insert(field.name().into(), Value::from(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.insert(field.name().into(), Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields.insert(field.name().into(), Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.fields.insert(field.name().into(), Value::from(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_owned();
        } else {
            self.fields.insert(field.name().into(), Value::from(value));
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let mut text = String::new();
        let _ = write!(text, "{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields.insert(field.name().into(), Value::from(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_level_applies_to_the_plugin_only() {
        let filter = filter(Some("debug")).to_string();
        assert!(filter.contains("tumulte_plugin=debug"), "{filter}");
        assert!(!filter.split(',').any(|d| d == "debug"), "{filter}");
    }

    #[test]
    fn directives_are_taken_as_written() {
        assert_eq!(filter(Some("h2=trace")).to_string(), "h2=trace");
        assert_eq!(filter(None).to_string(), "info");
        assert_eq!(filter(Some("=[nonsense")).to_string(), "info");
    }

    #[test]
    fn a_line_is_hclog_json() {
        let line = render(&Level::WARN, "tumulte_plugin::health", |_| {});
        let value: Value = serde_json::from_str(&line).expect("json");
        assert_eq!(value["@level"], "warn");
        assert_eq!(value["@module"], "tumulte_plugin.health");
        assert!(value["@timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
        assert!(line.ends_with('\n'));
    }
}
