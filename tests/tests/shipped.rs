//! The binaries `plugin/scripts/dist.sh` puts in `plugin/dist/`, as Grafana would run them: statically linked
//! (Grafana's default Docker image is Alpine, without glibc or OpenSSL), for the architecture their name says,
//! and answering Grafana over gRPC — the arm64 one under `qemu-aarch64-static` — against a real Prometheus whose
//! verdict is known.
//!
//! `scripts/test` assembles `dist/` first and sets `TUMULTE_REQUIRE_TOOLS=1`: there a missing binary or a
//! missing emulator fails. Elsewhere each test says it was skipped and why (the test kit's rule).

use std::path::{Path, PathBuf};

use tumulte_test_kit::{repo, tools};
use tumulte_tests::host::{grafana_env, query_data, verdict_table_query, Asker, DataSource, PluginProcess, EXECUTABLE};
use tumulte_tests::pluginv2::{check_health_response::HealthStatus, DataFrameFormat};
use tumulte_tests::prometheus;
use tumulte_tests::scenario::Scenario;
use tumulte_tests::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// ELF's `e_machine` for x86-64 and AArch64.
const EM_X86_64: u16 = 62;
const EM_AARCH64: u16 = 183;
/// A program header naming a dynamic loader.
const PT_INTERP: u32 = 3;

/// The shipped binary for `arch`, or `None` (the kit's rule applied) when `dist/` lacks it.
fn shipped(arch: &str) -> Option<PathBuf> {
    let path = repo::root().join(format!("plugin/dist/{EXECUTABLE}_linux_{arch}"));
    if path.is_file() {
        return Some(path);
    }
    tools::skip(format!(
        "{} is missing: run plugin/scripts/dist.sh (linux_arm64 needs aarch64-linux-gnu-gcc)",
        path.display()
    ));
    None
}

/// The ELF machine and whether a program header asks for a dynamic loader (64-bit little-endian ELF only).
fn elf(path: &Path) -> Result<(u16, bool)> {
    let bytes = std::fs::read(path)?;
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    };
    if bytes.get(..6) != Some(&[0x7f, b'E', b'L', b'F', 2, 1][..]) {
        return Err(format!("{} is not a 64-bit little-endian ELF file", path.display()).into());
    }
    let truncated = || format!("{} is a truncated ELF file", path.display());
    let machine = u16_at(18).ok_or_else(truncated)?;
    let phoff = usize::try_from(u64_at(32).ok_or_else(truncated)?)?;
    let phentsize = usize::from(u16_at(54).ok_or_else(truncated)?);
    let phnum = usize::from(u16_at(56).ok_or_else(truncated)?);
    let mut interp = false;
    for i in 0..phnum {
        interp |= u32_at(phoff + i * phentsize).ok_or_else(truncated)? == PT_INTERP;
    }
    Ok((machine, interp))
}

/// Starts `binary` (through `emulator` if given) as Grafana does, and checks what Grafana would see: a health
/// check naming Prometheus, and the verdict of a scenario whose levels are known.
async fn answers_grafana(binary: &Path, emulator: Option<&Path>) -> Result {
    let Some(prom) = prometheus::shared()? else {
        return Ok(());
    };
    let timeline = prom.timeline.clone().ok_or("no history")?;
    let (program, args) = match emulator {
        Some(emulator) => (emulator, vec![binary]),
        None => (binary, vec![]),
    };
    let plugin = PluginProcess::start_program(program, &args, &grafana_env()).await?;
    let ds = DataSource::new(prom.url());
    let health = plugin.check_health(&ds).await?;
    assert_eq!(health.status, HealthStatus::Ok as i32, "{}", health.message);
    assert!(health.message.contains("Prometheus"), "{}", health.message);

    let scenario = Scenario::Critical;
    let to = timeline.end_of(scenario);
    let answers = query_data(
        &plugin,
        &ds,
        &Asker::User("Viewer"),
        DataFrameFormat::Arrow,
        vec![verdict_table_query(to)],
    )
    .await?;
    let answer = answers.get("V").ok_or("no answer for V")?;
    assert_eq!(answer.status, 200, "{}", answer.error);
    let frame = answer.frames.first().ok_or("no frame")?;
    let levels = frame.field("Level").ok_or("no Level field")?.strings();
    assert_eq!(
        levels.last().and_then(|l| l.as_deref()),
        Some(scenario.overall().name()),
        "{levels:?}"
    );
    assert!(
        plugin.shutdown().await?,
        "the plugin did not exit cleanly on GRPCController.Shutdown"
    );
    Ok(())
}

#[test]
fn the_shipped_binaries_are_static_and_for_their_architecture() -> Result {
    for (arch, machine) in [("amd64", EM_X86_64), ("arm64", EM_AARCH64)] {
        let Some(path) = shipped(arch) else { continue };
        let (got, interp) = elf(&path)?;
        assert_eq!(got, machine, "{} is not built for {arch}", path.display());
        assert!(
            !interp,
            "{} needs a dynamic loader: Grafana's Alpine image has no glibc; build it for the musl target",
            path.display()
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_amd64_binary_answers_grafana() -> Result {
    let Some(binary) = shipped("amd64") else { return Ok(()) };
    answers_grafana(&binary, None).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_arm64_binary_answers_grafana_under_qemu() -> Result {
    let Some(binary) = shipped("arm64") else { return Ok(()) };
    let emulator = Path::new("/usr/bin/qemu-aarch64-static");
    if !emulator.is_file() {
        tools::skip("qemu-aarch64-static is missing: apt-get install qemu-user-static");
        return Ok(());
    }
    answers_grafana(&binary, Some(emulator)).await
}
