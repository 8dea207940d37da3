import { parseSavedClasses, rememberClass, type SavedClass } from './classModel.ts';

/** The mentor's classes created or opened on this device, so the mentor link is not lost. */
const STORAGE_KEY = 'gladi.classes';

export function loadSavedClasses(): SavedClass[] {
	try {
		return parseSavedClasses(localStorage.getItem(STORAGE_KEY));
	} catch {
		return [];
	}
}

export function saveClass(entry: Omit<SavedClass, 'savedAt'>): void {
	try {
		const list = rememberClass(loadSavedClasses(), { ...entry, savedAt: Date.now() });
		localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
	} catch {
		// Private mode or full storage: the list is a convenience only.
	}
}

export function forgetClass(id: string): SavedClass[] {
	const list = loadSavedClasses().filter((c) => c.id !== id);
	try {
		localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
	} catch {
		// ignore
	}
	return list;
}
