/**
 * Fixtures and drivers for the crowd's unit tests (not part of the public API).
 */
import type { Product } from '../domain/catalog.ts';
import { CrowdEngine } from './engine.ts';
import { CROWD_TEMPLATES } from './templates.tables.ts';
import type { CrowdTemplate, TemplateMoment } from './templates.ts';
import type { CrowdConfig, CrowdEvent, CrowdLang, CrowdOutput, StageSnapshot } from './types.ts';

export type Comment = Extract<CrowdOutput, { type: 'comment' }>;
export type OrderIntent = Extract<CrowdOutput, { type: 'orderIntent' }>;

/** Sizes, colours and material: every slot can be filled. */
export const GAMIS: Product = {
	id: 'gamis',
	name: 'Gamis Syari Busui',
	description: 'Gamis busui friendly',
	price: 185_000,
	category: 'gamis',
	material: 'ceruti babydoll',
	imageUrl: null,
	thumbnailUrl: null,
	variants: [
		{ id: 'gamis-maroon-m', size: 'M', color: 'Maroon', stock: 10 },
		{ id: 'gamis-maroon-l', size: 'L', color: 'Maroon', stock: 6 },
		{ id: 'gamis-hitam-xl', size: 'XL', color: 'Hitam', stock: 8 },
		{ id: 'gamis-hitam-m', size: 'M', color: 'Hitam', stock: 0 },
	],
};

/** Sizes only. */
export const KAOS: Product = {
	id: 'kaos',
	name: 'Kaos Oversize',
	description: '',
	price: 59_000,
	category: 'kaos',
	material: 'cotton combed 24s',
	imageUrl: null,
	thumbnailUrl: null,
	variants: [
		{ id: 'kaos-l', size: 'L', color: null, stock: 30 },
		{ id: 'kaos-xl', size: 'XL', color: null, stock: 20 },
	],
};

/** Colours only, no material. */
export const PASHMINA: Product = {
	id: 'pashmina',
	name: 'Pashmina Plisket',
	description: '',
	price: 35_000,
	category: 'hijab',
	material: '',
	imageUrl: null,
	thumbnailUrl: null,
	variants: [
		{ id: 'pash-sage', size: null, color: 'Sage', stock: 15 },
		{ id: 'pash-mocca', size: null, color: 'Mocca', stock: 12 },
	],
};

/** No options at all, no material. */
export const TAS: Product = {
	id: 'tas',
	name: 'Tas Selempang',
	description: '',
	price: 99_000,
	category: 'tas',
	material: '',
	imageUrl: null,
	thumbnailUrl: null,
	variants: [{ id: 'tas-only', size: null, color: null, stock: 25 }],
};

export const ALL_PRODUCTS: readonly Product[] = [GAMIS, KAOS, PASHMINA, TAS];

export function stage(products: readonly Product[] = ALL_PRODUCTS, hostName = 'Bu Rina'): StageSnapshot {
	return { hostName, products: products.map((p) => ({ ...p, variants: p.variants.map((v) => ({ ...v })) })) };
}

export function config(overrides: Partial<CrowdConfig> = {}): CrowdConfig {
	return { seed: 42, lang: 'id', difficulty: 'normal', commentsPerMinute: 15, personaMix: {}, ...overrides };
}

/** Host live and talking from t=0 (so silence does not kick in unless a test wants it). */
export function talkingLive(at = 0): CrowdEvent[] {
	return [
		{ type: 'hostSpeaking', at, speaking: true },
		{ type: 'liveStarted', at },
	];
}

/**
 * Run a script the way the server would: handle each event when its time
 * comes and call advance() every `step` ms (or once at the end when step is
 * undefined). `react` may add future events in response to outputs.
 */
export function run(options: {
	config?: CrowdConfig;
	stage?: StageSnapshot;
	events: CrowdEvent[];
	until: number;
	step?: number | ((t: number) => number);
	react?: (output: CrowdOutput, schedule: (event: CrowdEvent) => void) => void;
}): CrowdOutput[] {
	const engine = new CrowdEngine(options.config ?? config(), options.stage ?? stage());
	const queue = [...options.events].map((event, i) => ({ event, i }));
	let seq = queue.length;
	const sortQueue = () => queue.sort((a, b) => a.event.at - b.event.at || a.i - b.i);
	sortQueue();
	const schedule = (event: CrowdEvent) => {
		queue.push({ event, i: seq++ });
		sortQueue();
	};
	const outputs: CrowdOutput[] = [];
	const take = (batch: CrowdOutput[]) => {
		for (const output of batch) {
			outputs.push(output);
			options.react?.(output, schedule);
		}
	};
	if (options.step === undefined) {
		while (queue.length > 0) engine.handle((queue.shift() as { event: CrowdEvent }).event);
		take(engine.advance(options.until));
		return outputs;
	}
	const stepOf = typeof options.step === 'number' ? (() => options.step) as () => number : options.step;
	let t = 0;
	while (t < options.until) {
		t = Math.min(options.until, t + stepOf(t));
		while (queue.length > 0 && (queue[0] as { event: CrowdEvent }).event.at <= t) {
			engine.handle((queue.shift() as { event: CrowdEvent }).event);
		}
		take(engine.advance(t));
	}
	return outputs;
}

export function commentsOf(outputs: readonly CrowdOutput[]): Comment[] {
	return outputs.filter((o): o is Comment => o.type === 'comment');
}

export function intentsOf(outputs: readonly CrowdOutput[]): OrderIntent[] {
	return outputs.filter((o): o is OrderIntent => o.type === 'orderIntent');
}

export function between<T extends { at: number }>(items: readonly T[], from: number, to: number): T[] {
	return items.filter((o) => o.at > from && o.at <= to);
}

/** A regex matching any filling of the template. */
export function templatePattern(template: CrowdTemplate): RegExp {
	const parts = template.text.split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${parts.join('.+?')}$`);
}

/** Could this text have come from a template of this moment (and language)? */
export function fromMoment(text: string, moment: TemplateMoment, lang: CrowdLang = 'id'): boolean {
	return CROWD_TEMPLATES[lang].some((t) => t.moment === moment && templatePattern(t).test(text));
}

export function fromLanguage(text: string, lang: CrowdLang): boolean {
	return CROWD_TEMPLATES[lang].some((t) => templatePattern(t).test(text));
}

export const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
