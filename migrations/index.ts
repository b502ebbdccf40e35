import type { MigrationInterface } from 'typeorm';
import { Initial1795643165610 } from './1795643165610-Initial';

// Every migration, in order. `npm run migration:generate` adds new ones here; landed ones are never edited.
export const MIGRATIONS: Array<new () => MigrationInterface> = [Initial1795643165610];
