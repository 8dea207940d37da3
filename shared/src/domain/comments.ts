/** Words that make a buyer's comment a question even without "?" (Indonesian and English). */
const QUESTION_WORDS =
	/\b(berapa|brp|ready|ada|bisa|gimana|gmn|bagaimana|apa|apakah|kapan|dimana|di mana|mana|ongkir|cod|size|ukuran|stok|stock|warna|bahan|ld|pb|how|what|when|where|which|can|is|are|do|does)\b/i;

/** Does this comment ask something the host should answer? */
export function looksLikeQuestion(text: string): boolean {
	return text.includes('?') || QUESTION_WORDS.test(text);
}

/** Printable, single-spaced text: control characters and runs of whitespace removed. */
export function cleanText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
}
