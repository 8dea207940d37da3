#!/usr/bin/env bash
# Gladi's single entry point. It makes the toolchain invisible: from a bare
# machine it sets up Node 24 (from the npm registry when the system Node is
# another version), the mediasoup worker (prebuilt download, else an offline
# build from the mediasoup npm tarball against Debian packages), the npm
# dependencies and, for tests, Chromium, Firefox ESR and PostgreSQL. Everything heavy is
# cached under ~/.cache/gladi so a warm run takes seconds.
#
#   bash scripts/gladi.sh setup     install everything, run nothing
#   bash scripts/gladi.sh start     build the client and start the studio (NODE_ENV=production)
#   bash scripts/gladi.sh test      the whole test suite (lint, types, unit, integration, e2e)
#   bash scripts/gladi.sh bench     the benchmarks (results in bench/results/)
#   bash scripts/gladi.sh run CMD   run CMD with the toolchain on PATH
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="${GLADI_CACHE_DIR:-$HOME/.cache/gladi}"
log() { printf '[gladi] %s\n' "$*" >&2; }
die() { printf '[gladi] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

platform() {
	case "$(uname -s)" in Linux) OS=linux ;; Darwin) OS=darwin ;; *) die "unsupported OS $(uname -s)" ;; esac
	case "$(uname -m)" in x86_64 | amd64) ARCH=x64 ;; aarch64 | arm64) ARCH=arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
}

# Node 24 LTS: use the system's if it is 24, else a cached copy of the npm
# registry's node-<os>-<arch> package (the binary the `node` package installs).
ensure_node() {
	local want major dir tmp
	want=$(tr -d ' \n' <"$ROOT/.node-version")
	major=${want%%.*}
	if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
		return
	fi
	command -v npm >/dev/null || die "Node $want is needed: install Node.js $major (with npm) and run again"
	dir="$CACHE/node/v$want-$OS-$ARCH"
	if [ ! -x "$dir/bin/node" ]; then
		log "fetching Node $want from the npm registry (system node is $(node --version 2>/dev/null || echo absent))"
		tmp=$(mktemp -d)
		(cd "$tmp" && npm pack --silent "node-$OS-$ARCH@$want" >/dev/null) ||
			die "could not fetch node-$OS-$ARCH@$want from the npm registry; install Node.js $major and run again"
		rm -rf "$dir.partial" && mkdir -p "$dir.partial"
		tar xzf "$tmp"/*.tgz -C "$dir.partial" --strip-components=1
		rm -rf "$tmp" "$dir" && mv "$dir.partial" "$dir"
	fi
	export PATH="$dir/bin:$PATH"
	# Native addons are compiled against this Node's own headers (shipped in the package).
	export npm_config_nodedir="$dir"
}

mediasoup_version() {
	node -p "require('$ROOT/package-lock.json').packages['node_modules/mediasoup'].version"
}

# Sets WORKER_BIN. Order: an explicit MEDIASOUP_WORKER_BIN, a cached worker,
# mediasoup's prebuilt download, then the offline build.
ensure_worker() {
	local version prebuilt_dir offline
	version=$(mediasoup_version)
	offline="$ROOT/scripts/mediasoup-worker/build-offline.sh"
	export MS_CACHE_DIR="$CACHE/mediasoup-worker" MS_WORK_DIR="$CACHE/mediasoup-build"
	if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
		[ -x "$MEDIASOUP_WORKER_BIN" ] || die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not an executable file"
		WORKER_BIN=$MEDIASOUP_WORKER_BIN
		return
	fi
	prebuilt_dir="$CACHE/mediasoup-worker/prebuilt-$version-$OS-$ARCH"
	if [ -x "$prebuilt_dir/mediasoup-worker" ]; then
		WORKER_BIN="$prebuilt_dir/mediasoup-worker"
		return
	fi
	if [ -r /etc/debian_version ] && WORKER_BIN=$(MS_CACHE_ONLY=1 bash "$offline" "$version" 2>/dev/null); then
		return
	fi
	log "mediasoup-worker $version: trying the prebuilt download"
	if WORKER_BIN=$(node "$ROOT/scripts/mediasoup-worker/download-prebuilt.mjs" "$version" "$prebuilt_dir"); then
		return
	fi
	[ -r /etc/debian_version ] ||
		die "no prebuilt mediasoup-worker could be downloaded and the offline build needs Debian 12; set MEDIASOUP_WORKER_BIN to a worker binary"
	log "mediasoup-worker $version: building from the mediasoup npm tarball against Debian packages (about 10 minutes on 2 cores, once)"
	WORKER_BIN=$(bash "$offline" "$version" | tail -n1) || die "the mediasoup-worker build failed (see the messages above)"
}

# npm ci only when the lockfile, Node or worker changed since the last install.
ensure_deps() {
	local stamp want
	stamp="$ROOT/node_modules/.gladi-installed"
	want="$(sha256sum "$ROOT/package-lock.json" | cut -c1-16) node-$(node --version) worker-$WORKER_BIN"
	if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		log "npm ci"
		(cd "$ROOT" && MEDIASOUP_WORKER_BIN="$WORKER_BIN" npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
		echo "$want" >"$stamp"
	fi
	# Put the worker where mediasoup looks by default, so that plain `node` runs find it.
	local dest="$ROOT/node_modules/mediasoup/worker/out/Release/mediasoup-worker"
	if ! cmp -s "$WORKER_BIN" "$dest"; then
		mkdir -p "$(dirname "$dest")" && cp "$WORKER_BIN" "$dest.tmp" && mv "$dest.tmp" "$dest"
	fi
}

# Debian's Chromium for the browser tests (never a downloaded browser build).
ensure_chromium() {
	if [ -n "${GLADI_CHROMIUM:-}" ]; then return; fi
	local bin
	for bin in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
		if [ -x "$bin" ]; then export GLADI_CHROMIUM=$bin; return; fi
	done
	is_root && command -v apt-get >/dev/null ||
		die "the browser tests need Chromium: install it (Debian: apt-get install chromium) or set GLADI_CHROMIUM"
	log "apt-get install chromium"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null ||
		die "apt-get install chromium failed"
	export GLADI_CHROMIUM=/usr/lib/chromium/chromium
}

# Debian's Firefox ESR for the second-browser test (driven by puppeteer-core over WebDriver BiDi;
# never a downloaded browser). Without root the test is skipped with its reason, so this only warns.
ensure_firefox() {
	if [ -n "${GLADI_FIREFOX:-}" ]; then return; fi
	local bin
	for bin in /usr/lib/firefox-esr/firefox-esr /usr/bin/firefox-esr; do
		if [ -x "$bin" ]; then export GLADI_FIREFOX=$bin; return; fi
	done
	if ! is_root || ! command -v apt-get >/dev/null; then
		log "warning: Firefox ESR is not installed, so the Firefox viewer test is skipped (Debian: sudo apt-get install firefox-esr; or set GLADI_FIREFOX)"
		return
	fi
	log "apt-get install firefox-esr (the Firefox viewer test)"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends firefox-esr >/dev/null ||
		die "apt-get install firefox-esr failed"
	export GLADI_FIREFOX=/usr/lib/firefox-esr/firefox-esr
}

# FFmpeg (Debian's package) records every live; GLADI_FFMPEG points at another binary.
ensure_ffmpeg() {
	if [ -n "${GLADI_FFMPEG:-}" ] || [ "${GLADI_RECORDINGS:-on}" = off ] || command -v ffmpeg >/dev/null; then return; fi
	if is_root && command -v apt-get >/dev/null; then
		log "apt-get install ffmpeg (records each live)"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null || die "apt-get install ffmpeg failed"
	else
		log "warning: ffmpeg is not installed, so lives will not be recorded (Debian: sudo apt-get install ffmpeg; or set GLADI_FFMPEG)"
	fi
}

# Debian's PostgreSQL server: the tests start throwaway servers of their own from its binaries
# (test/postgres.ts, as the `postgres` user when run as root). The cluster the package may create
# and start (`main`, port 5432) is not theirs: it is stopped and left to start by hand.
ensure_postgres() {
	if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then return; fi
	if ! is_root || ! command -v apt-get >/dev/null; then
		log "warning: PostgreSQL is not installed, so its tests will fail (Debian: sudo apt-get install postgresql)"
		return
	fi
	log "apt-get install postgresql (the tests start servers of their own)"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null ||
		die "apt-get install postgresql failed"
	# Without systemd (a CI container) the package may still have started its cluster: stop it the Debian way.
	local version name
	if command -v pg_lsclusters >/dev/null; then
		while read -r version name _; do
			pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
			sed -i 's/^[[:space:]]*auto\b/manual/' "/etc/postgresql/$version/$name/start.conf" 2>/dev/null || true
		done < <(pg_lsclusters --no-header 2>/dev/null || true)
	fi
}

setup() {
	platform
	ensure_node
	ensure_worker
	ensure_deps
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
setup)
	setup
	ensure_postgres
	;;
start)
	setup
	ensure_ffmpeg
	(cd "$ROOT" && npm run build --silent)
	# Production: no source maps served, express's production mode (set here, not for
	# setup: npm ci would skip the dev dependencies the build needs).
	cd "$ROOT" && NODE_ENV=production exec node server/src/main.ts "$@"
	;;
test)
	setup
	ensure_chromium
	ensure_firefox
	ensure_ffmpeg
	ensure_postgres
	cd "$ROOT"
	log "build, typecheck, lint"
	npm run build --silent >/dev/null
	npm run typecheck --silent
	npm run lint --silent
	if [ $# -gt 0 ]; then exec npx vitest run "$@"; fi
	# The projects run one after another: browser tests get the machine to themselves.
	results="$ROOT/node_modules/.cache/gladi-tests"
	rm -rf "$results" && mkdir -p "$results"
	status=0
	for project in unit integration e2e; do
		log "tests: $project"
		npx vitest run --project "$project" --reporter=default --reporter=json \
			--outputFile.json="$results/$project.json" || status=1
	done
	# The same journeys on the server database: the integration suite with each studio on a throwaway
	# PostgreSQL, and the browser suite on two nodes sharing one (pages on one, rooms placed by load).
	log "tests: integration on PostgreSQL"
	GLADI_TEST_STORE=postgres npx vitest run --project integration --reporter=default --reporter=json \
		--outputFile.json="$results/integration-postgres.json" || status=1
	log "tests: e2e on two nodes"
	GLADI_TEST_NODES=2 npx vitest run --project e2e --reporter=default --reporter=json \
		--outputFile.json="$results/e2e-two-nodes.json" || status=1
	node "$ROOT/scripts/test-summary.mjs" "$results"/*.json || status=1
	exit "$status"
	;;
bench)
	setup
	ensure_ffmpeg
	cd "$ROOT" && exec node test/bench/run.ts "$@"
	;;
run)
	setup
	cd "$ROOT" && exec "$@"
	;;
*)
	echo "usage: bash scripts/gladi.sh setup|start|test|bench|run CMD" >&2
	exit 2
	;;
esac
