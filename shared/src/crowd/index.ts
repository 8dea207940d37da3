/** The simulated crowd's public API (the contract itself is in types.ts). */
export { CrowdEngine } from './engine.ts';
export {
	CROWD_PRESETS,
	MAX_COMMENTS_PER_MINUTE,
	defaultCrowdConfig,
	normalizeCrowdConfig,
	resolvePersonaWeights,
	type CrowdPreset,
} from './presets.ts';
export {
	TEMPLATE_MOMENTS,
	TEMPLATE_SLOTS,
	type CrowdTemplate,
	type TemplateMoment,
	type TemplateSlot,
} from './templates.ts';
export { CROWD_TEMPLATES } from './templates.tables.ts';
export { TEMPLATES_EN } from './templates.en.ts';
export { TEMPLATES_ID } from './templates.id.ts';
export { CROWD_TEXT_MAX, renderTemplate, slotValues, type FillContext, type SlotValues } from './render.ts';
