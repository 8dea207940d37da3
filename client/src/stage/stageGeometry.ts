/**
 * The stage every viewer watches: a portrait 9:16 frame (a phone held
 * upright) that the host's camera image covers, centred (`object-fit: cover`
 * on .stage-video), so a landscape camera loses its sides and a taller one its
 * top and bottom. StageFrame draws this shape; the host's viewer preview
 * measures by it.
 */
export const STAGE_ASPECT = { width: 9, height: 16 } as const;

/** "9:16", as the preview labels itself. */
export const STAGE_ASPECT_LABEL = `${STAGE_ASPECT.width}:${STAGE_ASPECT.height}`;

/** The CSS aspect-ratio of the frame. */
export const STAGE_ASPECT_CSS = `${STAGE_ASPECT.width} / ${STAGE_ASPECT.height}`;

/**
 * The whole camera image as the stage's cover scaling draws it, in stage
 * widths and heights, centred on the stage: a 1280x720 camera is 3.16 stage
 * widths wide (viewers see its middle 32%), a 9:16 camera exactly the stage.
 * Null while the camera's size is unknown.
 */
export function coveredCameraSize(cameraWidth: number, cameraHeight: number): { width: number; height: number } | null {
	if (!(cameraWidth > 0 && cameraHeight > 0)) return null;
	const camera = cameraWidth / cameraHeight;
	const stage = STAGE_ASPECT.width / STAGE_ASPECT.height;
	return camera >= stage ? { width: camera / stage, height: 1 } : { width: 1, height: stage / camera };
}
