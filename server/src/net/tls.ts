import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import type { Logger } from '../logger.ts';
import { lanAddresses } from './addresses.ts';

export interface TlsFiles {
	cert: string;
	key: string;
	/** Where the certificate came from, for the start-up message. */
	source: 'configured' | 'generated';
	certFile: string;
}

/**
 * The HTTPS certificate: the configured files, or a self-signed one kept in
 * the data directory (made once, so a phone that trusted it keeps trusting it;
 * made again when this machine's LAN address is not in it).
 */
export async function loadOrCreateTls(
	configured: { certFile: string; keyFile: string } | null,
	dataDir: string,
	log: Logger,
): Promise<TlsFiles> {
	if (configured) {
		return {
			cert: readFileSync(configured.certFile, 'utf8'),
			key: readFileSync(configured.keyFile, 'utf8'),
			source: 'configured',
			certFile: configured.certFile,
		};
	}
	const dir = path.join(dataDir, 'tls');
	const certFile = path.join(dir, 'gladi-selfsigned.crt');
	const keyFile = path.join(dir, 'gladi-selfsigned.key');
	const ips = ['127.0.0.1', ...lanAddresses()];
	const namesFile = path.join(dir, 'names.json');
	const wanted = JSON.stringify(ips);
	if (existsSync(certFile) && existsSync(keyFile) && existsSync(namesFile) && readFileSync(namesFile, 'utf8') === wanted) {
		return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), source: 'generated', certFile };
	}
	log.info({ ips }, 'generating a self-signed certificate');
	const notAfterDate = new Date(Date.now() + 825 * 24 * 3600_000);
	const pems = await generate([{ name: 'commonName', value: 'Gladi studio' }], {
		keySize: 2048,
		algorithm: 'sha256',
		notAfterDate,
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [{ type: 2, value: 'localhost' }, ...ips.map((ip) => ({ type: 7 as const, ip }))],
			},
		],
	});
	mkdirSync(dir, { recursive: true });
	writeFileSync(certFile, pems.cert);
	writeFileSync(keyFile, pems.private, { mode: 0o600 });
	writeFileSync(namesFile, wanted);
	return { cert: pems.cert, key: pems.private, source: 'generated', certFile };
}
