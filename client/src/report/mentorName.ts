import { DISPLAY_NAME_MAX } from '@gladi/shared';
import { savedDisplayName } from '../displayName.ts';

/** The name this mentor last joined a room with: mentors share one link, so notes and scores say who wrote them. */
export function mentorName(): { mentorName?: string } {
	const name = savedDisplayName().trim().slice(0, DISPLAY_NAME_MAX);
	return name ? { mentorName: name } : {};
}
