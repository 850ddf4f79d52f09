import { Anchor, Group, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OpportunityCard } from '../../../../core/contract/reports.ts';
import { FavoriteStar } from '../../../components/FavoriteStar.tsx';
import { Money } from '../../../components/Money.tsx';
import { formatDate, todayIso } from '../../../lib/format.ts';
import { OpportunityFlags } from '../../opportunities/components/OpportunityFlags.tsx';
import { StageBadge } from '../../opportunities/components/StageBadge.tsx';

/** A deal as Home lists it: what it is, for whom, how much, when it is decided, and what needs attention. */
export function OpportunityTile({ card, showOwner }: { card: OpportunityCard; showOwner: boolean }) {
  const isOverdue = card.decisionDate < todayIso();
  return (
    <Paper withBorder p="sm" radius="sm" component="article" aria-label={`${card.number} ${card.name}`}>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text size="xs" c="dimmed" truncate>
          {card.number}
        </Text>
        <FavoriteStar
          type="opportunity"
          id={card.id}
          isFavorite={card.isFavorite}
          label={`${card.number} ${card.name}`}
        />
      </Group>
      <Anchor component={Link} to={`/opportunities/${card.id}`} fw={600} size="sm" lineClamp={2}>
        {card.name}
      </Anchor>
      <Text size="xs" c="dimmed" truncate>
        <Anchor component={Link} to={`/clients/${card.clientId}`} size="xs" c="dimmed">
          {card.clientName}
        </Anchor>
        {showOwner ? ` · ${card.ownerName}` : ''}
      </Text>
      <Group justify="space-between" mt={6} wrap="nowrap" gap="xs">
        <Money size="sm" fw={500} amountMinor={card.amountMinor} currency={card.currency} />
        <Text size="xs" c={isOverdue ? 'red.7' : 'dimmed'} fw={isOverdue ? 600 : undefined}>
          {isOverdue ? 'Overdue · ' : ''}
          {formatDate(card.decisionDate)}
        </Text>
      </Group>
      <Group gap={4} mt={6}>
        <StageBadge label={card.stageLabel} outcome={card.outcome} />
        <OpportunityFlags
          isStale={card.isStale}
          passStatus={card.passStatus}
          mustReachClosing={card.mustReachClosing}
        />
      </Group>
    </Paper>
  );
}
