//! `dash`: regenerate, check and lint Tumulte's provisioned dashboards and Prometheus rules, preview a
//! dashboard without Grafana, and print the scaling verdict from Prometheus.

mod format;
mod import;
mod preview;
mod verdict;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use grafana_dashboards::lint::{lint_dashboard, lint_expr, Finding, LintContext, Rule, Severity};
use grafana_dashboards::rules::RuleFile;
use tumulte_artefacts::generate::{self, GeneratedFile};
use tumulte_artefacts::rules;
use tumulte_policy::names::PLUGIN_UID;
use tumulte_policy::{catalog::CATALOG, Policy};

/// Grafana dashboards and Prometheus rules for Tumulte, generated from one typed definition.
///
/// Every threshold, metric name and PromQL query lives once in the Rust crate `tumulte-dashboards`; `dash`
/// writes the files Grafana and Prometheus load from it.
#[derive(Parser)]
#[command(name = "dash", version, about, long_about)]
struct Cli {
    /// Repository root (default: the nearest parent of the current directory holding Cargo.toml and
    /// dashboards-rs/).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write every generated file (dashboard JSON under provisioning/, rule files under monitoring/prometheus/rules/)
    /// and say which changed.
    Build,
    /// Exit 1, naming each file, if a generated file differs from what `build` would write.
    Check,
    /// Lint dashboards and rules, any Grafana dashboard JSON included: Grafana dashboard-linter's rules
    /// (template-*, panel-*, target-*, uneditable-dashboard) and ours (ids, refIds, grid, variables, MetricsQL,
    /// metrics). Each dashboard is read as Grafana loads it: export wrapper unwrapped, pre-5.0 rows laid out,
    /// panel ids and refIds assigned. Exit 1 on any error; warnings are printed and do not fail.
    ///
    /// Without FILES, lints the generated overview against Tumulte's metric catalog, with the rules that do
    /// not fit it allowed (the job/instance conventions, editable); with FILES, lints those with every rule and
    /// no catalog, unless --catalog asks for one.
    Lint {
        /// Dashboard JSON files to lint instead of the generated overview (rules are linted either way).
        files: Vec<PathBuf>,
        /// Check metric names and counter types of FILES against this catalog (the overview always uses
        /// Tumulte's).
        #[arg(long, value_enum, value_name = "NAME")]
        catalog: Option<Catalog>,
        /// Do not report this rule (repeatable), e.g. --allow target-job --allow target-instance.
        #[arg(long = "allow", value_name = "RULE", value_parser = parse_rule)]
        allowed: Vec<Rule>,
    },
    /// Serve a dashboard (default: the overview) as Grafana draws it, from live data: Prometheus and the
    /// Tumulte Scaling plugin behind a small Grafana host, panels drawn by Grafana's own packages. With
    /// --screenshot, render once in headless Chromium and write a PNG.
    Preview(preview::PreviewArgs),
    /// Rewrite dashboard JSON files in the normalised form: read into the typed model (any schema version from
    /// 12 on; the pre-5.0 rows layout migrated as Grafana does) and written back with keys sorted, as Grafana
    /// saves them. A file is only rewritten once it is certain that nothing of it would be lost.
    Fmt(format::FmtArgs),
    /// Print the Rust source that builds a dashboard JSON file with the grafana-dashboards builder: typed
    /// panels, options and field config, the builder's layout where it reproduces the file's. Compiled and run,
    /// it writes exactly what `dash fmt` writes for the file.
    Import(import::ImportArgs),
    /// Print the scaling verdict from Prometheus: each signal of the scaling table (its sustained value, the
    /// steps, its level and action) and the overall level and action, judged as the Tumulte Scaling panels
    /// judge it, with Tumulte's default thresholds.
    ///
    /// Exit codes: 0 when the verdict is printed, whatever its level; with --exit-code, the overall level: 0 ok,
    /// 1 info, 2 warning, 3 critical. 4: Prometheus is unreachable (refused, DNS, TLS, timeout, not
    /// Prometheus's API) or has no data for the scaling table at that time. Bad arguments and other failures
    /// exit 2, or 5 with --exit-code so that no failure reads as a level.
    Verdict(verdict::VerdictArgs),
}

/// A metric catalog `dash lint --catalog` can check foreign dashboards against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Catalog {
    /// Tumulte's metrics and recording rules.
    Tumulte,
}

/// Rules the generated overview is not held to, and why; `dash lint` without FILES allows them. These are
/// dashboard-linter's conventions for a dashboard about one exporter; the overview spans several.
const OVERVIEW_ALLOWED: [(Rule, &str); 6] = [
    (
        Rule::TargetJob,
        "$job picks Tumulte's services; PostgreSQL, Redis, node and cAdvisor panels read their exporter's own job",
    ),
    (
        Rule::TargetInstance,
        "$instance picks hosts for the host panels; service panels sum over instances on purpose",
    ),
    (
        Rule::TemplateJob,
        "the job variable is labelled Service, the word Tumulte's operators use (dashboard-linter: Job)",
    ),
    (
        Rule::TemplateInstance,
        "the instance variable is labelled Host, the word Tumulte's operators use (dashboard-linter: Instance)",
    ),
    (
        Rule::TemplateDatasource,
        "the datasource variable is labelled Prometheus (dashboard-linter: Data source)",
    ),
    (
        Rule::UneditableDashboard,
        "the overview stays editable for exploring; provisioning (allowUiUpdates: false) refuses to save it",
    ),
];

/// A rule name, as `--allow` takes it.
fn parse_rule(name: &str) -> Result<Rule, String> {
    Rule::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        format!("no rule \"{name}\"; the rules are {}", names.join(", "))
    })
}

/// A failure of the command, printed as one line.
#[derive(Debug, thiserror::Error)]
enum DashError {
    #[error(transparent)]
    Generate(#[from] generate::GenerateError),
    #[error(transparent)]
    Policy(#[from] tumulte_policy::PolicyError),
    #[error("cannot find the repository root from {0}: run dash inside the repository or pass --root DIR")]
    NoRoot(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not JSON: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error(transparent)]
    Host(#[from] grafana_preview::host::HostError),
    #[error(transparent)]
    Screenshot(#[from] grafana_preview::screenshot::ShotError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("{0}")]
    Import(String),
    #[error("the screenshot stopped unexpectedly: {0}")]
    Task(String),
}

fn main() -> ExitCode {
    // The PromQL parser's panics are caught and reported as findings (`grafana_dashboards::promql::parse`).
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !grafana_dashboards::promql::parsing() {
            report(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let text = err.to_string();
            // clap's message up to its usage, on one line ("… not provided: --prometheus <URL>").
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
                .collect();
            let first = match lines.join(" ") {
                joined if joined.is_empty() => "invalid arguments".to_owned(),
                joined => joined.trim_start_matches("error: ").to_owned(),
            };
            eprintln!("dash: {first}; see `dash --help`");
            // Under `dash verdict --exit-code`, 2 means warning: a bad argument must not read as a level.
            let args: Vec<_> = std::env::args_os().collect();
            let exit_code = args.iter().any(|a| a == "verdict") && args.iter().any(|a| a == "--exit-code");
            return ExitCode::from(verdict::failure(exit_code));
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dash: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, DashError> {
    let policy = Policy::default();
    // Formatting, importing and linting given files work on any dashboard, inside the repository or not.
    match cli.command {
        Command::Fmt(args) => Ok(format::run(&args)),
        Command::Import(args) => import::run(&args)
            .map(|()| ExitCode::SUCCESS)
            .map_err(DashError::Import),
        // The verdict reads Prometheus, not the repository.
        Command::Verdict(args) => Ok(verdict::run(&args)),
        Command::Lint {
            files: paths,
            catalog,
            allowed,
        } if !paths.is_empty() => lint(&policy, &generate::files(&policy)?, &paths, catalog, &allowed),
        command => {
            let root = match cli.root {
                Some(root) => root,
                None => find_root()?,
            };
            generate::check_root(&root)?;
            let files = generate::files(&policy)?;
            match command {
                Command::Build => build(&root, &files),
                Command::Check => Ok(check(&root, &files)),
                Command::Lint {
                    files: paths,
                    catalog,
                    allowed,
                } => lint(&policy, &files, &paths, catalog, &allowed),
                Command::Preview(args) => preview::run(&root, args),
                Command::Fmt(_) | Command::Import(_) | Command::Verdict(_) => Ok(ExitCode::SUCCESS),
            }
        }
    }
}

fn find_root() -> Result<PathBuf, DashError> {
    let cwd = std::env::current_dir().map_err(|source| DashError::Read {
        path: ".".into(),
        source,
    })?;
    cwd.ancestors()
        .find(|dir| generate::check_root(dir).is_ok())
        .map(Path::to_path_buf)
        .ok_or(DashError::NoRoot(cwd))
}

fn build(root: &Path, files: &[GeneratedFile]) -> Result<ExitCode, DashError> {
    for file in files {
        let changed = generate::write_atomic(&root.join(&file.path), &file.contents)?;
        println!("{} {}", if changed { "wrote    " } else { "unchanged" }, file.path);
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: &Path, files: &[GeneratedFile]) -> ExitCode {
    let drift = generate::drift(root, files);
    for d in &drift {
        println!("{d}");
    }
    if drift.is_empty() {
        println!("{} generated files match the code", files.len());
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn lint(
    policy: &Policy,
    files: &[GeneratedFile],
    paths: &[PathBuf],
    catalog: Option<Catalog>,
    allowed: &[Rule],
) -> Result<ExitCode, DashError> {
    let recording = rules::recording_rules(policy);
    let slo_rules = tumulte_artefacts::slo::slo_rules(policy);
    // Our rule files read our metrics: always checked against the catalog.
    let ours = LintContext {
        catalog: Some(CATALOG),
        recorded: recording
            .rules()
            .chain(slo_rules.rules())
            .filter(|r| matches!(r, grafana_dashboards::rules::Rule::Record(_)))
            .map(|r| r.name().to_owned())
            .collect(),
        provisioned_uids: vec![PLUGIN_UID.to_owned()],
        allowed: allowed.to_vec(),
    };
    let ctx = if paths.is_empty() {
        LintContext {
            allowed: ours
                .allowed
                .iter()
                .copied()
                .chain(OVERVIEW_ALLOWED.iter().map(|(rule, _)| *rule))
                .collect(),
            ..ours.clone()
        }
    } else {
        match catalog {
            Some(Catalog::Tumulte) => ours.clone(),
            None => LintContext {
                catalog: None,
                recorded: Vec::new(),
                ..ours.clone()
            },
        }
    };
    let mut findings: Vec<Finding> = Vec::new();
    let mut dashboards = Vec::new();
    if paths.is_empty() {
        for file in files.iter().filter(|f| f.path.ends_with(".json")) {
            let value = serde_json::from_str(&file.contents).map_err(|source| DashError::Json {
                path: file.path.clone().into(),
                source,
            })?;
            dashboards.push((file.path.clone(), value));
        }
    } else {
        for path in paths {
            let text = std::fs::read_to_string(path).map_err(|source| DashError::Read {
                path: path.clone(),
                source,
            })?;
            let value = serde_json::from_str(&text).map_err(|source| DashError::Json {
                path: path.clone(),
                source,
            })?;
            dashboards.push((path.display().to_string(), value));
        }
    }
    for (path, dashboard) in &dashboards {
        for finding in lint_dashboard(dashboard, &ctx) {
            println!("{path}: {finding}");
            findings.push(finding);
        }
    }
    let rule_files: [(&str, RuleFile); 3] = [
        ("tumulte-recording.yml", recording.clone()),
        ("tumulte-alerts.yml", rules::alert_rules(policy)?),
        ("tumulte-slo.yml", slo_rules),
    ];
    let mut rule_count = 0;
    for (file, rule_file) in &rule_files {
        for rule in rule_file.rules() {
            rule_count += 1;
            for finding in lint_expr(rule.expr(), &format!("{file} rule \"{}\"", rule.name()), &ours) {
                println!("{finding}");
                findings.push(finding);
            }
        }
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    if findings.is_empty() {
        println!("lint: {} dashboard(s) and {rule_count} rules clean", dashboards.len());
        Ok(ExitCode::SUCCESS)
    } else {
        println!("lint: {errors} error(s), {warnings} warning(s)");
        Ok(if errors == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }
}
