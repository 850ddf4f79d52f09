import { Anchor, SimpleGrid } from '@mantine/core';
import { Link } from 'react-router';
import type { Home } from '../../../../core/contract/reports.ts';
import { formatDate } from '../../../lib/format.ts';
import type { HomeScope } from '../hooks/useHome.ts';
import { EmptyHint } from './EmptyHint.tsx';
import { HomeSection } from './HomeSection.tsx';
import { OpportunityTile } from './OpportunityTile.tsx';

/** SPEC §8 Home: open deals whose decision falls in this calendar quarter, soonest (and overdue) first. */
export function DecisionsDue({ due, scope }: { due: Home['decisionsDue']; scope: HomeScope }) {
  const query = new URLSearchParams({
    status: 'open',
    decisionFrom: due.from,
    decisionTo: due.to,
    sort: 'decisionDate',
  });
  if (scope === 'mine') query.set('mine', 'true');
  return (
    <HomeSection
      id="decisions-due"
      title={`Decisions due this quarter (${due.quarter})`}
      count={due.count}
      actions={
        due.count > 0 && (
          <Anchor component={Link} to={`/opportunities?${query.toString()}`} size="sm">
            Show all {due.count}
          </Anchor>
        )
      }
    >
      {due.items.length === 0 ? (
        <EmptyHint>
          No open deal is due for a decision between {formatDate(due.from)} and {formatDate(due.to)}. Give
          your opportunities a decision date to follow them here.
        </EmptyHint>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          {due.items.map((card) => (
            <OpportunityTile key={card.id} card={card} showOwner={scope === 'visible'} />
          ))}
        </SimpleGrid>
      )}
    </HomeSection>
  );
}
