//! Compiles Grafana's newest `pluginv2` protocol (`../shared/grafana/backend.proto`, read in place; the shared
//! folder is where the test kit says, `TUMULTE_SHARED` if set) into a tonic client for the Grafana-host emulator.
//! Pure Rust (protox): no `protoc` needed.

fn main() {
    let dir = tumulte_test_kit::repo::shared_dir().join("grafana");
    let proto = dir.join("backend.proto");
    println!("cargo:rerun-if-env-changed={}", tumulte_test_kit::repo::SHARED);
    println!("cargo:rerun-if-changed={}", proto.display());
    if !proto.is_file() {
        panic!(
            "{} is missing: the Grafana-host emulator is generated from Grafana's pluginv2 protocol, which lives in \
             the shared folder beside the repository (../shared/grafana/backend.proto). Check out that folder \
             next to the repository.",
            proto.display()
        );
    }
    let fds = protox::compile([&proto], [&dir]).unwrap_or_else(|e| panic!("cannot parse {}: {e}", proto.display()));
    tonic_build::configure()
        .build_server(false)
        .compile_fds(fds)
        .unwrap_or_else(|e| panic!("cannot generate the pluginv2 client: {e}"));
}
