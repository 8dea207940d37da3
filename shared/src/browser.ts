import { z } from 'zod';

/*
 * Imported first by the browser client (before any schema is made): zod
 * builds its object parsers without `new Function`. The studio's
 * Content-Security-Policy has no 'unsafe-eval', and Chromium reports zod's
 * probe for it as a violation even though zod catches the refusal.
 */
z.config({ jitless: true });
