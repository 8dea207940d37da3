// Fetch mediasoup's own prebuilt worker for this platform, the way mediasoup's
// postinstall would (release asset named after version, platform, arch and
// kernel), but as a separate step so that a failure falls back to the offline
// build instead of failing `npm ci`.
// Usage: node download-prebuilt.mjs VERSION OUT_DIR  -> prints the binary path.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [version, outDir] = process.argv.slice(2);
if (!version || !outDir) {
	console.error('usage: download-prebuilt.mjs VERSION OUT_DIR');
	process.exit(2);
}

const repoUrl = execFileSync('npm', ['view', `mediasoup@${version}`, 'repository.url'], {
	encoding: 'utf8',
}).trim();
const releaseBase =
	process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ??
	`${repoUrl.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download`;
let tarName = `mediasoup-worker-${version}-${os.platform()}-${os.arch()}`;
if (os.platform() === 'linux') tarName += `-kernel${os.release().split('.')[0]}`;
const url = `${releaseBase}/${version}/${tarName}.tgz`;

let body;
try {
	const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	body = Buffer.from(await res.arrayBuffer());
} catch (error) {
	console.error(`no prebuilt mediasoup-worker (${url}): ${error?.cause?.code ?? error?.message ?? error}`);
	process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gladi-worker-'));
try {
	writeFileSync(path.join(tmp, 'worker.tgz'), body);
	mkdirSync(outDir, { recursive: true });
	execFileSync('tar', ['xzf', path.join(tmp, 'worker.tgz'), '-C', outDir]);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
const bin = path.join(outDir, 'mediasoup-worker');
chmodSync(bin, 0o755);
// Without MEDIASOUP_VERSION a real worker exits with 41: proof it runs here.
const check = spawnSync(bin, [], { env: {}, stdio: 'ignore' });
if (check.status !== 41) {
	console.error(`prebuilt mediasoup-worker does not run on this host (exit ${check.status})`);
	rmSync(outDir, { recursive: true, force: true });
	process.exit(1);
}
console.log(bin);
