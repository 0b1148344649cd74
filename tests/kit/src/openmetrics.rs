//! History for a test's engines. It is written by the demo's OpenMetrics writer ([`History`], re-exported from
//! `tumulte_demo::openmetrics`: the one writer, which the demo's backfill uses too), turned into Prometheus TSDB
//! blocks by promtool ([`backfill`]), or converted for VictoriaMetrics' import ([`prometheus_import`]).

use std::path::Path;

pub use tumulte_demo::openmetrics::{target_labels, History, Summary};

use crate::Error;

/// Writes the OpenMetrics `history` to `work/history.om` and has promtool turn it into blocks in the TSDB
/// directory `data` (`tumulte_demo::openmetrics::create_blocks`); returns promtool's output.
pub fn backfill(history: &str, work: &Path, data: &Path) -> Result<String, Error> {
    let file = work.join("history.om");
    std::fs::write(&file, history)?;
    std::fs::create_dir_all(data)?;
    Ok(tumulte_demo::openmetrics::create_blocks(&file, data)?)
}

/// OpenMetrics history as VictoriaMetrics' Prometheus import (`/api/v1/import/prometheus`) reads it: sample
/// timestamps in milliseconds, no comments (so no `# EOF`).
pub fn prometheus_import(openmetrics: &str) -> String {
    let mut out = String::with_capacity(openmetrics.len() + openmetrics.len() / 8);
    for line in openmetrics.lines() {
        if line.starts_with('#') {
            continue;
        }
        match line.rsplit_once(' ') {
            Some((sample, seconds)) if seconds.parse::<i64>().is_ok() => {
                out.push_str(sample);
                out.push(' ');
                out.push_str(seconds);
                out.push_str("000\n");
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_become_milliseconds_and_comments_go() {
        let text = prometheus_import("# TYPE up gauge\nup{job=\"a\"} 1 1700000000\n# EOF\n");
        assert_eq!(text, "up{job=\"a\"} 1 1700000000000\n");
    }
}
