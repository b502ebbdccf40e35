import { Role } from '../roles';

/**
 * Vendor announcements: the admin writes to any audience, a channel manager only to companies they own;
 * vendor staff read every announcement, partners only live ones that target their company.
 */
export const announcementWriters: readonly Role[] = ['admin', 'channel_manager'];
export const announcementAudienceWriters: readonly Role[] = ['admin'];
