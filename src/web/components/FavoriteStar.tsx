import { ActionIcon, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FavoriteType } from '../../core/contract/favorites.ts';
import { api } from '../api/client.ts';
import { notifyError } from '../api/notify.ts';

type FavoriteStarProps = {
  type: FavoriteType;
  id: number;
  isFavorite: boolean;
  label: string;
  size?: 'sm' | 'md';
};

/** SPEC §8: a star on every client, contact and opportunity, wherever they appear. */
export function FavoriteStar({ type, id, isFavorite, label, size = 'sm' }: FavoriteStarProps) {
  const queryClient = useQueryClient();
  const [starred, setStarred] = useState(isFavorite);
  const [previous, setPrevious] = useState(isFavorite);
  if (previous !== isFavorite) {
    setPrevious(isFavorite);
    setStarred(isFavorite);
  }
  const toggle = useMutation({
    mutationFn: (next: boolean) =>
      next ? api.put(`/favorites/${type}/${id}`, null) : api.delete(`/favorites/${type}/${id}`),
    onMutate: (next) => setStarred(next),
    onError: (error, next) => {
      setStarred(!next);
      notifyError(error, 'The star was not saved');
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['favorites'] });
    },
  });
  const text = starred ? `Remove ${label} from favorites` : `Add ${label} to favorites`;
  return (
    <Tooltip label={starred ? 'Favorite' : 'Add to favorites'} openDelay={400}>
      <ActionIcon
        variant="subtle"
        color={starred ? 'yellow' : 'gray'}
        size={size}
        aria-label={text}
        aria-pressed={starred}
        onClick={(event) => {
          event.stopPropagation();
          toggle.mutate(!starred);
        }}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
          <path
            d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"
            fill={starred ? 'currentColor' : 'none'}
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
        </svg>
      </ActionIcon>
    </Tooltip>
  );
}
