import { GladiError, nodeStateBodySchema, parseOrThrow, type NodeListResponse } from '@gladi/shared';
import express, { type RequestHandler } from 'express';
import type { RoomPlacement } from '../cluster/roomPlacement.ts';
import { requireAdmin } from './auth.ts';

/** The server nodes, for admins: their load and health, and draining one (or taking it back). */
export function nodeRoutes(placement: RoomPlacement, limitWrites: RequestHandler): express.Router {
	const api = express.Router();

	api.get('/admin/nodes', async (_req, res) => {
		requireAdmin(res);
		const nodes = await placement.nodes();
		const body: NodeListResponse = { nodes: nodes.map((n) => ({ ...n, self: n.id === placement.nodeId })) };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	api.post('/admin/nodes/:id/state', limitWrites, async (req, res) => {
		requireAdmin(res);
		const { state } = parseOrThrow(nodeStateBodySchema, req.body, 'node state');
		if (!(await placement.setState(String(req.params.id), state))) throw new GladiError('node_not_found', 'no server node by that id');
		res.json({ id: String(req.params.id), state });
	});

	return api;
}
