//! The `tumulte-demo` binary: `serve` until killed, `backfill` to a file and TSDB blocks.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{get, parse, post};
use tumulte_test_kit::http::{self, Response};
use tumulte_test_kit::tools;

const BIN: &str = env!("CARGO_BIN_EXE_tumulte-demo");

#[test]
fn serve_prints_its_address_serves_the_scenario_and_dies_when_killed() {
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--scenario",
            "overload",
            "--instance-name",
            "edge-1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    assert!(line.contains("scenario overload"), "{line}");

    let Response { status, body } = get(&addr, "/health");
    assert_eq!(status, 200);
    assert!(
        body.contains("\"instance\":\"edge-1\"") && body.contains("\"scenario\":\"overload\""),
        "{body}"
    );
    let Response { status, body } = get(&addr, "/metrics");
    assert_eq!(status, 200);
    assert!(!parse(&body).samples.is_empty());
    assert_eq!(post(&addr, "/scenario/outage").status, 200);
    assert_eq!(get(&addr, "/metrics").status, 503);

    child.kill().expect("kill");
    child.wait().expect("wait");
    let deadline = Instant::now() + Duration::from_secs(5);
    let port: u16 = addr.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port");
    while http::listening(port) {
        assert!(Instant::now() < deadline, "{addr} still accepts after the process died");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn backfill_writes_openmetrics_and_promtool_blocks() {
    let Some(promtool) = tools::find("promtool", "prometheus") else {
        return;
    };
    let work = tempfile::tempdir().expect("tempdir");
    let file = work.path().join("history.om");
    let data = work.path().join("data");
    let out = Command::new(BIN)
        .args(["backfill", "--timeline", "calm:20m,overload:10m", "--end", "1700000100"])
        .args(["--job", "tumulte-backend", "--instance", "127.0.0.1:4444"])
        .arg("--out")
        .arg(&file)
        .arg("--tsdb")
        .arg(&data)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // 30 minutes at 15 s: 121 points, from 1699998300 to 1700000100.
    assert!(
        stdout.contains("121 points every 15 s from 1699998300 to 1700000100"),
        "{stdout}"
    );

    let text = std::fs::read_to_string(&file).expect("file");
    assert!(text.ends_with("# EOF\n"));
    assert!(text.contains("instance=\"127.0.0.1:4444\""));
    let blocks: Vec<_> = std::fs::read_dir(&data)
        .expect("blocks")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("meta.json").is_file())
        .collect();
    assert!(!blocks.is_empty(), "no block in {}: {stdout}", data.display());
    // promtool's view of the blocks: milliseconds 1699998300000 ..= 1700000100000, nothing in the year 58000.
    let list = Command::new(promtool)
        .args(["tsdb", "list"])
        .arg(&data)
        .output()
        .expect("promtool tsdb list");
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("1699998300000"), "{list}");
    assert!(list.contains("1700000100001"), "{list}");

    // Bad arguments fail with a message.
    let bad = Command::new(BIN)
        .args(["backfill", "--timeline", "calm:2d", "--out"])
        .arg(work.path().join("x.om"))
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("timeline"));
}
