/** The display name a person last joined with, kept on this device so the next form is filled in. */
const NAME_KEY = 'gladi.displayName';

export function savedDisplayName(): string {
	try {
		return localStorage.getItem(NAME_KEY) ?? '';
	} catch {
		return ''; // storage blocked (private mode, settings): the person types it again
	}
}

export function saveDisplayName(name: string): void {
	try {
		localStorage.setItem(NAME_KEY, name);
	} catch {
		// storage blocked: nothing to remember it in
	}
}
