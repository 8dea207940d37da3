/**
 * A node's hold on a room: the lease's epoch as the database gave it.
 * Writes made for the room carry it, so a node that lost the room (it was
 * paused, cut off, presumed dead) cannot write over its new owner.
 */
export interface Fence {
	code: string;
	nodeId: string;
	epoch: number;
}
