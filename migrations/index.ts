import type { MigrationInterface } from 'typeorm';
import { Initial1795643165610 } from './1795643165610-Initial';
import { PlansRoom1795643900643 } from './1795643900643-PlansRoom';
import { CollabDocuments1795643910348 } from './1795643910348-CollabDocuments';
import { IdempotencyKeys1795644022528 } from './1795644022528-IdempotencyKeys';
import { PlanTemplates1795644202700 } from './1795644202700-PlanTemplates';
import { PlanWork1795645220784 } from './1795645220784-PlanWork';
import { PlanReminders1795645450685 } from './1795645450685-PlanReminders';
import { MessagesRoom1795645567941 } from './1795645567941-MessagesRoom';
import { FilesRooms1795645587419 } from './1795645587419-FilesRooms';
import { LeadsDeals1795645590323 } from './1795645590323-LeadsDeals';
import { PlanVersions1795647150988 } from './1795647150988-PlanVersions';
import { ProjectsContacts1795647500306 } from './1795647500306-ProjectsContacts';
import { ActivityOwner1795653748778 } from './1795653748778-ActivityOwner';
import { FileUploadLease1795653752388 } from './1795653752388-FileUploadLease';
import { EntityThreads1795653900000 } from './1795653900000-EntityThreads';
import { LeadEmailStatistics1795655289825 } from './1795655289825-LeadEmailStatistics';
import { DirectoryVersion1795700000000 } from './1795700000000-DirectoryVersion';

// Every migration, in order. `npm run migration:generate` adds new ones here; landed ones are never edited.
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Initial1795643165610,
  PlansRoom1795643900643,
  CollabDocuments1795643910348,
  IdempotencyKeys1795644022528,
  PlanTemplates1795644202700,
  PlanWork1795645220784,
  PlanReminders1795645450685,
  MessagesRoom1795645567941,
  FilesRooms1795645587419,
  LeadsDeals1795645590323,
  PlanVersions1795647150988,
  ProjectsContacts1795647500306,
  ActivityOwner1795653748778,
  FileUploadLease1795653752388,
  EntityThreads1795653900000,
  LeadEmailStatistics1795655289825,
  DirectoryVersion1795700000000,
];
