import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/client.ts';

/** Records that the user opened an overview, for "Recently viewed" on Home (SPEC §8). */
export function useRecordView(
  type: 'client' | 'contact' | 'opportunity',
  id: number,
  isLoaded: boolean,
): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!isLoaded || !Number.isInteger(id)) return;
    api
      .post('/recent-views', null, { type, id })
      .then(() => queryClient.invalidateQueries({ queryKey: ['recent-views'] }))
      .catch(() => {
        // Remembering a view is a convenience; a failure here must not disturb the screen.
      });
  }, [type, id, isLoaded, queryClient]);
}
