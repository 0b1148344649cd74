//! `dash import` on real dashboards (`../shared/corpus/dashboards/`, read in place): the generated sources of
//! every file compile together in one crate that depends on this crate alone, and run, write exactly what
//! `Dashboard::normalise` (`dash fmt`) writes for the same file.

mod corpus_files;

use std::path::Path;
use std::process::Command;

use grafana_dashboards::codegen::{self, Source};
use grafana_dashboards::Dashboard;

/// `01-node-exporter-full.json` → `d01_node_exporter_full`.
fn module_name(name: &str) -> String {
    let stem = name.trim_end_matches(".json");
    format!("d{}", stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
}

#[test]
fn the_imported_sources_of_every_corpus_dashboard_compile_and_reproduce_dash_fmt() {
    let Some(files) = corpus_files::files() else { return };
    let krate = tempfile::tempdir().expect("a temporary crate");
    let src = krate.path().join("src");
    std::fs::create_dir_all(src.join("bin")).expect("src/bin");
    let library = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = library.join("../..");
    std::fs::write(
        krate.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"imported\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ngrafana-dashboards = {{ path = {:?} }}\n\n[workspace]\n\n{}",
            library.display().to_string(),
            dev_profile(&root)
        ),
    )
    .expect("Cargo.toml");
    // The same dependency versions as the workspace, so nothing new is fetched.
    std::fs::copy(root.join("Cargo.lock"), krate.path().join("Cargo.lock")).expect("Cargo.lock");

    let mut expected = Vec::new();
    let mut modules = String::new();
    let mut calls = String::new();
    for file in &files {
        let text = &file.text;
        let dashboard = Dashboard::parse(text).expect("reads");
        let module = module_name(&file.name);
        std::fs::write(
            src.join(format!("{module}.rs")),
            codegen::import(&dashboard, Source::Function),
        )
        .expect("module");
        modules.push_str(&format!("mod {module};\n"));
        calls.push_str(&format!("    write(&out, \"{module}\", {module}::dashboard());\n"));
        expected.push((module, Dashboard::normalise(text).expect("normalises")));
    }
    std::fs::write(
        src.join("main.rs"),
        format!(
            "//! Writes every imported dashboard's JSON into the folder given.\n{modules}\n\
             fn write(out: &std::path::Path, name: &str, built: Result<grafana_dashboards::Dashboard, grafana_dashboards::BuildErrors>) {{\n\
             \x20   let json = built.unwrap_or_else(|e| panic!(\"{{name}}: {{e}}\")).to_pretty_json();\n\
             \x20   std::fs::write(out.join(name), json).expect(\"write\");\n}}\n\n\
             fn main() {{\n    let out = std::path::PathBuf::from(std::env::args().nth(1).expect(\"an output folder\"));\n{calls}}}\n"
        ),
    )
    .expect("main.rs");
    // `--main` form: a whole program, for the first file.
    std::fs::write(
        src.join("bin/single.rs"),
        codegen::import(&Dashboard::parse(&files[0].text).expect("reads"), Source::Main),
    )
    .expect("bin");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Under nextest, whose cargo has finished building before tests run, the workspace's target dir is free and
    // already holds every dependency; under `cargo test`, which keeps it locked, the crate builds in its own.
    let target = if std::env::var_os("NEXTEST_RUN_ID").is_some() {
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), std::path::PathBuf::from)
    } else {
        root.join("target/import-check")
    };
    let build = Command::new(&cargo)
        .args(["build", "--offline", "--quiet", "--bins"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(krate.path())
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the generated sources do not compile:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let out = krate.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let run = Command::new(target.join("debug/imported"))
        .arg(&out)
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut differ = Vec::new();
    for (module, normalised) in &expected {
        let written = std::fs::read_to_string(out.join(module)).expect("written");
        if &written != normalised {
            let at = written
                .lines()
                .zip(normalised.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let near = |text: &str| {
                text.lines()
                    .skip(at.saturating_sub(3))
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            differ.push(format!(
                "{module}: first difference at line {}\n--- built\n{}\n--- dash fmt\n{}",
                at + 1,
                near(&written),
                near(normalised)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "generated code does not reproduce dash fmt:\n{}",
        differ.join("\n")
    );
    let single = Command::new(target.join("debug/single")).output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&single.stdout),
        expected[0].1,
        "the --main program writes dash fmt's output"
    );
}

/// The workspace's `[profile.dev…]` sections, so that the generated crate builds with the same settings and
/// reuses the workspace's dependencies.
fn dev_profile(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace's Cargo.toml");
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.starts_with("[profile.dev]") || line.starts_with("[profile.dev.");
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
