import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { favoriteListSchema } from '../../../../core/contract/favorites.ts';
import {
  notificationPageSchema,
  notificationReadResultSchema,
} from '../../../../core/contract/notifications.ts';
import { opportunityPageSchema } from '../../../../core/contract/opportunities.ts';
import { recentViewListSchema } from '../../../../core/contract/recent-views.ts';
import { homeSchema } from '../../../../core/contract/reports.ts';
import type { Role } from '../../../../core/roles.ts';
import { api } from '../../../api/client.ts';
import { notifyError } from '../../../api/notify.ts';

export type HomeScope = 'mine' | 'visible';

/** Managers and vendor staff may look beyond their own deals (SPEC §5 visibility); sellers see theirs. */
export function canChooseHomeScope(role: Role): boolean {
  return role !== 'seller';
}

/** Vendor reviewers and admins own no opportunities, so "mine" would always be empty for them. */
function defaultScope(role: Role): HomeScope {
  return role === 'vendor-reviewer' || role === 'admin' ? 'visible' : 'mine';
}

/** The Home scope lives in the URL (`?scope=visible`), so a reload or a shared link keeps it. */
export function useHomeScope(role: Role): [HomeScope, (scope: HomeScope) => void] {
  const [params, setParams] = useSearchParams();
  const fallback = defaultScope(role);
  const asked = params.get('scope');
  const scope: HomeScope =
    canChooseHomeScope(role) && (asked === 'mine' || asked === 'visible') ? asked : fallback;
  const setScope = (next: HomeScope) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (next === fallback) updated.delete('scope');
        else updated.set('scope', next);
        return updated;
      },
      { replace: true },
    );
  return [scope, setScope];
}

/** How many decisions due and stale deals Home lists; the rest are one "show all" away. */
export const homeListLimit = 6;

export function useHome(scope: HomeScope) {
  return useQuery({
    queryKey: ['home', scope],
    queryFn: () => api.get('/reports/home', homeSchema, { query: { scope, limit: homeListLimit } }),
    // Home is where people come back to after changing deals elsewhere: always ask again on return.
    staleTime: 0,
  });
}

/** SPEC §6: what waits in the firm's passed inbox (the same query as the list's inbox filter). */
export function usePassedInbox(firmId: number, isEnabled: boolean) {
  const query = { passStatus: 'pending', ownerFirmId: String(firmId), sort: '-createdAt' };
  return useQuery({
    queryKey: ['/opportunities', query],
    queryFn: () => api.get('/opportunities', opportunityPageSchema, { query: { ...query, limit: 5 } }),
    enabled: isEnabled,
    staleTime: 0,
  });
}

export function useFavorites() {
  return useQuery({ queryKey: ['favorites'], queryFn: () => api.get('/favorites', favoriteListSchema) });
}

export function useRecentViews() {
  return useQuery({
    queryKey: ['recent-views'],
    queryFn: () => api.get('/recent-views', recentViewListSchema, { query: { limit: 8 } }),
    staleTime: 0,
  });
}

export function useUnreadNotifications() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get('/notifications', notificationPageSchema, { query: { unread: true, limit: 10 } }),
    staleTime: 0,
  });
}

/** Marks the given notifications read, or all of mine when no ids are given. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[] | undefined) =>
      api.post('/notifications/read', notificationReadResultSchema, ids ? { ids } : {}),
    onError: (error) => notifyError(error, 'Not marked read'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
