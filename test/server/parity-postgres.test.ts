/** The CLI on a SQLite file and through a server over a PostgreSQL database of the same content: parity.ts. */
import { describeWithPostgres, freshDatabase } from '../store/postgres.js';
import { parityTests } from './parity.js';

describeWithPostgres('served from PostgreSQL', () => parityTests(freshDatabase));
