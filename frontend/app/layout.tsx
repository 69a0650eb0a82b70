import type { ReactNode } from 'react';
import { Nav } from '../components/Nav';
import './globals.css';

export const metadata = { title: 'Vigie — SOC workbench', description: 'Open XDR / SOC platform' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <Nav />
          <main className="content">{children}</main>
        </div>
      </body>
    </html>
  );
}
