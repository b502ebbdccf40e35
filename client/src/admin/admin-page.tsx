import { Link } from '../app/router';
import { useWorkspace } from '../app/session-context';
import { ADMIN_SECTION_LABELS, adminSections, type AdminSection } from './admin-logic';
import { CompaniesPanel } from './companies-panel';
import { GroupsPanel } from './groups-panel';
import { PlansTable } from './plans-table';
import { RoomsPanel } from './rooms-panel';
import { TemplatesPanel } from './templates-panel';
import { UsersPanel } from './users-panel';

export const adminPath = (section: AdminSection) => `/admin/${section}`;

/** The vendor's workspace administration, one page per section, reachable only by the roles allowed it. */
export default function AdminPage({ section }: { section: string }) {
  const { me } = useWorkspace();
  const sections = adminSections(me.role);
  const current = sections.find((s) => s === section);
  if (!current)
    return (
      <section className="empty">
        <h1>Not found</h1>
        <p>This page does not exist, or you may not see it.</p>
      </section>
    );
  let body;
  switch (current) {
    case 'companies':
      body = <CompaniesPanel />;
      break;
    case 'groups':
      body = <GroupsPanel />;
      break;
    case 'users':
      body = <UsersPanel />;
      break;
    case 'rooms':
      body = <RoomsPanel />;
      break;
    case 'templates':
      body = <TemplatesPanel />;
      break;
    case 'plans':
      body = <PlansTable />;
      break;
  }
  return (
    <div className="admin">
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <Link href={adminPath(s)} aria-current={s === current ? 'page' : undefined}>
                {ADMIN_SECTION_LABELS[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{ADMIN_SECTION_LABELS[current]}</h1>
      {body}
    </div>
  );
}
