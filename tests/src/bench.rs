//! What the benchmarks (`plugin-bench`, `scale-bench`) measure with: medians, the CPU time and memory of a
//! process read from Linux's `/proc`, and Prometheus's HTTP API asked directly, as the plugin is compared with.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Error;

/// Linux's `USER_HZ`: the unit of `utime` and `stime` in `/proc/<pid>/stat`, 100 on every architecture Linux
/// exports to user space.
const TICKS_PER_SECOND: f64 = 100.0;

/// The median (the upper one of an even count); NaN when there is nothing.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time of every live thread of a process so far, in nanoseconds (Linux's per-thread schedstat): precise,
/// but a thread that has exited no longer counts.
pub fn cpu_ns(pid: u32) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0;
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// CPU time (user + system) of a process so far, in milliseconds, from `/proc/<pid>/stat`: threads that have
/// exited still count, at the kernel's tick resolution (10 ms), so it is read over many requests.
pub fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: the fields after it start after the last ')'.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().collect();
    // After the name: state is field 3 of proc(5), utime 14 and stime 15.
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 * 1000.0 / TICKS_PER_SECOND)
}

/// The resident set size of a process, in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS:")
}

/// The peak resident set size of a process so far, in KiB (Linux's high-water mark, `VmHWM`).
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmHWM:")
}

/// The file-backed part of a process's resident set, in KiB (`RssFile`): pages of its binary and libraries,
/// clean and shared, which the kernel drops and reads back at will.
pub fn file_rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "RssFile:")
}

/// A field of `/proc/<pid>/status` given in kB (`field` with its colon).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// Resets the peak resident set size (`VmHWM`) of a process to its current RSS (Linux's `clear_refs`, value 5):
/// the peak read afterwards is that of what ran since.
pub fn reset_peak_rss(pid: u32) -> std::io::Result<()> {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")
}

/// Waits until the process uses less than `share` of a core over `window` (Prometheus compacting the blocks
/// backfilled into it would otherwise run under the measurements), after at least `first` and at most `limit`.
/// Returns whether it became idle.
pub async fn settle(pid: u32, first: Duration, window: Duration, share: f64, limit: Duration) -> bool {
    let started = Instant::now();
    tokio::time::sleep(first).await;
    while started.elapsed() < limit {
        let before = cpu_ms(pid);
        tokio::time::sleep(window).await;
        match (before, cpu_ms(pid)) {
            (Some(b), Some(a)) if (a - b) < share * ms(window) => return true,
            (Some(_), Some(_)) => {}
            _ => return false,
        }
    }
    false
}

/// Sends `form` to Prometheus's API `path` and times it up to a parsed, successful answer.
pub async fn direct(http: &reqwest::Client, url: &str, path: &str, form: &[(&str, String)]) -> Result<Duration, Error> {
    let started = Instant::now();
    let body = http
        .post(format!("{url}{path}"))
        .form(form)
        .send()
        .await?
        .bytes()
        .await?;
    let parsed: Value = serde_json::from_slice(&body)?;
    if parsed["status"] != "success" {
        return Err(format!("direct query failed: {parsed}").into());
    }
    Ok(started.elapsed())
}

/// Sends `form` to Prometheus's API `path` and times it up to the answer's last byte, unparsed: the cost of
/// fetching the answer itself. Returns that time and the answer's size; a non-200 status or a body that does not
/// start as a success fails.
pub async fn fetch(
    http: &reqwest::Client,
    url: &str,
    path: &str,
    form: &[(&str, String)],
) -> Result<(Duration, usize), Error> {
    let started = Instant::now();
    let response = http.post(format!("{url}{path}")).form(form).send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    let elapsed = started.elapsed();
    if !status.is_success() || !body.starts_with(br#"{"status":"success""#) {
        let head = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
        return Err(format!("direct query failed: HTTP {status}: {head}").into());
    }
    Ok((elapsed, body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle_and_nan_for_nothing() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn this_process_has_spent_cpu_and_holds_memory() {
        let pid = std::process::id();
        assert!(cpu_ms(pid).is_some());
        assert!(rss_kib(pid).is_some_and(|kib| kib > 0));
    }

    #[test]
    fn a_reset_forgets_an_earlier_peak_rss() {
        const PEAK_KIB: u64 = 64 * 1024;
        let pid = std::process::id();
        let peak = || peak_rss_kib(pid).expect("/proc is readable");
        // Written, so resident; freed, so that the RSS falls back (a block this large is its own mapping).
        let block = std::hint::black_box(vec![1u8; (PEAK_KIB * 1024) as usize]);
        drop(block);
        assert!(peak() >= PEAK_KIB);
        reset_peak_rss(pid).expect("a process may reset its own peak");
        assert!(peak() < PEAK_KIB, "the peak is still {} kB", peak());
    }

    #[test]
    fn heap_memory_is_not_file_backed() {
        const BLOCK_KIB: u64 = 64 * 1024;
        let pid = std::process::id();
        let (rss, file) = (rss_kib(pid).expect("readable"), file_rss_kib(pid).expect("readable"));
        let block = std::hint::black_box(vec![1u8; (BLOCK_KIB * 1024) as usize]);
        let (rss_after, file_after) = (rss_kib(pid).expect("readable"), file_rss_kib(pid).expect("readable"));
        drop(block);
        assert!(file > 0, "the test binary's own code is file-backed");
        assert!(rss_after >= rss + BLOCK_KIB, "the block is resident");
        assert!(file_after < file + 1024, "file-backed grew by {} kB", file_after - file);
    }
}
