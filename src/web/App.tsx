import { Center, Loader } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { AppError, ScreenError } from './components/ScreenError.tsx';
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

/** Every screen is its own chunk, loaded when first opened (route-level code splitting). */
function page<const Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return async () => ({ Component: (await load())[name] });
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInRoute />, errorElement: <AppError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    // A failure of the frame itself; a failing screen is caught below, inside the frame.
    errorElement: <AppError />,
    children: [
      {
        // Every screen fails on its own: the header and navigation stay, with a way back.
        errorElement: <ScreenError />,
        children: [
          { index: true, lazy: page(() => import('./features/home/pages/HomePage.tsx'), 'HomePage') },
          {
            path: 'clients',
            lazy: page(() => import('./features/clients/pages/ClientListPage.tsx'), 'ClientListPage'),
          },
          {
            path: 'clients/:id',
            lazy: page(() => import('./features/clients/pages/ClientOverviewPage.tsx'), 'ClientOverviewPage'),
          },
          {
            path: 'contacts',
            lazy: page(() => import('./features/contacts/pages/ContactListPage.tsx'), 'ContactListPage'),
          },
          {
            path: 'contacts/:id',
            lazy: page(
              () => import('./features/contacts/pages/ContactOverviewPage.tsx'),
              'ContactOverviewPage',
            ),
          },
          {
            path: 'opportunities',
            lazy: page(
              () => import('./features/opportunities/pages/OpportunityListPage.tsx'),
              'OpportunityListPage',
            ),
          },
          {
            path: 'opportunities/new',
            lazy: page(
              () => import('./features/opportunities/pages/NewOpportunityPage.tsx'),
              'NewOpportunityPage',
            ),
          },
          {
            path: 'opportunities/:id',
            lazy: page(
              () => import('./features/opportunities/pages/OpportunityOverviewPage.tsx'),
              'OpportunityOverviewPage',
            ),
          },
          { path: 'admin', element: <Navigate to="/admin/users" replace /> },
          {
            path: 'admin/:tab',
            lazy: page(() => import('./features/admin/pages/AdminPage.tsx'), 'AdminPage'),
          },
          {
            path: 'settings/defaults',
            lazy: page(() => import('./features/settings/pages/DefaultsPage.tsx'), 'DefaultsPage'),
          },
          {
            path: 'settings/tokens',
            lazy: page(() => import('./features/settings/pages/TokensPage.tsx'), 'TokensPage'),
          },
          {
            path: 'pipeline',
            lazy: page(() => import('./features/pipeline/pages/PipelineBoardPage.tsx'), 'PipelineBoardPage'),
          },
          {
            path: 'reports',
            lazy: page(() => import('./features/reports/pages/ReportsPage.tsx'), 'ReportsPage'),
          },
          {
            path: 'import',
            lazy: page(() => import('./features/import/pages/ImportPage.tsx'), 'ImportPage'),
          },
          { path: '*', lazy: page(() => import('./components/NotFoundPage.tsx'), 'NotFoundPage') },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
