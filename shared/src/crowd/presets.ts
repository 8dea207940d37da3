import type { CrowdConfig, CrowdLang, Difficulty, PersonaId } from './types.ts';
import { DIFFICULTIES, PERSONA_IDS } from './types.ts';

/**
 * Difficulty presets: what a trainee faces on Santai (friendly, slow,
 * patient) up to Sulit (impatient, haggling, trolls). Exported so the server
 * can seed defaults and the UI can show what each level means.
 */
export interface CrowdPreset {
	id: Difficulty;
	label: Record<CrowdLang, string>;
	description: Record<CrowdLang, string>;
	/** Default baseline comments per minute. */
	commentsPerMinute: number;
	/** Default relative persona weights (a config's personaMix overrides per persona). */
	personaWeights: Record<PersonaId, number>;
	/** How long an asker waits for an answer before asking again, ms [min, max]. */
	patienceMs: readonly [number, number];
	/** Chance an ignored asker asks again rather than letting it go. */
	repeatChance: number;
	/** Host silence (ms) after which viewers notice ("halo kak?") and start leaving. */
	silenceMs: number;
	/** Share of viewers leaving per second during a noticed silence. */
	silenceLeavePerSec: number;
	/** Typical concurrent viewers once the live warms up (before engagement). */
	baseViewers: number;
	/** Multiplies every chance to buy (after an answer, in a flash sale, social proof). */
	buyFactor: number;
	/** How many viewers ask about a freshly pinned product within seconds [min, max]. */
	pinQuestions: readonly [number, number];
}

export const CROWD_PRESETS: Readonly<Record<Difficulty, CrowdPreset>> = {
	santai: {
		id: 'santai',
		label: { id: 'Santai', en: 'Easy' },
		description: {
			id: 'Penonton ramah dan sabar, komentar pelan, jarang yang iseng.',
			en: 'Friendly, patient viewers; slow comments; hardly any trolls.',
		},
		commentsPerMinute: 8,
		personaWeights: {
			newcomer: 3, priceAsker: 2, sizeAsker: 2, shippingAsker: 1, haggler: 0.5,
			skeptic: 0.5, loyal: 3, troll: 0, lurker: 4,
		},
		patienceMs: [32_000, 40_000],
		repeatChance: 0.7,
		silenceMs: 12_000,
		silenceLeavePerSec: 0.025,
		baseViewers: 12,
		buyFactor: 1.15,
		pinQuestions: [1, 2],
	},
	normal: {
		id: 'normal',
		label: { id: 'Normal', en: 'Normal' },
		description: {
			id: 'Campuran penanya, penawar, dan pelanggan setia seperti live biasa.',
			en: 'A usual mix of askers, hagglers and regulars.',
		},
		commentsPerMinute: 15,
		personaWeights: {
			newcomer: 2, priceAsker: 2, sizeAsker: 2, shippingAsker: 1.5, haggler: 1,
			skeptic: 1, loyal: 1.5, troll: 0.3, lurker: 4,
		},
		patienceMs: [25_000, 35_000],
		repeatChance: 0.8,
		silenceMs: 10_000,
		silenceLeavePerSec: 0.04,
		baseViewers: 20,
		buyFactor: 1,
		pinQuestions: [1, 3],
	},
	ramai: {
		id: 'ramai',
		label: { id: 'Ramai', en: 'Busy' },
		description: {
			id: 'Live ramai: banyak penonton, pertanyaan datang bertubi-tubi.',
			en: 'A busy live: many viewers, questions keep coming.',
		},
		commentsPerMinute: 30,
		personaWeights: {
			newcomer: 2, priceAsker: 3, sizeAsker: 3, shippingAsker: 2, haggler: 1.5,
			skeptic: 1, loyal: 1, troll: 0.5, lurker: 5,
		},
		patienceMs: [22_000, 30_000],
		repeatChance: 0.85,
		silenceMs: 9_000,
		silenceLeavePerSec: 0.05,
		baseViewers: 45,
		buyFactor: 1,
		pinQuestions: [2, 4],
	},
	sulit: {
		id: 'sulit',
		label: { id: 'Sulit', en: 'Hard' },
		description: {
			id: 'Penonton tidak sabar: banyak yang menawar, ragu, dan iseng.',
			en: 'Impatient viewers: lots of haggling, doubts and trolls.',
		},
		commentsPerMinute: 20,
		personaWeights: {
			newcomer: 1, priceAsker: 2, sizeAsker: 1.5, shippingAsker: 1.5, haggler: 3,
			skeptic: 2.5, loyal: 0.5, troll: 1.5, lurker: 4,
		},
		patienceMs: [18_000, 25_000],
		repeatChance: 0.95,
		silenceMs: 8_000,
		silenceLeavePerSec: 0.07,
		baseViewers: 25,
		buyFactor: 0.75,
		pinQuestions: [1, 3],
	},
};

/** Highest baseline rate the engine takes (the protocol allows up to 600). */
export const MAX_COMMENTS_PER_MINUTE = 600;

/** The effective persona weights: the preset's, overridden by the config's mix (negatives count as 0). */
export function resolvePersonaWeights(config: Pick<CrowdConfig, 'difficulty' | 'personaMix'>): Record<PersonaId, number> {
	const preset = CROWD_PRESETS[config.difficulty] ?? CROWD_PRESETS.normal;
	const weights = { ...preset.personaWeights };
	for (const id of PERSONA_IDS) {
		const w = config.personaMix?.[id];
		if (typeof w === 'number') weights[id] = Number.isFinite(w) && w > 0 ? w : 0;
	}
	return weights;
}

/** A complete config with the difficulty's defaults. */
export function defaultCrowdConfig(
	difficulty: Difficulty = 'normal',
	seed = 1,
	lang: CrowdLang = 'id',
): CrowdConfig {
	return { seed, lang, difficulty, commentsPerMinute: CROWD_PRESETS[difficulty].commentsPerMinute, personaMix: {} };
}

/** A config the engine can trust: known difficulty and language, a rate within [0, MAX_COMMENTS_PER_MINUTE]. */
export function normalizeCrowdConfig(config: CrowdConfig): CrowdConfig {
	const difficulty = DIFFICULTIES.includes(config.difficulty) ? config.difficulty : 'normal';
	const cpm = Number.isFinite(config.commentsPerMinute)
		? Math.min(MAX_COMMENTS_PER_MINUTE, Math.max(0, config.commentsPerMinute))
		: CROWD_PRESETS[difficulty].commentsPerMinute;
	return {
		seed: config.seed,
		lang: config.lang === 'en' ? 'en' : 'id',
		difficulty,
		commentsPerMinute: cpm,
		personaMix: { ...config.personaMix },
	};
}
