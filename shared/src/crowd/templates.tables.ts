import type { CrowdLang } from './types.ts';
import type { CrowdTemplate } from './templates.ts';
import { TEMPLATES_EN } from './templates.en.ts';
import { TEMPLATES_ID } from './templates.id.ts';

/** Every template by language (config.lang picks the table). */
export const CROWD_TEMPLATES: Readonly<Record<CrowdLang, readonly CrowdTemplate[]>> = { id: TEMPLATES_ID, en: TEMPLATES_EN };
