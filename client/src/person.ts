/**
 * This device's person credential: handed out by the studio on the first
 * join (JoinResponse.person) and sent back in every handshake after, so the
 * studio counts this person's comments, likes and flash-sale purchases as one
 * person's, whatever name they use.
 */
export interface PersonStore {
	load(): string | null;
	save(credential: string): void;
}

const PERSON_KEY = 'gladi.person';

/** Kept in localStorage; where storage is blocked (private mode) the person is new on every page load. */
export const browserPersonStore: PersonStore = {
	load() {
		try {
			return localStorage.getItem(PERSON_KEY);
		} catch {
			return null;
		}
	},
	save(credential) {
		try {
			localStorage.setItem(PERSON_KEY, credential);
		} catch {
			// storage blocked: nothing to remember it in
		}
	},
};

/** Kept only as long as this object lives (Node, tests). */
export function memoryPersonStore(): PersonStore {
	let credential: string | null = null;
	return {
		load: () => credential,
		save: (c) => {
			credential = c;
		},
	};
}
