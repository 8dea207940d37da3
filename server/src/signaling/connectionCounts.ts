/**
 * Open connections counted under keys (an invite link; an address in a
 * room), each with a cap. Reserving is synchronous, so handshakes racing for
 * the last slot cannot both get it.
 */
export class ConnectionCounts {
	readonly #open = new Map<string, number>();

	/**
	 * One more connection under every key, if each is below its cap (else
	 * nothing is counted and null is returned). The returned function gives
	 * the slots back; calling it again does nothing.
	 */
	reserve(caps: ReadonlyArray<readonly [key: string, cap: number]>): (() => void) | null {
		if (caps.some(([key, cap]) => this.count(key) >= cap)) return null;
		for (const [key] of caps) this.#open.set(key, this.count(key) + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			for (const [key] of caps) {
				const left = this.count(key) - 1;
				if (left > 0) this.#open.set(key, left);
				else this.#open.delete(key);
			}
		};
	}

	count(key: string): number {
		return this.#open.get(key) ?? 0;
	}

	/** Keys with a connection open (for tests: a closed connection leaves nothing). */
	get size(): number {
		return this.#open.size;
	}
}
