import { HOST_QUALITY_CHOICES, type HostQualityChoice } from '@gladi/shared';

/** The host's quality choice (Standar / Hemat data), kept on this device for the next live. */
const STORAGE_KEY = 'gladi.hostQuality';

export function savedHostQuality(): HostQualityChoice {
	try {
		const saved = localStorage.getItem(STORAGE_KEY);
		return HOST_QUALITY_CHOICES.find((c) => c === saved) ?? 'standard';
	} catch {
		return 'standard'; // storage blocked (private mode): the default each time
	}
}

export function saveHostQuality(choice: HostQualityChoice): void {
	try {
		localStorage.setItem(STORAGE_KEY, choice);
	} catch {
		// storage blocked: the choice lasts this page
	}
}
