import { catalogEn, catalogId } from './catalog.ts';
import { classesEn, classesId } from './classes.ts';
import { commonEn, commonId } from './common.ts';
import { reportEn, reportId } from './report.ts';
import { stageEn, stageId } from './stage.ts';

/** All UI text, one module per area; every key exists in both languages (the types check it). */
export const id = { ...commonId, ...catalogId, ...stageId, ...reportId, ...classesId };
export type StringKey = keyof typeof id;
export const en: Record<StringKey, string> = { ...commonEn, ...catalogEn, ...stageEn, ...reportEn, ...classesEn };
