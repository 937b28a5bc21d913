/** The CLI on a SQLite file and through a server over a file of the same content: parity.ts. */
import { parityTests } from './parity.js';

parityTests();
