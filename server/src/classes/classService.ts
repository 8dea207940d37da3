import {
	classLink,
	GladiError,
	inviteLink,
	reportPath,
	type ClassCreatedResponse,
	type ClassMemberView,
	type ClassOverview,
	type ClassRoomView,
	type ClassSessionSummary,
	type SessionInfo,
	type createClassBodySchema,
} from '@gladi/shared';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { SessionReports } from '../reports/sessionReports.ts';
import { newInviteToken, type RoomRegistry } from '../rooms/roomRegistry.ts';
import { newId } from '../store/ids.ts';
import type { MemberRecord, Store, TurnRecord } from '../store/store.ts';

/** Every mentor's overview polls every few seconds: a live turn's summary may be this old. */
const LIVE_SUMMARY_MAX_AGE_MS = 5_000;

export type ClassAccess = { kind: 'mentor'; classId: string } | { kind: 'member'; classId: string; member: MemberRecord };

/**
 * Classes: a roster split into practice rooms that run at once. In each room
 * the members take turns as host (the others join as buyers); the mentor
 * advances the turn, which hands the room's host link to the next member.
 */
export class ClassService {
	readonly #store: Store;
	readonly #registry: RoomRegistry;
	readonly #reports: SessionReports;
	readonly #log: Logger;

	constructor(store: Store, registry: RoomRegistry, reports: SessionReports, log: Logger) {
		this.#store = store;
		this.#registry = registry;
		this.#reports = reports;
		this.#log = log;
	}

	/** A mentor's class, its practice rooms (with their invites), members and turns: all saved, or none. */
	create(ownerId: string, body: z.output<typeof createClassBodySchema>): Promise<ClassCreatedResponse> {
		return this.#store.transaction((tx) => this.#create(tx, ownerId, body));
	}

	async #create(tx: Store, ownerId: string, body: z.output<typeof createClassBodySchema>): Promise<ClassCreatedResponse> {
		const id = newId('k');
		const mentorToken = newInviteToken();
		const roomCount = Math.min(body.rooms, body.members.length);
		const now = Date.now();
		const memberIds = body.members.map(() => newId('m'));
		// Round-robin: groups of equal size, in roster order; room i's first host is member i.
		const codes: string[] = [];
		for (let i = 0; i < roomCount; i++) {
			const title = roomCount > 1 ? `${body.name} · Ruang ${i + 1}` : body.name;
			codes.push((await this.#registry.create(ownerId, title, { productIds: body.productIds, classId: id, hostMemberId: memberIds[i]! }, tx)).code);
		}
		const members: MemberRecord[] = body.members.map((name, i) => ({
			id: memberIds[i]!,
			classId: id,
			name,
			token: newInviteToken(),
			roomCode: codes[i % roomCount]!,
			position: i,
		}));
		const turns: TurnRecord[] = codes.map((roomCode) => ({ roomCode, classId: id, turnIndex: 0, turnStartedAt: now }));
		await tx.classes.createClass({ id, name: body.name, ownerId, mentorToken, turnSeconds: body.turnMinutes * 60, createdAt: now }, members, turns);
		this.#log.info({ classId: id, members: members.length, rooms: roomCount }, 'class created');
		return {
			id,
			name: body.name,
			mentorLink: classLink(id, mentorToken),
			members: members.map((m) => ({ id: m.id, name: m.name, link: classLink(id, m.token) })),
		};
	}

	/** Who may see the class: its owner (signed in), or whoever holds its mentor link or a member's link. */
	async access(classId: string, token: string, accountId: string | null = null): Promise<ClassAccess | null> {
		const c = await this.#store.classes.getClass(classId);
		if (!c) return null;
		if (accountId !== null && c.ownerId === accountId) return { kind: 'mentor', classId };
		if (!token) return null;
		if (token === c.mentorToken) return { kind: 'mentor', classId };
		const member = await this.#store.classes.memberByToken(token);
		return member && member.classId === classId ? { kind: 'member', classId, member } : null;
	}

	/** Any class token (mentor or member), for reports and progress. */
	async accessByToken(token: string): Promise<ClassAccess | null> {
		const member = await this.#store.classes.memberByToken(token);
		return member ? { kind: 'member', classId: member.classId, member } : null;
	}

	async view(access: ClassAccess): Promise<ClassOverview | ClassMemberView> {
		const c = (await this.#store.classes.getClass(access.classId))!;
		const [members, turns] = await Promise.all([this.#store.classes.members(c.id), this.#store.classes.turns(c.id)]);
		const roomView = async (turn: TurnRecord): Promise<ClassRoomView> => {
			// Read from memory or the store: the overview's polls must not load rooms (nor care which node runs them).
			return {
				code: turn.roomCode,
				title: (await this.#store.rooms.getRoom(turn.roomCode))?.title ?? '',
				status: await this.#registry.statusOf(turn.roomCode),
				members: members.filter((m) => m.roomCode === turn.roomCode).map((m) => ({ id: m.id, name: m.name })),
				turnIndex: turn.turnIndex,
				turnStartedAt: turn.turnStartedAt,
			};
		};
		if (access.kind === 'member') {
			const turn = turns.find((t) => t.roomCode === access.member.roomCode)!;
			const room = await roomView(turn);
			const myTurn = room.members[turn.turnIndex]?.id === access.member.id;
			return {
				kind: 'member',
				id: c.id,
				name: c.name,
				turnSeconds: c.turnSeconds,
				member: { id: access.member.id, name: access.member.name },
				room,
				myTurn,
				joinLink: await this.#roomLink(turn.roomCode, myTurn ? 'host' : 'buyer'),
				sessions: await this.#summaries(await this.#store.sessions.sessionsOfMember(access.member.id), () => access.member.token),
			};
		}
		return {
			kind: 'mentor',
			id: c.id,
			name: c.name,
			turnSeconds: c.turnSeconds,
			rooms: await Promise.all(turns.map(async (t) => ({ ...(await roomView(t)), mentorLink: await this.#roomLink(t.roomCode, 'mentor') }))),
			members: await Promise.all(
				members.map(async (m) => ({
					id: m.id,
					name: m.name,
					roomCode: m.roomCode,
					link: classLink(c.id, m.token),
					sessions: await this.#summaries(await this.#store.sessions.sessionsOfMember(m.id), (s) => this.#tokenOf(s.roomCode, 'mentor')),
				})),
			),
		};
	}

	/** The next member's turn in a room: the host link changes hands and the current live ends. */
	async advance(classId: string, roomCode: string): Promise<void> {
		const turn = await this.#store.classes.turnOf(roomCode);
		if (!turn || turn.classId !== classId) throw new GladiError('class_room_not_found', 'no such room in this class');
		const inRoom = (await this.#store.classes.members(classId)).filter((m) => m.roomCode === roomCode);
		const next = (turn.turnIndex + 1) % inRoom.length;
		// The new host link (issued for the next member) and the turn change together, or not at all.
		const oldHostTokens = await this.#store.transaction(async (tx) => {
			const old = await this.#registry.replaceInvites(roomCode, ['host'], inRoom[next]?.id ?? null, tx);
			await tx.classes.setTurn(roomCode, next, Date.now());
			return old;
		});
		// The host is told their turn is over; connections still open on the old host link (even ones that never joined) go too.
		await this.#registry.endTurn(roomCode);
		await this.#registry.revokeTokens(roomCode, oldHostTokens);
		this.#log.info({ classId, room: roomCode, host: inRoom[next]?.name }, 'turn advanced');
	}

	async #roomLink(code: string, role: 'host' | 'mentor' | 'buyer'): Promise<string> {
		return inviteLink(code, role, await this.#tokenOf(code, role));
	}

	async #tokenOf(code: string, role: 'host' | 'mentor' | 'buyer'): Promise<string> {
		return (await this.#store.rooms.invitesOf(code)).find((i) => i.role === role)?.token ?? '';
	}

	#summaries(sessions: SessionInfo[], tokenFor: (s: SessionInfo) => string | Promise<string>): Promise<ClassSessionSummary[]> {
		return Promise.all(sessions.map(async (s) => {
			const r = await this.#reports.report(s, LIVE_SUMMARY_MAX_AGE_MS);
			return {
				sessionId: s.id,
				startedAt: s.startedAt,
				durationMs: r.session.durationMs,
				answeredShare: r.questions.answeredShare,
				orders: r.sales.orders,
				rubricTotal: r.rubric.total,
				rubricMax: r.rubric.max,
				reportLink: reportPath(s.id, await tokenFor(s)),
			};
		}));
	}
}
