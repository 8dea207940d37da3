/**
 * The crowd's agenda: callbacks keyed by virtual time. Everything the crowd
 * does is put here first and run in (time, insertion) order, which is what
 * makes the outputs independent of how often the server calls advance().
 */

interface Entry {
	at: number;
	seq: number;
	run: () => void;
}

function before(a: Entry, b: Entry): boolean {
	return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class Timeline {
	private heap: Entry[] = [];
	private seq = 0;

	get size(): number {
		return this.heap.length;
	}

	schedule(at: number, run: () => void): void {
		const heap = this.heap;
		heap.push({ at, seq: this.seq++, run });
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(heap[i] as Entry, heap[parent] as Entry)) break;
			[heap[i], heap[parent]] = [heap[parent] as Entry, heap[i] as Entry];
			i = parent;
		}
	}

	/** Time of the earliest entry, or undefined when empty. */
	peekAt(): number | undefined {
		return this.heap[0]?.at;
	}

	/** Remove and return the earliest entry if it is due at or before `limit`. */
	popDue(limit: number): Entry | undefined {
		const heap = this.heap;
		const top = heap[0];
		if (!top || top.at > limit) return undefined;
		const last = heap.pop() as Entry;
		if (heap.length > 0) {
			heap[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let min = i;
				if (l < heap.length && before(heap[l] as Entry, heap[min] as Entry)) min = l;
				if (r < heap.length && before(heap[r] as Entry, heap[min] as Entry)) min = r;
				if (min === i) break;
				[heap[i], heap[min]] = [heap[min] as Entry, heap[i] as Entry];
				i = min;
			}
		}
		return top;
	}

	clear(): void {
		this.heap = [];
	}
}
