#!/usr/bin/env bash
# Assembles plugin/dist/ as Grafana loads it, then zips it as plugin/tumulte-scaling-datasource-<version>.zip
# (a top folder named after the plugin id, as Grafana's plugin installer expects). Both are git-ignored.
#
#   plugin/scripts/dist.sh              # linux_amd64, and linux_arm64 when its cross compiler is installed
#   plugin/scripts/dist.sh --no-arm64   # linux_amd64 only (the arm64 build takes about 3 more minutes)
#
# The binaries are static (the musl targets, TLS by rustls): Grafana's default Docker image is Alpine, which has
# neither glibc nor OpenSSL. Honours CARGO_TARGET_DIR. Needs: cargo and rustup, zip, npm (the editors; the
# WebAssembly package is built if missing), gcc and musl-dev, and for arm64 `apt-get install gcc-aarch64-linux-gnu
# musl-dev:arm64`; the musl Rust targets are added if missing.
set -euo pipefail
arm64=true
case "${1:-}" in
  "") ;;
  --no-arm64) arm64=false ;;
  *) echo "dist.sh: unknown argument $1; usage: plugin/scripts/dist.sh [--no-arm64]" >&2; exit 2 ;;
esac

plugin_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$plugin_dir/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
id="tumulte-scaling-datasource"
exe="gpx_tumulte_scaling"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$plugin_dir/Cargo.toml" | head -n 1)"
today="$(date -u +%Y-%m-%d)"

case "$(uname -m)" in
  x86_64 | amd64) host_arch=amd64 ;;
  aarch64 | arm64) host_arch=arm64 ;;
  *) echo "dist.sh: unsupported host architecture $(uname -m)" >&2; exit 1 ;;
esac

# One static build per architecture, all in one cargo run, so that one architecture's crates compile while the
# other's single-threaded link-time optimisation runs. The C code (ring, mimalloc) is compiled by each
# architecture's gcc against musl's headers (musl-dev's gcc specs, as musl-gcc does); Rust's musl targets bring
# their own C library and start files, so the same gcc links.
build() { # <rust target>:<gcc>…
  local pair rust gcc target_var specs env=() flags=()
  for pair in "$@"; do
    rust="${pair%%:*}" gcc="${pair#*:}"
    target_var="$(echo "$rust" | tr 'a-z-' 'A-Z_')"
    specs="/usr/lib/${rust%%-*}-linux-musl/musl-gcc.specs"
    if [ ! -f "$specs" ]; then
      echo "dist.sh: $specs is missing: install musl's headers for ${rust%%-*} (apt-get install musl-dev, or musl-dev:arm64)" >&2
      exit 1
    fi
    rustup target list --installed 2>/dev/null | grep -qx "$rust" || rustup target add "$rust"
    env+=("CC_${rust//-/_}=$gcc" "CFLAGS_${rust//-/_}=-specs $specs" "CARGO_TARGET_${target_var}_LINKER=$gcc")
    flags+=(--target "$rust")
  done
  echo "dist.sh: building $exe $version (profile dist: release with LTO) for ${flags[*]}" >&2
  (cd "$root" && env CARGO_TARGET_DIR="$target" "${env[@]}" \
    cargo build --profile dist --locked -p tumulte-plugin --bin "$exe" "${flags[@]}")
}
case "$host_arch" in
  amd64) native=x86_64-unknown-linux-musl ;;
  arm64) native=aarch64-unknown-linux-musl ;;
esac
builds=("$native:gcc")
if [ "$host_arch" = amd64 ] && $arm64; then
  if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && [ -f /usr/lib/aarch64-linux-musl/musl-gcc.specs ]; then
    builds+=("aarch64-unknown-linux-musl:aarch64-linux-gnu-gcc")
  else
    echo "dist.sh: no linux_arm64: it needs aarch64-linux-gnu-gcc and musl's arm64 headers" \
      "(dpkg --add-architecture arm64; apt-get install gcc-aarch64-linux-gnu musl-dev:arm64)" >&2
  fi
fi
build "${builds[@]}"

dist="$plugin_dir/dist"
rm -rf "$dist"
mkdir -p "$dist/img"
sed -e "s/%VERSION%/$version/" -e "s/%TODAY%/$today/" "$plugin_dir/plugin.json" >"$dist/plugin.json"
# The editors (TypeScript/React, plugin/frontend) bundle the WebAssembly engine from target/wasm-pkg.
[ -f "$root/target/wasm-pkg/package.json" ] || "$root/scripts/build-wasm"
(cd "$plugin_dir/frontend" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)
cp "$plugin_dir/frontend/dist/module.js" "$plugin_dir/frontend/dist/module.js.map" "$dist/"
cp "$plugin_dir/img/logo.svg" "$dist/img/logo.svg"
cp "$plugin_dir/README.md" "$plugin_dir/CHANGELOG.md" "$plugin_dir/LICENSE" "$dist/"
cp "$target/$native/dist/$exe" "$dist/${exe}_linux_${host_arch}"

if [ "${#builds[@]}" = 2 ]; then
  cp "$target/aarch64-unknown-linux-musl/dist/$exe" "$dist/${exe}_linux_arm64"
fi
chmod 0755 "$dist"/"$exe"_linux_*

zip_file="$plugin_dir/$id-$version.zip"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -r "$dist" "$stage/$id"
rm -f "$zip_file"
(cd "$stage" && zip -qr "$zip_file" "$id")
echo "dist.sh: $dist and $zip_file" >&2
ls -l "$dist" "$zip_file" >&2
