import net from 'node:net';

const HOST = '127.0.0.1';

/**
 * A TCP relay on loopback in front of the studio: clients that connect through
 * it lose the studio when the test cuts it (open connections drop, new ones
 * are refused, as with a lost network or a stopped server) and reach it again
 * when the test restores it, on the same port.
 */
export class TcpRelay {
	readonly #server = net.createServer((client) => this.#relay(client));
	readonly #connections = new Set<net.Socket>();
	readonly #targetPort: number;
	#port = 0;

	private constructor(targetPort: number) {
		this.#targetPort = targetPort;
	}

	static async start(targetPort: number): Promise<TcpRelay> {
		const relay = new TcpRelay(targetPort);
		await relay.#listen(0);
		relay.#port = (relay.#server.address() as net.AddressInfo).port;
		return relay;
	}

	get url(): string {
		return `http://${HOST}:${this.#port}`;
	}

	/** Drop every open connection and refuse new ones. */
	async cut(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
		for (const connection of this.#connections) connection.destroy();
		await closed;
	}

	/** Accept connections again, on the same port. */
	restore(): Promise<void> {
		return this.#listen(this.#port);
	}

	async close(): Promise<void> {
		if (this.#server.listening) await this.cut();
	}

	#listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.#server.once('error', reject);
			this.#server.listen(port, HOST, () => {
				this.#server.off('error', reject);
				resolve();
			});
		});
	}

	#relay(client: net.Socket): void {
		const studio = net.connect(this.#targetPort, HOST);
		for (const [from, to] of [
			[client, studio],
			[studio, client],
		] as const) {
			this.#connections.add(from);
			from.pipe(to);
			from.on('error', () => to.destroy());
			from.on('close', () => {
				this.#connections.delete(from);
				to.destroy();
			});
		}
	}
}
