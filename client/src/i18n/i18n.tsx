import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, id, type StringKey } from './strings.ts';

export type Lang = 'id' | 'en';
const TABLES: Record<Lang, Record<StringKey, string>> = { id, en };
const STORAGE_KEY = 'gladi.lang';

/** `text` with each `{name}` replaced by its value. */
export function fill(text: string, vars?: Record<string, string | number>): string {
	if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
	return text;
}

export function translate(lang: Lang, key: StringKey, vars?: Record<string, string | number>): string {
	return fill(TABLES[lang][key], vars);
}

interface I18n {
	lang: Lang;
	setLang(lang: Lang): void;
	t(key: StringKey, vars?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
	const saved = localStorage.getItem(STORAGE_KEY);
	return saved === 'en' || saved === 'id' ? saved : 'id';
}

export function I18nProvider({ children }: { children: ReactNode }) {
	const [lang, setLangState] = useState<Lang>(initialLang);
	const setLang = useCallback((next: Lang) => {
		localStorage.setItem(STORAGE_KEY, next);
		document.documentElement.lang = next;
		setLangState(next);
	}, []);
	const value = useMemo<I18n>(
		() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
		[lang, setLang],
	);
	return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
	const ctx = useContext(I18nContext);
	if (!ctx) throw new Error('useI18n outside I18nProvider');
	return ctx;
}
