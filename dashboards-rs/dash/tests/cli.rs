//! `dash` as a user meets it: its subcommands, and one clear line on bad input.

use std::path::Path;
use std::process::{Command, Output};

fn dash(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dash"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("dash runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A throwaway repository root that `dash` accepts.
fn scratch_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").expect("write");
    std::fs::create_dir(dir.path().join("dashboards-rs")).expect("mkdir");
    dir
}

#[test]
fn build_then_check_passes() {
    let root = scratch_root();
    let out = dash(root.path(), &["build"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out)
        .0
        .contains("wrote     provisioning/dashboards/tumulte/tumulte-overview.json"));
    let out = dash(root.path(), &["check"]);
    assert!(out.status.success(), "{:?}", text(&out));
}

#[test]
fn check_names_each_drifted_file_and_exits_1() {
    let root = scratch_root();
    assert!(dash(root.path(), &["build"]).status.success());
    let rules = root.path().join("monitoring/prometheus/rules/tumulte-alerts.yml");
    let edited = std::fs::read_to_string(&rules)
        .expect("read")
        .replace("for: 5m", "for: 6m");
    std::fs::write(&rules, edited).expect("write");
    std::fs::remove_file(root.path().join("provisioning/datasources/tumulte.yml")).expect("rm");

    let out = dash(root.path(), &["check"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("monitoring/prometheus/rules/tumulte-alerts.yml: differs from the code from line"),
        "{stdout}"
    );
    assert!(
        stdout.contains("provisioning/datasources/tumulte.yml: missing; run `dash build`"),
        "{stdout}"
    );
}

#[test]
fn lint_of_the_generated_files_is_clean() {
    let root = scratch_root();
    let out = dash(root.path(), &["lint"]);
    assert!(out.status.success(), "{:?}", text(&out));
}

#[test]
fn lint_prints_each_finding_with_panel_id_and_target_and_exits_1() {
    let root = scratch_root();
    assert!(dash(root.path(), &["build"]).status.success());
    let path = root
        .path()
        .join("provisioning/dashboards/tumulte/tumulte-overview.json");
    let broken = std::fs::read_to_string(&path)
        .expect("read")
        .replacen("[$__rate_interval]", "[5m]", 1);
    let bad = root.path().join("bad.json");
    std::fs::write(&bad, broken).expect("write");

    let out = dash(root.path(), &["lint", bad.to_str().expect("utf-8 path")]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("panel \"Requests per second by route and status\" (id "),
        "{stdout}"
    );
    assert!(stdout.contains(") target A: rate() over [5m]"), "{stdout}");
}

/// A small foreign dashboard: one panel reading a metric Tumulte does not have, over a fixed window.
const FOREIGN: &str = r#"{"uid": "foreign", "title": "Foreign", "schemaVersion": 39, "panels": [
  {"id": 1, "type": "timeseries", "title": "Load", "description": "Load.", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
   "fieldConfig": {"defaults": {"unit": "short"}}, "datasource": {"type": "prometheus", "uid": "${datasource}"},
   "targets": [{"expr": "rate(node_context_switches_total[5m])"}]}]}"#;

#[test]
fn lint_of_a_foreign_file_reads_no_catalog_unless_asked() {
    let root = scratch_root();
    let file = root.path().join("foreign.json");
    std::fs::write(&file, FOREIGN).expect("write");
    let file = file.to_str().expect("utf-8 path");

    let (stdout, _) = text(&dash(root.path(), &["lint", file]));
    assert!(
        stdout.contains("target A: rate() over [5m]: use [$__rate_interval] [target-rate-interval]"),
        "{stdout}"
    );
    assert!(!stdout.contains("[unknown-metric]"), "{stdout}");

    let (stdout, _) = text(&dash(root.path(), &["lint", "--catalog", "tumulte", file]));
    assert!(
        stdout.contains("metric \"node_context_switches_total\" is neither in the catalog"),
        "{stdout}"
    );
}

#[test]
fn lint_allow_silences_a_rule() {
    let root = scratch_root();
    let file = root.path().join("foreign.json");
    std::fs::write(&file, FOREIGN).expect("write");
    let file = file.to_str().expect("utf-8 path");
    let out = dash(root.path(), &["lint", "--allow", "target-rate-interval", file]);
    let (stdout, _) = text(&out);
    assert!(!stdout.contains("[target-rate-interval]"), "{stdout}");
    assert!(stdout.contains("[template-datasource]"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));

    let out = dash(root.path(), &["lint", "--allow", "promql-parse", file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("no rule \"promql-parse\""), "{:?}", text(&out));
}

#[test]
fn an_unknown_subcommand_is_one_line_and_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_dash"))
        .arg("deploy")
        .output()
        .expect("runs");
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("unrecognized subcommand 'deploy'"), "{stderr}");
}

#[test]
fn an_unknown_flag_is_one_line_and_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_dash"))
        .args(["build", "--fast"])
        .output()
        .expect("runs");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--fast"), "{stderr}");
}

#[test]
fn a_directory_that_is_not_the_repository_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dash(dir.path(), &["build"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("does not look like the repository root"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing was written"
    );
}

#[test]
fn an_unwritable_output_path_is_one_line_and_leaves_no_partial_file() {
    let root = scratch_root();
    // A file where the provisioning directory should be: every write under it fails.
    std::fs::write(root.path().join("provisioning"), "not a directory").expect("write");
    let out = dash(root.path(), &["build"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("provisioning/dashboards"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("provisioning")).expect("read"),
        "not a directory"
    );
}

#[test]
fn help_documents_every_subcommand() {
    let out = Command::new(env!("CARGO_BIN_EXE_dash"))
        .arg("--help")
        .output()
        .expect("runs");
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    for sub in ["build", "check", "lint", "fmt", "import", "preview", "verdict"] {
        assert!(stdout.contains(sub), "{stdout}");
        let sub_help = Command::new(env!("CARGO_BIN_EXE_dash"))
            .args([sub, "--help"])
            .output()
            .expect("runs");
        assert!(sub_help.status.success() && !sub_help.stdout.is_empty());
    }
}

/// `dash preview`'s inputs in a scratch root: the generated data sources and a stand-in built page.
fn preview_root() -> tempfile::TempDir {
    let root = scratch_root();
    assert!(dash(root.path(), &["build"]).status.success());
    let web = root.path().join("web");
    std::fs::create_dir(&web).expect("mkdir");
    std::fs::write(web.join("index.html"), "<!doctype html>").expect("write");
    root
}

fn preview(root: &Path, args: &[&str]) -> Output {
    let web = root.join("web");
    let mut all = vec!["preview", "--web", web.to_str().expect("utf-8")];
    if !args.contains(&"--listen") {
        all.extend(["--listen", "127.0.0.1:0"]);
    }
    all.extend_from_slice(args);
    dash(root, &all)
}

/// The one line `dash` printed on stderr, checked to be one.
fn one_line(out: &Output) -> String {
    let (_, stderr) = text(out);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("dash preview: no ")).collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {stderr}");
    lines[0].to_owned()
}

#[test]
fn preview_of_a_file_that_is_not_json_names_it_and_where() {
    let root = preview_root();
    let file = root.path().join("broken.json");
    std::fs::write(&file, "{\n  \"panels\": [,]\n}\n").expect("write");
    let out = preview(root.path(), &[file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_line(&out);
    assert!(line.contains("broken.json") && line.contains("2:"), "{line}");
}

#[test]
fn preview_of_json_that_is_not_a_dashboard_says_what_is_missing() {
    let root = preview_root();
    let file = root.path().join("alerts.json");
    std::fs::write(&file, "{\"groups\": []}").expect("write");
    let out = preview(root.path(), &[file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_line(&out);
    assert!(line.contains("alerts.json") && line.contains("panels"), "{line}");
}

#[test]
fn preview_on_a_port_in_use_names_the_address() {
    let root = preview_root();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = preview(root.path(), &["--listen", &addr]);
    assert_eq!(out.status.code(), Some(2));
    let line = one_line(&out);
    assert!(line.contains(&addr) && line.contains("--listen"), "{line}");
}

/// `dash` run in `dir`, outside any repository (fmt and import need none).
fn dash_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dash"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("dash runs")
}

const SMALL: &str = r#"{"title": "T", "schemaVersion": 39, "uid": "t", "panels": [{"type": "stat", "id": 1,
  "title": "Up", "gridPos": {"h": 4, "w": 6, "x": 0, "y": 0}, "targets": [{"expr": "up", "refId": "A"}]}]}"#;

#[test]
fn fmt_rewrites_a_dashboard_outside_the_repository_and_check_then_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("d.json");
    std::fs::write(&file, SMALL).expect("write");
    let out = dash_in(dir.path(), &["fmt", "--check", "d.json"]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    assert!(text(&out).0.contains("would reformat d.json"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        SMALL,
        "--check changes nothing"
    );
    let out = dash_in(dir.path(), &["fmt", "d.json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = dash_in(dir.path(), &["fmt", "--check", "d.json"]);
    assert!(out.status.success(), "formatted once, it stays: {:?}", text(&out));
}

#[test]
fn fmt_of_a_file_that_is_not_a_dashboard_names_it_exits_2_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("package.json");
    std::fs::write(&file, r#"{"name": "x"}"#).expect("write");
    let out = dash_in(dir.path(), &["fmt", "package.json"]);
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(
        stderr.starts_with("dash: package.json: not a Grafana dashboard"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), r#"{"name": "x"}"#);
}

#[test]
fn import_prints_builder_source_and_main_a_whole_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("d.json"), SMALL).expect("write");
    let out = dash_in(dir.path(), &["import", "d.json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let source = text(&out).0;
    assert!(
        source.contains("pub fn dashboard() -> Result<Dashboard, BuildErrors>"),
        "{source}"
    );
    assert!(source.contains(".panel(Panel::of(\"Up\""), "{source}");
    let out = dash_in(dir.path(), &["import", "--main", "d.json"]);
    assert!(text(&out).0.contains("fn main() -> std::process::ExitCode"));
}

#[test]
fn import_of_a_missing_file_is_one_line_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dash_in(dir.path(), &["import", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(stderr.starts_with("dash: cannot read nope.json"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn lint_of_a_file_works_outside_the_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("d.json"), SMALL).expect("write");
    let out = dash_in(dir.path(), &["lint", "d.json"]);
    let (stdout, stderr) = text(&out);
    assert!(!stderr.contains("repository root"), "{stderr}");
    assert!(stdout.contains("d.json: panel \"Up\""), "{stdout}");
}

fn verdict(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dash"))
        .arg("verdict")
        .args(args)
        .output()
        .expect("dash runs")
}

#[test]
fn verdict_help_documents_the_exit_codes() {
    let (stdout, _) = text(&verdict(&["--help"]));
    for code in [
        "0 ok, 1 info, 2 warning, 3 critical",
        "4: Prometheus is unreachable",
        "or 5 with --exit-code",
    ] {
        assert!(stdout.contains(code), "{code} in {stdout}");
    }
}

#[test]
fn a_bad_verdict_time_names_at_and_its_forms_in_one_line_and_exits_2() {
    let out = verdict(&["--prometheus", "http://127.0.0.1:9", "--at", "yesterday"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("'--at <TIME>'") && stderr.contains("RFC 3339"),
        "{stderr}"
    );
}

#[test]
fn under_exit_code_a_bad_argument_exits_5_never_a_level() {
    let out = verdict(&["--prometheus", "http://127.0.0.1:9", "--at", "yesterday", "--exit-code"]);
    assert_eq!(out.status.code(), Some(5), "{:?}", text(&out));
    let out = verdict(&["--prometheus", "ftp://ops:s3cret@prom", "--exit-code"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("--prometheus ftp://prom is not an http(s) URL"),
        "{stderr}"
    );
}
