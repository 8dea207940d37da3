import type { CommentKind, PersonaId, QuestionTopic } from './types.ts';

/**
 * How each persona behaves when it speaks on its own: what it tends to say,
 * what it asks about, and how likely an answer turns it into a buyer.
 */
export interface PersonaBehaviour {
	/** Relative weights of what an ambient comment is (a first comment may be a greeting instead). */
	acts: Partial<Record<CommentKind, number>>;
	/** Relative weights of question topics. */
	topics: Partial<Record<QuestionTopic, number>>;
	/** Chance that a viewer's first comment is a greeting. */
	greetChance: number;
	/** Chance to order after the host answers their question (before the difficulty's buyFactor). */
	buyAfterAnswer: number;
	/** Does this persona ever order? */
	buys: boolean;
}

export const PERSONA_BEHAVIOUR: Readonly<Record<PersonaId, PersonaBehaviour>> = {
	newcomer: {
		acts: { question: 5, chatter: 3, praise: 2 },
		topics: { price: 3, stock: 2, size: 2, color: 1, shipping: 1 },
		greetChance: 0.8,
		buyAfterAnswer: 0.6,
		buys: true,
	},
	priceAsker: {
		acts: { question: 7.5, haggle: 1, chatter: 1.5 },
		topics: { price: 5, wholesale: 2, stock: 1 },
		greetChance: 0.2,
		buyAfterAnswer: 0.65,
		buys: true,
	},
	sizeAsker: {
		acts: { question: 8, chatter: 2 },
		topics: { size: 4, stock: 3, color: 3, material: 1 },
		greetChance: 0.2,
		buyAfterAnswer: 0.7,
		buys: true,
	},
	shippingAsker: {
		acts: { question: 8, chatter: 2 },
		topics: { shipping: 4, cod: 4 },
		greetChance: 0.2,
		buyAfterAnswer: 0.65,
		buys: true,
	},
	haggler: {
		acts: { haggle: 6, question: 4 },
		topics: { wholesale: 3, price: 2 },
		greetChance: 0.1,
		buyAfterAnswer: 0.4,
		buys: true,
	},
	skeptic: {
		acts: { doubt: 5.5, question: 4.5 },
		topics: { authenticity: 4, material: 3 },
		greetChance: 0.1,
		buyAfterAnswer: 0.45,
		buys: true,
	},
	loyal: {
		acts: { praise: 4, chatter: 2.5, checkout: 1.5, question: 2 },
		topics: { stock: 2, color: 2, size: 1 },
		greetChance: 0.5,
		buyAfterAnswer: 0.8,
		buys: true,
	},
	troll: { acts: { troll: 1 }, topics: {}, greetChance: 0, buyAfterAnswer: 0, buys: false },
	lurker: { acts: {}, topics: {}, greetChance: 0, buyAfterAnswer: 0, buys: true },
};

/** Personas who speak on their own (lurkers only watch and sometimes buy). */
export function speaks(persona: PersonaId): boolean {
	return Object.keys(PERSONA_BEHAVIOUR[persona].acts).length > 0;
}

/** Personas who ask questions. */
export function asks(persona: PersonaId): boolean {
	return Object.keys(PERSONA_BEHAVIOUR[persona].topics).length > 0;
}
