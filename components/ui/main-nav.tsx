import Link from "next/link";

const LINKS = [
  { href: "/", label: "Workflows" },
  { href: "/incidents", label: "Incidents" },
  { href: "/sources", label: "Sources" },
  { href: "/discover", label: "Discover" },
];

/** The top bar: product name and the few places there are to go. */
export function MainNav() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3 sm:px-6"
      >
        <Link href="/" className="font-semibold tracking-tight">
          Asyncscope
        </Link>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link
                href={link.href}
                className="text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-300 dark:hover:text-white"
              >
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
