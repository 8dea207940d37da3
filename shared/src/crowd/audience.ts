import type { NameGenerator } from './names.ts';
import type { Rng } from './prng.ts';
import type { PersonaId } from './types.ts';
import { CITIES } from './vocab.ts';

/** One simulated viewer: a stable name, a persona and a home city. */
export interface Viewer {
	name: string;
	persona: PersonaId;
	city: string;
	joinedAt: number;
	present: boolean;
	/** Has said something yet (the first comment may be a greeting). */
	spoken: boolean;
	/** The id of their unanswered question, if any (one open question at a time). */
	openQuestion: string | null;
}

/** The viewers currently watching. The viewer count is simply how many are present. */
export class Audience {
	private present: Viewer[] = [];
	private readonly rng: Rng;
	private readonly names: NameGenerator;

	constructor(rng: Rng, names: NameGenerator) {
		this.rng = rng;
		this.names = names;
	}

	get count(): number {
		return this.present.length;
	}

	join(persona: PersonaId, at: number): Viewer {
		const viewer: Viewer = {
			name: this.names.next(persona),
			persona,
			city: this.rng.pick(CITIES) as string,
			joinedAt: at,
			present: true,
			spoken: false,
			openQuestion: null,
		};
		this.present.push(viewer);
		return viewer;
	}

	leave(viewer: Viewer): void {
		if (!viewer.present) return;
		viewer.present = false;
		this.present = this.present.filter((v) => v !== viewer);
	}

	/** A random present viewer, optionally among those passing `filter`. */
	pick(filter?: (v: Viewer) => boolean): Viewer | undefined {
		return this.rng.pick(filter ? this.present.filter(filter) : this.present);
	}

	countWhere(filter: (v: Viewer) => boolean): number {
		let n = 0;
		for (const v of this.present) if (filter(v)) n++;
		return n;
	}

	/** Up to k distinct random present viewers passing `filter`. */
	sample(k: number, filter?: (v: Viewer) => boolean): Viewer[] {
		return this.rng.sample(filter ? this.present.filter(filter) : this.present, k);
	}

	/** Everyone leaves (the live ended; a new live starts with a new audience). */
	clear(): void {
		for (const v of this.present) v.present = false;
		this.present = [];
	}
}
