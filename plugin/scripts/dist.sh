#!/usr/bin/env bash
# Assembles plugin/dist/ as Grafana loads it, then zips it as plugin/tumulte-scaling-datasource-<version>.zip
# (a top folder named after the plugin id, as Grafana's plugin installer expects). Both are git-ignored.
#
#   plugin/scripts/dist.sh            # release build for this host (linux_amd64 here)
#   plugin/scripts/dist.sh --arm64    # plus linux_arm64 (about 6 more minutes on 2 cores), which needs the
#                                     # aarch64 Rust target and aarch64-linux-gnu-gcc
#
# Honours CARGO_TARGET_DIR. Needs: cargo, zip, npm (the editors; the WebAssembly package is built if missing), and for the arm64 binary `rustup target add
# aarch64-unknown-linux-gnu` + `apt-get install gcc-aarch64-linux-gnu libssl-dev:arm64`.
set -euo pipefail
arm64=false
case "${1:-}" in
  "") ;;
  --arm64) arm64=true ;;
  *) echo "dist.sh: unknown argument $1; usage: plugin/scripts/dist.sh [--arm64]" >&2; exit 2 ;;
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

echo "dist.sh: building $exe $version (release, linux_$host_arch)" >&2
(cd "$root" && CARGO_TARGET_DIR="$target" cargo build --release --locked -p tumulte-plugin --bin "$exe")

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
cp "$target/release/$exe" "$dist/${exe}_linux_${host_arch}"

if $arm64 && [ "$host_arch" = amd64 ]; then
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || { echo "dist.sh: --arm64 needs aarch64-linux-gnu-gcc: apt-get install gcc-aarch64-linux-gnu libssl-dev:arm64 (after dpkg --add-architecture arm64)" >&2; exit 1; }
  rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu
  echo "dist.sh: cross-building linux_arm64" >&2
  (cd "$root" && CARGO_TARGET_DIR="$target" \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    PKG_CONFIG_ALLOW_CROSS=1 PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig \
    cargo build --release --locked -p tumulte-plugin --bin "$exe" --target aarch64-unknown-linux-gnu)
  cp "$target/aarch64-unknown-linux-gnu/release/$exe" "$dist/${exe}_linux_arm64"
else
  echo "dist.sh: linux_$host_arch only (plugin/scripts/dist.sh --arm64 adds linux_arm64)" >&2
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
