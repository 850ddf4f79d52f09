import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { useMe } from './features/auth/hooks/useSession.ts';
import { SignInPage } from './features/auth/pages/SignInPage.tsx';

function RequireSession({ children }: { children: ReactNode }) {
  const { data: me, isLoading } = useMe();
  const location = useLocation();
  if (isLoading) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!me)
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}

function SignInRoute() {
  const { data: me, isLoading } = useMe();
  if (isLoading) return null;
  return me ? <Navigate to="/" replace /> : <SignInPage />;
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInRoute /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./features/home/pages/HomePage.tsx')).HomePage }),
      },
      {
        path: 'clients',
        lazy: async () => ({
          Component: (await import('./features/clients/pages/ClientListPage.tsx')).ClientListPage,
        }),
      },
      {
        path: 'contacts',
        lazy: async () => ({
          Component: (await import('./features/contacts/pages/ContactListPage.tsx')).ContactListPage,
        }),
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('./components/NotFoundPage.tsx')).NotFoundPage }),
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
