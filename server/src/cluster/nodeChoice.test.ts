import { describe, expect, it } from 'vitest';
import { chooseNode, type NodeView } from './nodeChoice.ts';

const node = (id: string, load: Partial<NodeView['load']> = {}, extra: Partial<NodeView> = {}): NodeView => ({
	id,
	url: `http://${id}.test`,
	state: 'active',
	healthy: true,
	load: { rooms: 0, consumers: 0, cpu: 0.1, ...load },
	...extra,
});

describe('chooseNode', () => {
	it('picks the node with the fewest rooms and consumers', () => {
		expect(chooseNode([node('a', { rooms: 3 }), node('b', { rooms: 1 })])?.id).toBe('b');
		expect(chooseNode([node('a', { rooms: 1, consumers: 40 }), node('b', { rooms: 2, consumers: 2 })])?.id).toBe('b');
	});

	it('breaks ties by id, so every node answers the same', () => {
		expect(chooseNode([node('b'), node('a'), node('c')])?.id).toBe('a');
	});

	it('never picks a dead or draining node', () => {
		expect(chooseNode([node('a', {}, { healthy: false }), node('b', { rooms: 9 })])?.id).toBe('b');
		expect(chooseNode([node('a', {}, { state: 'draining' }), node('b', { rooms: 9 })])?.id).toBe('b');
		expect(chooseNode([node('a', {}, { state: 'draining' }), node('b', {}, { healthy: false })])).toBeUndefined();
		expect(chooseNode([])).toBeUndefined();
	});

	it('avoids a node past the CPU limit while another is under it', () => {
		expect(chooseNode([node('a', { cpu: 0.95 }), node('b', { rooms: 5, cpu: 0.5 })])?.id).toBe('b');
		// All hot: the load score decides again.
		expect(chooseNode([node('a', { cpu: 0.95 }), node('b', { rooms: 5, cpu: 0.9 })])?.id).toBe('a');
	});
});
