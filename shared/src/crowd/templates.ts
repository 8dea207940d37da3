import type { CommentKind, CrowdLang, PersonaId, QuestionTopic } from './types.ts';

/**
 * Comment templates are data: each has a moment (what the crowd is reacting
 * to), a kind, an optional question topic, optional personas and the slots
 * it needs. A template is only used when every slot can be filled from the
 * live state, so "{salePrice}" never shows without a flash sale.
 */

export const TEMPLATE_SLOTS = [
	'product', // pinned or mentioned product name
	'price', // its normal price, "Rp150.000"
	'salePrice', // the flash-sale price (only while a sale is scheduled or open)
	'size', // one of its sizes
	'color', // one of its colours
	'variant', // "Hitam / L"
	'stock', // total stock left
	'host', // the host's display name
	'material', // "katun rayon"
	'city', // the viewer's city
	'name', // another person in the room (the one echoed or the buyer)
	'topic', // what an ignored question was about, in words ("harga", "ongkir")
] as const;
export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number];

export const TEMPLATE_MOMENTS = [
	'ambient', // spontaneous talk (greetings, questions, praise, haggling, trolling)
	'hype', // flash-sale countdown
	'checkout', // flash sale open: "checkout!"
	'soldOut', // the sale product ran out: "yah habis"
	'silence', // the host went quiet: "halo kak?"
	'repeat', // an ignored question asked again
	'escalate', // asked a third time, annoyed
	'giveUp', // the asker gives up and leaves
	'bored', // leaving because the host is silent
	'thanks', // the host answered
	'social', // someone ordered: "wah laris"
	'echo', // replying to / agreeing with someone in the room
	'objection', // mentor-injected price objection
	'askFlashSale', // mentor-injected "flash sale dong"
] as const;
export type TemplateMoment = (typeof TEMPLATE_MOMENTS)[number];

export interface CrowdTemplate {
	id: string;
	lang: CrowdLang;
	moment: TemplateMoment;
	kind: CommentKind;
	/** Questions always have one; other templates with a topic are preferred for that topic. */
	topic?: QuestionTopic;
	/** Only these personas say it (absent: anyone). */
	personas?: readonly PersonaId[];
	text: string;
	/** Slots the text needs, derived from the text. */
	slots: readonly TemplateSlot[];
}

/** How the language files write templates: texts sharing moment, kind, topic and personas. */
export interface TemplateGroup {
	moment: TemplateMoment;
	kind: CommentKind;
	topic?: QuestionTopic;
	personas?: readonly PersonaId[];
	texts: readonly string[];
}

const SLOT_PATTERN = /\{([^{}]*)\}/g;

function isSlot(name: string): name is TemplateSlot {
	return (TEMPLATE_SLOTS as readonly string[]).includes(name);
}

/** The slots a text uses; throws on an unknown slot so a typo fails at load time (and in tests). */
export function slotsOf(text: string): TemplateSlot[] {
	const slots: TemplateSlot[] = [];
	for (const match of text.matchAll(SLOT_PATTERN)) {
		const name = match[1] ?? '';
		if (!isSlot(name)) throw new Error(`template "${text}": unknown slot {${name}}`);
		if (!slots.includes(name)) slots.push(name);
	}
	return slots;
}

/** Flatten groups into templates with stable ids like "id.ambient.question.price.3". */
export function defineTemplates(lang: CrowdLang, groups: readonly TemplateGroup[]): CrowdTemplate[] {
	const counters = new Map<string, number>();
	const out: CrowdTemplate[] = [];
	for (const group of groups) {
		const key = [lang, group.moment, group.kind, group.topic].filter(Boolean).join('.');
		for (const text of group.texts) {
			const n = (counters.get(key) ?? 0) + 1;
			counters.set(key, n);
			const template: CrowdTemplate = { id: `${key}.${n}`, lang, moment: group.moment, kind: group.kind, text, slots: slotsOf(text) };
			if (group.topic) template.topic = group.topic;
			if (group.personas) template.personas = group.personas;
			out.push(template);
		}
	}
	return out;
}
