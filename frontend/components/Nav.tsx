'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Workbench sections; those without `href` are on the roadmap and shown disabled. */
const SECTIONS: { label: string; href?: string }[] = [
  { label: 'Sources & events', href: '/sources/' },
  { label: 'Incidents', href: '/incidents/' },
  { label: 'Alerts' },
  { label: 'Rules' },
  { label: 'Hunting' },
  { label: 'KPIs' },
  { label: 'API security' },
];

export function Nav() {
  const path = usePathname();
  return (
    <nav className="nav" aria-label="Workbench">
      <div className="brand">
        <span className="logo" aria-hidden>
          ◉
        </span>{' '}
        Vigie
      </div>
      <ul>
        {SECTIONS.map((s) =>
          s.href ? (
            <li key={s.label}>
              <Link href={s.href} className={path?.startsWith(s.href.replace(/\/$/, '')) ? 'active' : ''}>
                {s.label}
              </Link>
            </li>
          ) : (
            <li key={s.label}>
              <span className="disabled" title="Not available yet">
                {s.label}
              </span>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
