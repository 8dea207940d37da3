/**
 * PostgreSQL's schema migrations, applied in order; schema_migrations records
 * which ran (version n is POSTGRES_MIGRATIONS[n - 1]). Append new ones; never
 * edit a released one. This history starts at the schema the SQLite store
 * (migrations.ts) reached after its own migrations, so it does not replay them.
 *
 * Types: epoch-ms times, prices and sizes are BIGINT (read as numbers), flags
 * BOOLEAN, copies of products and timeline data JSON (kept as written: key
 * order, and \u0000 escapes that JSONB refuses). `seq` columns keep the order
 * rows were written in, where SQLite reads its rowid.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
	// 1: accounts and their sign-in sessions, catalogs, rooms with their invites and copies of their products,
	// rehearsal sessions with their timelines, mentors' notes and rubric scores, classes, recordings.
	`CREATE TABLE accounts (
		id TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		username TEXT NOT NULL UNIQUE,
		display_name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('admin', 'mentor')),
		disabled BOOLEAN NOT NULL DEFAULT false,
		created_at BIGINT NOT NULL,
		last_login_at BIGINT
	);
	CREATE TABLE auth_sessions (
		token_hash TEXT PRIMARY KEY,
		account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		created_at BIGINT NOT NULL,
		expires_at BIGINT NOT NULL,
		last_seen_at BIGINT NOT NULL
	);
	CREATE INDEX auth_sessions_account ON auth_sessions(account_id);
	CREATE INDEX auth_sessions_expiry ON auth_sessions(expires_at);

	CREATE TABLE products (
		id TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		owner_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		price BIGINT NOT NULL CHECK (price > 0),
		category TEXT NOT NULL DEFAULT '',
		material TEXT NOT NULL DEFAULT '',
		image_url TEXT,
		created_at BIGINT NOT NULL,
		updated_at BIGINT NOT NULL
	);
	CREATE INDEX products_owner ON products(owner_id, created_at);
	CREATE TABLE variants (
		id TEXT PRIMARY KEY,
		product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		size TEXT,
		color TEXT,
		stock INTEGER NOT NULL CHECK (stock >= 0)
	);
	CREATE INDEX variants_product ON variants(product_id, position);

	CREATE TABLE rooms (
		code TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		title TEXT NOT NULL,
		owner_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
		class_id TEXT,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX rooms_owner ON rooms(owner_id, created_at);
	CREATE TABLE invites (
		token TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
		role TEXT NOT NULL CHECK (role IN ('host', 'mentor', 'buyer')),
		issued_at BIGINT NOT NULL,
		member_id TEXT
	);
	CREATE INDEX invites_room ON invites(room_code, seq);
	CREATE TABLE room_products (
		room_code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		product_id TEXT NOT NULL,
		data JSON NOT NULL,
		PRIMARY KEY (room_code, product_id)
	);

	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		room_code TEXT NOT NULL,
		title TEXT NOT NULL,
		host_name TEXT NOT NULL,
		started_at BIGINT NOT NULL,
		ended_at BIGINT,
		class_id TEXT,
		member_id TEXT
	);
	CREATE INDEX sessions_room ON sessions(room_code, started_at);
	CREATE INDEX sessions_member ON sessions(member_id, started_at);
	CREATE INDEX sessions_class ON sessions(class_id, started_at);
	CREATE INDEX sessions_open ON sessions(id) WHERE ended_at IS NULL;
	CREATE TABLE session_events (
		seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		at BIGINT NOT NULL,
		type TEXT NOT NULL,
		data JSON NOT NULL
	);
	CREATE INDEX session_events_session ON session_events(session_id, seq);
	CREATE TABLE notes (
		id TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		at BIGINT NOT NULL,
		mentor_name TEXT NOT NULL,
		text TEXT NOT NULL,
		tags TEXT[] NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX notes_session ON notes(session_id, at);
	CREATE TABLE rubric_scores (
		session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
		-- Byte order, as SQLite sorts: the scores are listed by criterion.
		criterion TEXT COLLATE "C" NOT NULL,
		level SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 4),
		mentor_name TEXT NOT NULL,
		updated_at BIGINT NOT NULL,
		PRIMARY KEY (session_id, criterion)
	);

	CREATE TABLE classes (
		id TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		name TEXT NOT NULL,
		owner_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
		mentor_token TEXT NOT NULL UNIQUE,
		turn_seconds INTEGER NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX classes_owner ON classes(owner_id, created_at);
	CREATE TABLE class_members (
		id TEXT PRIMARY KEY,
		class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		token TEXT NOT NULL UNIQUE,
		room_code TEXT NOT NULL,
		position INTEGER NOT NULL
	);
	CREATE INDEX class_members_class ON class_members(class_id, position);
	CREATE TABLE class_turns (
		room_code TEXT PRIMARY KEY,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
		turn_index INTEGER NOT NULL,
		turn_started_at BIGINT NOT NULL
	);
	CREATE INDEX class_turns_class ON class_turns(class_id, seq);

	CREATE TABLE recordings (
		session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
		seq BIGINT GENERATED ALWAYS AS IDENTITY,
		dir TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('recording', 'ready', 'failed')),
		file TEXT,
		mime_type TEXT,
		started_at BIGINT,
		duration_ms BIGINT,
		size_bytes BIGINT NOT NULL DEFAULT 0,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX recordings_created ON recordings(created_at);`,
	// 2: several nodes: each node's row (its URL, state and load, refreshed by its heartbeat), and which
	// node runs each room in use (a lease with an epoch that grows with every new holder)
	`CREATE TABLE nodes (
		id TEXT PRIMARY KEY,
		url TEXT NOT NULL,
		state TEXT NOT NULL CHECK (state IN ('active', 'draining')),
		consumers INTEGER NOT NULL DEFAULT 0,
		cpu REAL NOT NULL DEFAULT 0,
		started_at BIGINT NOT NULL,
		heartbeat_at TIMESTAMPTZ NOT NULL
	);
	CREATE TABLE room_leases (
		code TEXT PRIMARY KEY REFERENCES rooms(code) ON DELETE CASCADE,
		node_id TEXT NOT NULL,
		epoch BIGINT NOT NULL,
		lease_until TIMESTAMPTZ NOT NULL
	);
	CREATE INDEX room_leases_node ON room_leases(node_id);
	ALTER TABLE recordings ADD COLUMN node_id TEXT;
	-- What every node signs with (people's ids must pass on whichever node they reconnect to).
	CREATE TABLE studio_secrets (
		name TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);`,
];
