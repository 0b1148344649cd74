//! `tumulte-demo`: serve a simulated Tumulte backend, or write its history for promtool.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Parser, Subcommand};
use tumulte_demo::backfill::write_openmetrics;
use tumulte_demo::model::expected;
use tumulte_demo::openmetrics::create_blocks;
use tumulte_demo::{BackfillSpec, DemoConfig, DemoServer, Error, Scenario, Thresholds, Timeline, DEFAULT_SEED};

/// Demo traffic generator for Tumulte Monitoring.
#[derive(Debug, Parser)]
#[command(name = "tumulte-demo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve GET /metrics (the catalog's tumulte_* metrics), GET /health and POST /scenario/<name>.
    Serve(ServeArgs),
    /// Write OpenMetrics history of a scenario or timeline (and turn it into TSDB blocks with --tsdb).
    Backfill(BackfillArgs),
    /// Print where each scenario puts each signal, against the thresholds of Tumulte's defaults.
    Scenarios,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on (port 0: any free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:3333")]
    listen: String,
    /// calm, busy, overload or outage (switch later with POST /scenario/<name>).
    #[arg(long, default_value = "calm")]
    scenario: Scenario,
    /// Name of this simulated backend: mixed into the seed and reported by /health (not a metric label).
    #[arg(long, default_value = "demo")]
    instance_name: String,
    /// Seed of the randomness.
    #[arg(long)]
    seed: Option<u64>,
    /// Simulated seconds per wall-clock second.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
}

#[derive(Debug, Args)]
struct BackfillArgs {
    /// One scenario over the whole window.
    #[arg(long, conflicts_with = "timeline")]
    scenario: Option<Scenario>,
    /// Scenarios in turn from the window's start, e.g. calm:3h,busy:2h,overload:1h.
    #[arg(long)]
    timeline: Option<Timeline>,
    /// Length of the window (default: the timeline's length, else 6).
    #[arg(long)]
    hours: Option<f64>,
    /// End of the window: Unix seconds, or `now`. Must be before the live scrape of the same target starts.
    #[arg(long, default_value = "now")]
    end: String,
    /// Seconds between points (the scrape interval).
    #[arg(long, default_value_t = tumulte_policy::catalog::SCRAPE_INTERVAL.as_secs())]
    step: u64,
    /// `job` label, as the scrape job is named [default: tumulte-backend].
    #[arg(long)]
    job: Option<String>,
    /// `instance` label, the scrape target's host:port [default: 127.0.0.1:3333].
    #[arg(long)]
    instance: Option<String>,
    /// Seed of the randomness.
    #[arg(long)]
    seed: Option<u64>,
    /// The OpenMetrics file to write.
    #[arg(long)]
    out: PathBuf,
    /// Also run `promtool tsdb create-blocks-from openmetrics OUT DIR` (DIR: a Prometheus --storage.tsdb.path).
    #[arg(long, value_name = "DIR")]
    tsdb: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Backfill(args) => backfill(args),
        Command::Scenarios => scenarios(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tumulte-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> Result<(), Error> {
    let mut config = DemoConfig::new(args.scenario)?;
    config.instance_name = args.instance_name;
    config.seed = args.seed.unwrap_or(DEFAULT_SEED);
    config.speed = args.speed;
    let server = DemoServer::start_with(args.listen.as_str(), config)?;
    let mut stdout = std::io::stdout();
    writeln!(
        stdout,
        "tumulte-demo: scenario {} on {}/metrics",
        server.scenario(),
        server.url()
    )?;
    stdout.flush()?;
    server.wait();
    Ok(())
}

fn backfill(args: BackfillArgs) -> Result<(), Error> {
    let timeline = match (args.timeline, args.scenario) {
        (Some(t), _) => t,
        (None, s) => Timeline::constant(s.unwrap_or(Scenario::Calm)),
    };
    let hours = match args.hours {
        Some(h) => h,
        None if timeline.total_seconds() < u64::MAX => timeline.total_seconds() as f64 / 3600.0,
        None => 6.0,
    };
    if !(hours.is_finite() && hours > 0.0) {
        return Err(Error::Backfill(format!("--hours {hours} must be positive")));
    }
    let end = if args.end == "now" {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| Error::Backfill(e.to_string()))?
            .as_secs()
    } else {
        args.end
            .parse()
            .map_err(|_| Error::Backfill(format!("--end {:?}: Unix seconds or `now`", args.end)))?
    };
    let mut spec = BackfillSpec::new(timeline, end, (hours * 3600.0).round() as u64)?;
    spec.step = args.step;
    spec.job = args.job.unwrap_or(spec.job);
    spec.instance = args.instance.unwrap_or(spec.instance);
    spec.seed = args.seed.unwrap_or(spec.seed);

    let file = std::fs::File::create(&args.out)?;
    let summary = write_openmetrics(file, &spec)?;
    println!(
        "tumulte-demo: wrote {}: {} series, {} samples, {} points every {} s from {} to {} (job={}, instance={}, \
         timeline {})",
        args.out.display(),
        summary.series,
        summary.samples,
        summary.points,
        spec.step,
        summary.first,
        summary.last,
        spec.job,
        spec.instance,
        spec.timeline
    );
    if let Some(dir) = args.tsdb {
        let output = create_blocks(&args.out, &dir)?;
        print!("{output}");
        println!("tumulte-demo: blocks written to {}", dir.display());
    }
    Ok(())
}

fn scenarios() -> Result<(), Error> {
    let t = Thresholds::tumulte_defaults()?;
    println!(
        "Thresholds (Tumulte's defaults, Policy::default()): p95 warning {} s, critical {} s; 5xx ratio {}; DB pool warning {} % of {}; \
         WebSockets info {}",
        t.latency_warning, t.latency_critical, t.error_ratio, t.pool_warning_percent, t.pool_size, t.websockets
    );
    println!(
        "{:<9} {:>7} {:>10} {:>15} {:>9} {:>9} {:>10} {:>11}",
        "scenario", "req/s", "p95 true", "p95 histogram", "5xx", "DB pool", "WebSockets", "cache hit"
    );
    for s in Scenario::ALL {
        if !s.is_up() {
            println!(
                "{:<9} /metrics and /health answer 503: Prometheus records up == 0",
                s.name()
            );
            continue;
        }
        let e = expected(s, &t);
        println!(
            "{:<9} {:>7.1} {:>8.3} s {:>13.3} s {:>8.2}% {:>8.0}% {:>10.0} {:>10.0}%",
            s.name(),
            e.request_rate,
            e.p95_seconds,
            e.p95_histogram,
            e.error_ratio * 100.0,
            e.db_pool_percent,
            e.websockets,
            e.cache_hit_percent
        );
    }
    Ok(())
}
