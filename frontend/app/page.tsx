'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/** The workbench opens on Sources & events. */
export default function Home() {
  const router = useRouter();
  useEffect(() => router.replace('/sources/'), [router]);
  return (
    <p>
      Opening <a href="/sources/">Sources &amp; events</a>…
    </p>
  );
}
