export * from './domain/roles.ts';
export * from './domain/room.ts';
export * from './protocol/errors.ts';
export * from './protocol/events.ts';
export * from './protocol/http.ts';
export * from './protocol/media.ts';
export * from './protocol/validate.ts';
