import { accountsEn, accountsId } from './accounts.ts';
import { catalogEn, catalogId } from './catalog.ts';
import { classesEn, classesId } from './classes.ts';
import { commonEn, commonId } from './common.ts';
import { networkEn, networkId } from './network.ts';
import { qosEn, qosId } from './qos.ts';
import { replayEn, replayId } from './replay.ts';
import { reportEn, reportId } from './report.ts';
import { stageEn, stageId } from './stage.ts';

/** All UI text, one module per area; every key exists in both languages (the types check it). */
export const id = { ...commonId, ...catalogId, ...stageId, ...reportId, ...replayId, ...classesId, ...accountsId, ...qosId, ...networkId };
export type StringKey = keyof typeof id;
export const en: Record<StringKey, string> = { ...commonEn, ...catalogEn, ...stageEn, ...reportEn, ...replayEn, ...classesEn, ...accountsEn, ...qosEn, ...networkEn };
